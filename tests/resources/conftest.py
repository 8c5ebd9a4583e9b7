"""The small city with resource budgets and requests for October 2026.

历下中心 keeps the stock (its accounting support center: 孙支撑, back office, login
``support``); 网格X asks for SMS and gifts, 网格Y for SMS only; 网格Z asks for nothing.
"""

from __future__ import annotations

from datetime import date

import pytest

OCT = date(2026, 10, 1)


@pytest.fixture
def res_city(city):
    return build(city)


def build(city):
    from django.contrib.auth import get_user_model

    from tests.conftest import D0, PASSWORD
    from wangge.org.models import Assignment, Person
    from wangge.org.roles import grant_role
    from wangge.resources.models import Budget, Request, Stock

    u = city["units"]
    user = get_user_model().objects.create_user("support", password=PASSWORD)
    grant_role(user, "back_office")
    p = Person.objects.create(staff_no="S007", name="孙支撑", post="back_office",
                              role="back_office", user=user)  # fmt: skip
    Assignment.objects.create(person=p, unit=u["lixia"], post="back_office", valid_from=D0)
    Budget.objects.create(month=OCT, kind="sms", amount_cents=100_000, base_share="0.3")
    Budget.objects.create(month=OCT, kind="gift", amount_cents=50_000, base_share="0.3")
    Request.objects.create(unit=u["x"], month=OCT, kind="sms", amount_cents=80_000)
    Request.objects.create(unit=u["y"], month=OCT, kind="sms", amount_cents=80_000,
                           min_cents=30_000)  # fmt: skip
    Request.objects.create(unit=u["x"], month=OCT, kind="gift", amount_cents=60_000)
    stock = Stock.objects.create(holder=u["lixia"], kind="gift", item="保温杯", quantity=100,
                                 unit_value_cents=2_500)  # fmt: skip
    city["people"]["support"] = p
    city["stock"] = stock
    return city
