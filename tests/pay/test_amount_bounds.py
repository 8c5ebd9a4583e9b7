"""Amounts beyond a sane bound are refused with the bound, never stored (or a 500).

The old pay-base import took ¥10^23 and answered 500 when the database overflowed.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.pay.editor import split_post
from tests.pay.test_imports import counts, refused, sheet

OCT = date(2026, 10, 1)


def test_a_pay_base_of_ten_to_the_23_is_refused_naming_the_bound(pay_city):
    errors = refused("bases", [["SZ", "", "B", "1" + "0" * 23, 0]])
    assert errors == [
        "bases.xlsx, row 2, column 基数(元) base (yuan): ¥100,000,000,000,000,000,000,000.00"
        " is beyond the largest pay base accepted (¥1,000,000,000.00)"
    ]


def test_revenue_and_budget_have_their_bounds(pay_city):
    assert (
        "largest revenue budget accepted (¥10,000,000,000.00)"
        in refused("bases", [["SZ", "", "B", 1000, "20000000000"]])[0]
    )
    assert (
        "largest revenue accepted (¥10,000,000,000.00)"
        in refused("revenue", [["SZ", "", "10000000000.01"]])[0]
    )


def test_the_bound_itself_is_accepted(pay_city):
    from wangge.pay.imports import import_file
    from wangge.pay.models import UnitPayBase

    before = counts()
    import_file("bases", sheet("bases", [["SZ", "", "B", 10**9, 0]]), OCT)
    assert counts() != before
    assert UnitPayBase.objects.filter(base_cents=10**11).exists()


def test_the_editor_refuses_a_huge_discretionary_amount(pools, pay_city, login):
    from wangge.pay.models import Distribution, PayLine

    p, u = pay_city["people"], pay_city["units"]
    c = login("director")
    c.post(f"/pay/units/{u['lixia'].pk}/start/", {"month": "2026-10"})
    d = Distribution.objects.get()
    lines = list(PayLine.objects.order_by("pk").values_list())
    form = split_post({p["gm_y"].pk: ("1" + "0" * 23, "冲刺")})
    r = c.post(f"/pay/distributions/{d.pk}/edit/", form)
    assert r.status_code == 200
    assert "赵网格 (S003): ¥100,000,000,000,000,000,000,000.00 is beyond the largest" in (
        r.content.decode()
    )
    assert list(PayLine.objects.order_by("pk").values_list()) == lines


def test_the_service_refuses_it_too(pools, pay_city):
    from wangge.pay.refusals import PayRefused
    from wangge.pay.workflow import save_draft, start_draft

    p, u = pay_city["people"], pay_city["units"]
    d = start_draft(p["director"].user, u["lixia"], OCT)
    with pytest.raises(PayRefused) as exc:
        save_draft(p["director"].user, d, {p["gm_y"].pk: (10**25, "冲刺")})
    assert exc.value.messages == [
        "历下中心 · 赵网格 (S003): ¥100,000,000,000,000,000,000,000.00 is beyond the largest"
        " discretionary amount accepted (¥10,000,000.00)"
    ]


def test_the_editor_refuses_a_row_for_someone_outside_the_team(pools, pay_city, login):
    from wangge.pay.models import Distribution, PayLine

    p, u = pay_city["people"], pay_city["units"]
    c = login("director")
    c.post(f"/pay/units/{u['lixia'].pk}/start/", {"month": "2026-10"})
    d = Distribution.objects.get()
    lines = list(PayLine.objects.order_by("pk").values_list())
    form = split_post({p["marketing"].pk: ("100", "冲刺"), p["gm_y"].pk: ("100", "冲刺")})
    r = c.post(f"/pay/distributions/{d.pk}/edit/", form)
    assert r.status_code == 200
    assert "person: Select a valid choice" in r.content.decode()
    assert list(PayLine.objects.order_by("pk").values_list()) == lines


def test_the_editor_refuses_a_person_given_twice(pools, pay_city, login):
    from wangge.pay.models import Distribution, PayLine

    p, u = pay_city["people"], pay_city["units"]
    c = login("director")
    c.post(f"/pay/units/{u['lixia'].pk}/start/", {"month": "2026-10"})
    d = Distribution.objects.get()
    lines = list(PayLine.objects.order_by("pk").values_list())
    form = split_post({p["gm_y"].pk: ("100", "冲刺")})
    form |= {"split-TOTAL_FORMS": "2", "split-1-person": str(p["gm_y"].pk), "split-1-disc": "9"}
    r = c.post(f"/pay/distributions/{d.pk}/edit/", form)
    assert r.status_code == 200
    assert "赵网格 (S003): given twice" in r.content.decode()
    assert list(PayLine.objects.order_by("pk").values_list()) == lines
