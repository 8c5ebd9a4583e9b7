"""Attendance all or nothing (hours that do not add up are refused by name), the hours
of the year against the minimum, who reads whose hours, and the export."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied

from tests.people.conftest import DAY
from wangge.people import training
from wangge.people.models import Attendance, Session
from wangge.people.refusals import PeopleRefused

JSON = {"content_type": "application/json"}


def test_the_director_records_the_sessions_attendance(people_city):
    p = people_city["people"]
    rows = training.record_attendance(
        p["director"].user,
        people_city["session"],
        [(p["gm_x"], Decimal(8)), (p["cm_x"], Decimal("7.5"))],
    )
    assert [r.hours for r in rows] == [Decimal(8), Decimal("7.5")]


def test_hours_over_a_day_are_refused_naming_the_person_and_nothing_is_written(people_city):
    p, u = people_city["people"], people_city["units"]
    user = p["director"].user
    training.record_attendance(user, people_city["session"], [(p["gm_x"], Decimal(8))])
    other = Session.objects.create(course=people_city["courses"]["it"], unit=u["lixia"],
                                   day=DAY, hours=Decimal(16))  # fmt: skip
    third = Session.objects.create(course=people_city["courses"]["it"], unit=u["lixia"],
                                   day=DAY, hours=Decimal(16))  # fmt: skip
    training.record_attendance(user, other, [(p["gm_x"], Decimal(10))])
    with pytest.raises(PeopleRefused) as err:
        training.record_attendance(user, third, [(p["cm_x"], Decimal(2)), (p["gm_x"], Decimal(7))])
    assert err.value.field == "hours" and "王网格" in err.value.message
    assert "25" in err.value.message and "2026-10-08" in err.value.message
    assert not Attendance.objects.filter(session=third).exists()  # cm_x's 2 h neither
    with pytest.raises(PeopleRefused, match="16"):
        training.record_attendance(user, other, [(p["cm_x"], Decimal(17))])  # over the session


def test_people_out_of_scope_and_roles_without_the_action_are_refused(people_city):
    p = people_city["people"]
    with pytest.raises(PeopleRefused) as err:
        training.record_attendance(p["director"].user, people_city["session"],
                                   [(p["cm_z"], Decimal(1))])  # fmt: skip
    assert err.value.field == "person"
    with pytest.raises(PermissionDenied):
        training.record_attendance(p["cm_x"].user, people_city["session"],
                                   [(p["cm_x"], Decimal(1))])  # fmt: skip
    assert not Attendance.objects.exists()


def test_the_hours_of_the_year_against_the_minimum_pro_rata(people_city):
    p = people_city["people"]
    training.record_attendance(p["director"].user, people_city["session"],
                               [(p["gm_x"], Decimal(8))])  # fmt: skip
    rows = {r.person.name: r for r in training.hours_rows(p["director"].user, date(2026, 10, 1))}
    assert rows["王网格"].done == 8 and rows["王网格"].expected == Fraction(100, 3)
    assert rows["李社区"].short and rows["李社区"].missing == rows["李社区"].expected
    assert "钱社区" not in rows  # not in 历下中心
    mine = training.hours_rows(p["cm_x"].user, date(2026, 10, 1))
    assert [r.person.name for r in mine] == ["李社区"]  # a front-line person reads only their own


def test_pages_api_and_export(people_city, login):
    from openpyxl import load_workbook

    p = people_city["people"]
    client = login("director")
    session = people_city["session"]
    body = {"lines": [{"person": p["gm_x"].pk, "hours": "8"}]}
    ok = client.post(f"/api/people/sessions/{session.pk}/attend/", body, **JSON)
    assert ok.status_code == 200
    over = client.post(
        f"/api/people/sessions/{session.pk}/attend/",
        {"lines": [{"person": p["cm_x"].pk, "hours": "9"}]},
        **JSON,
    )
    assert over.status_code == 400 and "hours" in over.json()
    away = client.post(
        f"/api/people/sessions/{session.pk}/attend/",
        {"lines": [{"person": p["cm_z"].pk, "hours": "1"}]},
        **JSON,
    )
    assert away.status_code == 400 and "person" in away.json()
    page = client.get("/people/training/?month=2026-10").content.decode()
    assert "团队学时" in page or "王网格" in page
    hours = client.get("/api/people/hours/?month=2026-10").json()
    assert {h["name"]: h["done"] for h in hours}["王网格"] == 8.0
    assert client.get("/api/people/hours/?month=2026-13").status_code == 400
    sheet = client.get("/people/training/export/?month=2026-10")
    assert sheet.status_code == 200
    rows = list(load_workbook(BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert rows[0][0] and any(r[1] == "王网格" and r[3] == 8 for r in rows[1:])
    assert login("cm_x").get("/people/training/export/").status_code == 403


def test_the_page_form_records_and_refuses(people_city, login):
    p = people_city["people"]
    client = login("director")
    session = people_city["session"]
    answer = client.post(
        "/people/training/attend/",
        {"session": session.pk, "person": [p["gm_x"].pk, p["cm_x"].pk], "hours": "25"},
        follow=True,
    )
    assert answer.status_code == 200 and not Attendance.objects.exists()
    client.post("/people/training/attend/", {"session": session.pk,
                "person": [p["cm_z"].pk], "hours": "2"})  # fmt: skip
    assert not Attendance.objects.exists()
    client.post("/people/training/attend/", {"session": session.pk,
                "person": [p["gm_x"].pk], "hours": "2"})  # fmt: skip
    assert Attendance.objects.get().hours == 2


def test_the_hours_go_to_pay_through_pays_own_input_sheet(people_city, login):
    from wangge.pay.config import config
    from wangge.pay.imports import import_file
    from wangge.pay.models import PersonMonth

    p = people_city["people"]
    training.record_attendance(p["director"].user, people_city["session"],
                               [(p["gm_x"], Decimal("7.5"))])  # fmt: skip
    client = login("director")
    assert client.get("/people/training/pay-sheet/?month=2026-10").status_code == 302  # no pay yet
    config()
    sheet = client.get("/people/training/pay-sheet/?month=2026-10")
    assert sheet.status_code == 200
    result = import_file("people", BytesIO(sheet.content), date(2026, 10, 1),
                         user=p["director"].user, name="pay-people.xlsx")  # fmt: skip
    assert not getattr(result, "errors", None)
    assert PersonMonth.objects.get(person=p["gm_x"]).training_hours == Decimal("7.5")
    assert login("gm_x").get("/people/training/pay-sheet/").status_code == 403
