"""Pay lines follow the payslip rule on every surface (``wangge.pay.access``).

A back-office clerk assigned to 历下中心 sees their own payslip only. Being assigned
to the unit is not enough to read its people's pay: that needs ``pay.read_unit``
(a director for their center, marketing and auditors for the city).
"""

from __future__ import annotations

from datetime import date

import pytest

OCT = date(2026, 10, 1)


@pytest.fixture
def approved(pools, pay_city):
    from wangge.pay.workflow import decide, save_draft, start_draft, submit

    u, p = pay_city["units"], pay_city["people"]
    d = start_draft(p["director"].user, u["lixia"], OCT)
    reason = "完成移动新增"
    d = save_draft(
        p["director"].user,
        d,
        {
            p["gm_x"].pk: (300_000, reason),
            p["cm_x"].pk: (200_000, reason),
            p["gm_y"].pk: (184_000, reason),
        },
    )
    return decide(p["marketing"].user, submit(p["director"].user, d), True)


@pytest.fixture
def clerk(pay_city, django_user_model, password):
    """孙支撑, back office of 历下中心, with the login ``clerk``."""
    from wangge.org.models import Assignment, Person
    from wangge.org.roles import grant_role

    user = django_user_model.objects.create_user("clerk", password=password)
    grant_role(user, "back_office")
    person = Person.objects.create(
        staff_no="S007", name="孙支撑", post="back_office", role="back_office", user=user
    )
    Assignment.objects.create(
        person=person,
        unit=pay_city["units"]["lixia"],
        post="back_office",
        valid_from=date(2025, 1, 1),
    )
    return person


def test_back_office_reads_no_team_lines_through_the_distribution_api(approved, clerk, login):
    c = login("clerk")
    assert c.get(f"/api/pay/distributions/{approved.pk}/").status_code == 404
    assert c.get("/api/pay/distributions/?month=2026-10").json()["count"] == 0


def test_back_office_cannot_open_the_distribution_page(approved, clerk, login):
    assert login("clerk").get(f"/pay/distributions/{approved.pk}/").status_code == 404


def test_back_office_cannot_export_the_units_payroll(approved, clerk, login, pay_city):
    lixia = pay_city["units"]["lixia"]
    c = login("clerk")
    for fmt in ("xlsx", "csv"):
        assert c.get(f"/pay/export/2026-10/?unit={lixia.pk}&format={fmt}").status_code == 404
    assert c.get("/pay/export/2026-10/").status_code == 404


def test_back_office_still_reads_no_colleagues_payslip(approved, clerk, login, pay_city):
    gm_x = pay_city["people"]["gm_x"]
    assert login("clerk").get(f"/pay/payslip/2026-10/{gm_x.pk}/").status_code == 404


def test_the_director_reads_the_centers_pay_on_all_three_surfaces(approved, login, pay_city):
    lixia = pay_city["units"]["lixia"]
    c = login("director")
    one = c.get(f"/api/pay/distributions/{approved.pk}/").json()
    assert sum(ln["amount_cents"] for ln in one["lines"]) == 3_420_000
    assert c.get(f"/pay/distributions/{approved.pk}/").status_code == 200
    assert c.get(f"/pay/export/2026-10/?unit={lixia.pk}&format=csv").status_code == 200
    # the whole city's payroll is not the director's
    assert c.get("/pay/export/2026-10/").status_code == 404


def test_a_director_cannot_export_another_centers_payroll(approved, login, pay_city):
    shizhong = pay_city["units"]["shizhong"]
    assert login("director").get(f"/pay/export/2026-10/?unit={shizhong.pk}").status_code == 404


def test_may_read_unit_pay_needs_the_action_and_the_unit_in_scope(approved, clerk, pay_city):
    from wangge.pay.access import may_read_unit_pay

    u, p = pay_city["units"], pay_city["people"]
    assert not may_read_unit_pay(clerk.user, u["lixia"])
    assert not may_read_unit_pay(p["gm_x"].user, u["x"])
    assert may_read_unit_pay(p["director"].user, u["lixia"])
    assert not may_read_unit_pay(p["director"].user, u["shizhong"])
    assert may_read_unit_pay(p["auditor"].user, u["shizhong"].pk)
    assert may_read_unit_pay(None, u["shizhong"])  # a batch run acts for the company
