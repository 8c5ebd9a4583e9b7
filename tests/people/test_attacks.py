"""The attacks, one per rule: a role without the action gets a 403 by page and API; a
row outside scope is a 404 or a 400 naming the field; GET writes nothing; nothing is
half-written."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.people.conftest import OCT, PASSING
from wangge.people import audits, training
from wangge.people.models import Attendance, Audit, Rating, Session

JSON = {"content_type": "application/json"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def test_a_grid_manager_trains_only_within_the_grid(people_city, login):
    p, u = people_city["people"], people_city["units"]
    client = login("gm_x")
    lixia_session = people_city["session"]  # held by the center: outside 网格X's scope
    body = {"lines": [{"person": p["cm_x"].pk, "hours": "2"}]}
    answer = client.post(f"/api/people/sessions/{lixia_session.pk}/attend/", body, **JSON)
    assert answer.status_code == 404
    own = Session.objects.create(course=people_city["courses"]["sales"], unit=u["x"],
                                 day=lixia_session.day, hours=Decimal(2))  # fmt: skip
    ok = client.post(f"/api/people/sessions/{own.pk}/attend/", body, **JSON)
    assert ok.status_code == 200
    far = {"lines": [{"person": p["gm_y"].pk, "hours": "2"}]}  # 网格Y's manager
    assert client.post(f"/api/people/sessions/{own.pk}/attend/", far, **JSON).status_code == 400
    assert (
        client.post(
            "/people/training/sessions/",
            {
                "course": people_city["courses"]["it"].pk,
                "unit": u["lixia"].pk,
                "day": "2026-10-09",
                "hours": "2",
            },
        ).status_code
        == 302
    )
    assert Session.objects.count() == 2 and Attendance.objects.count() == 1


def test_the_front_line_reads_only_its_own_attendance_and_cannot_record(people_city, login):
    p = people_city["people"]
    training.record_attendance(p["director"].user, people_city["session"],
                               [(p["gm_x"], Decimal(4)), (p["cm_x"], Decimal(4))])  # fmt: skip
    client = login("cm_x")
    rows = client.get("/api/people/attendance/").json()["results"]
    assert [r["person"] for r in rows] == [p["cm_x"].pk]
    body = {"lines": [{"person": p["cm_x"].pk, "hours": "1"}]}
    url = f"/api/people/sessions/{people_city['session'].pk}/attend/"
    assert client.post(url, body, **JSON).status_code == 403
    assert client.post("/people/training/attend/", {}).status_code == 403
    assert login("support").get("/api/people/attendance/").json()["results"] == []


def test_auditing_needs_the_action_and_photos_follow_the_grid(people_city, login, settings,
                                                                 tmp_path):  # fmt: skip
    settings.DATA_DIR = tmp_path
    u = people_city["units"]
    entries = {k: audits.Entry(Decimal(v)) for k, v in PASSING.items()}
    entries["h1"] = audits.Entry(Decimal(10), "门头完好", SimpleUploadedFile("a.png", PNG))
    audit = audits.record(people_city["people"]["director"].user, u["x"], OCT, entries)
    finding = audit.findings.get(item__code="h1")
    gm_x = login("gm_x")
    assert gm_x.get(f"/people/findings/{finding.pk}/photo/").status_code == 200
    form = {"grid": u["x"].pk, "month": "2026-11", **{f"item-{k}": v for k, v in PASSING.items()}}
    assert gm_x.post("/people/audits/new/", form).status_code == 403
    body = {"grid": u["x"].pk, "month": "2026-11",
            "scores": [{"item": k, "points": v} for k, v in PASSING.items()]}  # fmt: skip
    assert gm_x.post("/api/people/audits/", body, **JSON).status_code == 403
    gm_y = login("gm_y")
    assert gm_y.get(f"/people/findings/{finding.pk}/photo/").status_code == 404
    assert gm_y.get(f"/api/people/audits/{audit.pk}/").status_code == 404
    assert Audit.objects.count() == 1


def test_only_the_department_feeds_and_the_back_office_reads_no_rating(people_city, login):
    assert login("director").post("/people/reverse/feed/", {"month": "2026-10"}).status_code == 403
    assert login("director").post("/api/people/feed/", {"month": "2026-10"},
                                  **JSON).status_code == 403  # fmt: skip
    assert login("marketing").post("/api/people/feed/", {"month": "2026-13"},
                                   **JSON).status_code == 400  # fmt: skip
    support = login("support")
    for url in ("/people/reverse/", "/api/people/reverse/", "/people/rate/",
                "/people/audits/", "/api/people/audits/"):  # fmt: skip
        assert support.get(url).status_code == 403, url
    assert not Rating.objects.exists()


def test_bad_parameters_are_400s_not_500s(people_city, login):
    client = login("director")
    for url in (
        "/people/training/?month=x",
        "/people/audits/?month=2026-00",
        "/api/people/reverse/?month=abc",
        "/people/reverse/?month=2026-13",
    ):
        assert client.get(url).status_code == 400, url
    assert client.post("/api/people/audits/", {"grid": "x"}, **JSON).status_code == 400
    assert client.post("/api/people/assessments/", {"person": 10**12}, **JSON).status_code == 400
