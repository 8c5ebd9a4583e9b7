"""The basics: a grid's meeting notes with attendees and actions (the grid manager or
director records them, an action's owner marks it done) and each seller's daily work
log (written by oneself, read by oneself and the grid's managers); nobody reaches
another grid's notes or logs, names a person of another grid, or writes without the
right."""

from __future__ import annotations

from datetime import timedelta

import pytest

from wangge.org.dated import today
from wangge.work import basics
from wangge.work.models import MeetingAction, MeetingNote, WorkLog
from wangge.work.refusals import WorkRefused

JSON = {"content_type": "application/json"}


@pytest.fixture
def morning(city):
    u, p = city["units"], city["people"]
    note = basics.record_meeting(
        p["gm_x"].user,
        unit=u["x"],
        kind="morning",
        held_on=today(),
        topic="晨会：宽带攻坚",
        notes="昨日走访12户。",
        attendees=[p["gm_x"], p["cm_x"]],
        actions="回访阳光小区3栋\n整理合约到期名单",
    )
    return {**city, "note": note}


def test_a_meeting_is_kept_with_its_attendees_and_actions(morning, login):
    note = morning["note"]
    assert set(note.attendees.values_list("name", flat=True)) == {"王网格", "李社区"}
    assert list(note.actions.values_list("text", flat=True)) == [
        "回访阳光小区3栋",
        "整理合约到期名单",
    ]
    page = login("director").get(f"/work/meetings/{note.pk}/").content.decode()
    assert "晨会：宽带攻坚" in page and "李社区" in page and "回访阳光小区3栋" in page


def test_an_action_with_an_owner_is_marked_done_by_its_owner(morning, login):
    p = morning["people"]
    action = basics.add_action(p["gm_x"].user, morning["note"], text="上门装机", owner=p["cm_x"])
    r = login("cm_x").post(f"/work/meeting-actions/{action.pk}/done/")
    assert r.status_code == 302
    action.refresh_from_db()
    assert action.done
    other = MeetingAction.objects.filter(owner__isnull=True).first()
    login("cm_x").post(f"/work/meeting-actions/{other.pk}/done/")
    other.refresh_from_db()
    assert not other.done  # not theirs


def test_meetings_on_the_page_and_the_api(city, login):
    u, p = city["units"], city["people"]
    client = login("gm_x")
    r = client.post(
        "/work/meetings/new/",
        {
            "unit": u["x"].pk,
            "kind": "weekly",
            "held_on": today().isoformat(),
            "topic": "周例会",
            "attendees": [p["cm_x"].pk],
            "actions": "冲刺月底目标",
        },
    )
    note = MeetingNote.objects.get(topic="周例会")
    assert r.status_code == 302 and note.actions.count() == 1
    r = client.post(
        "/api/work/meetings/",
        {
            "unit": u["x"].pk,
            "kind": "monthly",
            "held_on": (today() + timedelta(days=1)).isoformat(),
            "topic": "月度会",
        },
        **JSON,
    )
    assert r.status_code == 400 and "held_on" in r.json()
    assert [m["topic"] for m in client.get("/api/work/meetings/").json()["results"]] == ["周例会"]


def test_a_seller_writes_the_days_log_and_corrects_it(city, login):
    client = login("cm_x")
    day = today().isoformat()
    assert client.post("/work/logs/write/", {"day": day, "done": "走访5户"}).status_code == 302
    assert (
        client.post(
            "/work/logs/write/", {"day": day, "done": "走访6户", "plan": "回访"}
        ).status_code
        == 302
    )
    log = WorkLog.objects.get()
    assert (log.done, log.plan, log.unit, log.person) == (
        "走访6户",
        "回访",
        city["units"]["x"],
        city["people"]["cm_x"],
    )
    r = client.post(
        "/api/work/logs/", {"day": (today() + timedelta(days=1)).isoformat(), "done": "x"}, **JSON
    )
    assert r.status_code == 400 and "day" in r.json()
    r = client.post(
        "/api/work/logs/", {"day": (today() - timedelta(days=30)).isoformat(), "done": "x"}, **JSON
    )
    assert r.status_code == 400 and "day" in r.json()
    assert "走访6户" in login("gm_x").get("/work/logs/").content.decode()
    assert "走访6户" in login("director").get("/work/logs/").content.decode()


# --- attacks ---------------------------------------------------------------------------


def test_another_grids_notes_and_logs_are_out_of_reach(morning, login):
    basics.write_log(morning["people"]["cm_x"].user, day=today(), done="走访5户")
    client = login("gm_y")
    assert client.get(f"/work/meetings/{morning['note'].pk}/").status_code == 404
    assert client.get(f"/api/work/meetings/{morning['note'].pk}/").status_code == 404
    assert client.get("/api/work/meetings/").json()["results"] == []
    assert client.get("/api/work/logs/").json()["results"] == []
    assert "走访5户" not in client.get("/work/logs/").content.decode()
    action = morning["note"].actions.first()
    assert client.post(f"/work/meeting-actions/{action.pk}/done/").status_code == 404


def test_a_colleagues_log_stays_theirs(morning, login):
    basics.write_log(morning["people"]["gm_x"].user, day=today(), done="组织晨会")
    assert login("cm_x").get("/api/work/logs/").json()["results"] == []


def test_a_person_or_grid_outside_the_scope_is_refused(city, login):
    u, p = city["units"], city["people"]
    client = login("gm_x")
    r = client.post(
        "/api/work/meetings/",
        {
            "unit": u["x"].pk,
            "kind": "morning",
            "held_on": today().isoformat(),
            "topic": "t",
            "attendees": [p["gm_y"].pk],
        },
        **JSON,
    )
    assert r.status_code == 400 and "attendees" in r.json()
    r = client.post(
        "/api/work/meetings/",
        {"unit": u["y"].pk, "kind": "morning", "held_on": today().isoformat(), "topic": "t"},
        **JSON,
    )
    assert r.status_code == 400 and "unit" in r.json()
    # the director sees both grids, but 赵网格 does not work in 网格X
    with pytest.raises(WorkRefused) as refused:
        basics.record_meeting(
            p["director"].user,
            unit=u["x"],
            kind="morning",
            held_on=today(),
            topic="t",
            attendees=[p["gm_y"]],
        )
    assert refused.value.field == "attendees"
    assert not MeetingNote.objects.exists()


def test_a_role_without_the_action_records_no_meeting(city, login):
    client = login("cm_x")
    body = {
        "unit": city["units"]["x"].pk,
        "kind": "morning",
        "held_on": today().isoformat(),
        "topic": "t",
    }
    assert client.post("/work/meetings/new/", body).status_code == 403
    assert client.post("/api/work/meetings/", body, **JSON).status_code == 403
    assert (
        login("auditor")
        .post("/api/work/logs/", {"day": today().isoformat(), "done": "x"}, **JSON)
        .status_code
        == 403
    )
    assert not MeetingNote.objects.exists() and not WorkLog.objects.exists()
