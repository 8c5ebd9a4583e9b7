"""Competitions: a director sets one up over a period and an indicator; the leaderboard
ranks the center's grids (or their people) by the product's own figures, ties sharing
the place and its prizes; a grid's people read their center's contest, nobody reads
another center's, and only those with the action set one up."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from wangge.work import competitions
from wangge.work.models import Competition, StageMove, Visit
from wangge.work.refusals import WorkRefused

JSON = {"content_type": "application/json"}
DEC1 = date(2026, 12, 1)


def at(day: date, hour=10):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def contest(work_city):
    """December's first week: 李社区 (网格X) 3 visits, 赵网格 (网格Y) 1, one visit in
    November that does not count; 万达商铺专线 (网格Y, ¥80,000) realised on Dec 3."""
    u, p = work_city["units"], work_city["people"]

    def visit(person, unit, day):
        Visit.objects.create(
            person=person, unit=unit, in_lat=36.65, in_lon=117.05, checked_in_at=at(day)
        )

    for d in (1, 2, 7):
        visit(p["cm_x"], u["x"], date(2026, 12, d))
    visit(p["gm_y"], u["y"], date(2026, 12, 3))
    visit(p["cm_x"], u["x"], date(2026, 11, 30))
    visit(p["gm_y"], u["y"], date(2026, 12, 8))
    StageMove.objects.create(
        opportunity=work_city["opps"]["y"],
        from_stage="convert",
        to_stage="realise",
        moved_at=at(date(2026, 12, 3)),
    )
    director = p["director"].user
    week = competitions.create(
        director,
        name="十二月第一周走访突击",
        unit=u["lixia"],
        kind="weekly",
        indicator="visits",
        participants="grid",
        start=DEC1,
        end=date(2026, 12, 7),
        prizes_cents=[50_000, 20_000],
    )
    return {**work_city, "week": week}


def table(rows):
    return [(r.name, r.rank, r.figure, r.prize_cents) for r in rows]


def test_the_grids_of_the_center_ranked_by_visits_in_the_period(contest):
    assert table(competitions.leaderboard(contest["week"])) == [
        ("网格X", 1, 3, 50_000),
        ("网格Y", 2, 1, 20_000),
    ]


def test_people_ranked_and_a_tie_shares_the_prizes(contest):
    c = contest["week"]
    c.participants = "person"
    c.save()
    rows = table(competitions.leaderboard(c))
    assert rows[0] == ("李社区", 1, 3, 50_000)
    assert rows[1] == ("赵网格", 2, 1, 20_000)
    assert rows[2:] == [
        ("王网格", 3, 0, 0)
    ]  # nothing shown, nothing won; the director is in no grid
    Visit.objects.create(
        person=contest["people"]["gm_x"],
        unit=contest["units"]["x"],
        in_lat=36.65,
        in_lon=117.05,
        checked_in_at=at(date(2026, 12, 4)),
    )
    rows = table(competitions.leaderboard(c))
    assert rows[1][1:] == (2.5, 1, 10_000) and rows[2][1:] == (2.5, 1, 10_000)


def test_the_value_realised_in_the_period_in_cents(contest):
    c = contest["week"]
    c.indicator = "realised_value"
    c.save()
    assert table(competitions.leaderboard(c))[0] == ("网格Y", 1, 8_000_000, 50_000)


def test_the_leaderboard_page_and_the_api(contest, login):
    client = login("gm_x")  # a grid's manager reads the center's contest
    pk = contest["week"].pk
    page = client.get(f"/work/competitions/{pk}/").content.decode()
    assert "十二月第一周走访突击" in page and "¥500.00" in page and 'id="leaderboard"' in page
    screen = client.get(f"/work/competitions/{pk}/?screen=1").content.decode()
    assert 'class="card screen"' in screen
    body = client.get(f"/api/work/competitions/{pk}/standings/").json()
    assert [(r["name"], r["rank"], r["figure"], r["prize_cents"]) for r in body] == [
        ("网格X", 1.0, 3, 50_000),
        ("网格Y", 2.0, 1, 20_000),
    ]


def test_setting_one_up_on_the_page_and_the_api(contest, login):
    client = login("gm_x")
    r = client.post(
        "/work/competitions/new/",
        {
            "name": "网格X月度竞赛",
            "unit": contest["units"]["x"].pk,
            "kind": "monthly",
            "indicator": "surveys",
            "participants": "person",
            "start": "2026-12-01",
            "end": "2026-12-31",
            "prizes": "300，200 100",
        },
    )
    c = Competition.objects.get(name="网格X月度竞赛")
    assert r.status_code == 302 and c.prizes_cents == [30_000, 20_000, 10_000]
    r = client.post(
        "/api/work/competitions/",
        {
            "name": "API竞赛",
            "unit": contest["units"]["x"].pk,
            "kind": "weekly",
            "indicator": "orders_done",
            "participants": "grid",
            "start": "2026-12-07",
            "end": "2026-12-01",
        },
        **JSON,
    )
    assert r.status_code == 400 and "end" in r.json()
    r = client.post(
        "/work/competitions/new/",
        {
            "name": "坏奖金",
            "unit": contest["units"]["x"].pk,
            "kind": "weekly",
            "indicator": "visits",
            "participants": "grid",
            "start": "2026-12-01",
            "end": "2026-12-07",
            "prizes": "500 abc",
        },
        follow=True,
    )
    assert "abc" in r.content.decode() and not Competition.objects.filter(name="坏奖金").exists()


# --- attacks ---------------------------------------------------------------------------


def test_another_centers_competition_is_out_of_reach(contest, login):
    z = competitions.create(
        contest["people"]["marketing"].user,
        name="市中中心竞赛",
        unit=contest["units"]["shizhong"],
        kind="weekly",
        indicator="visits",
        participants="grid",
        start=DEC1,
        end=DEC1 + timedelta(days=6),
    )
    client = login("gm_x")
    assert client.get(f"/work/competitions/{z.pk}/").status_code == 404
    assert client.get(f"/api/work/competitions/{z.pk}/standings/").status_code == 404
    names = [c["name"] for c in client.get("/api/work/competitions/").json()["results"]]
    assert names == ["十二月第一周走访突击"]


def test_a_posted_unit_outside_the_scope_is_refused(contest, login):
    z = contest["units"]["z"].pk
    body = {
        "name": "越权",
        "unit": z,
        "kind": "weekly",
        "indicator": "visits",
        "participants": "grid",
        "start": "2026-12-01",
        "end": "2026-12-07",
    }
    client = login("gm_x")
    assert client.post("/api/work/competitions/", body, **JSON).status_code == 400
    client.post("/work/competitions/new/", body)
    assert not Competition.objects.filter(name="越权").exists()
    with pytest.raises(WorkRefused):
        competitions.create(
            contest["people"]["gm_x"].user,
            **{**body, "unit": contest["units"]["z"], "start": DEC1, "end": DEC1},
        )


def test_a_role_without_the_action_sets_none_up(contest, login):
    client = login("cm_x")
    body = {
        "name": "x",
        "unit": contest["units"]["x"].pk,
        "kind": "weekly",
        "indicator": "visits",
        "participants": "grid",
        "start": "2026-12-01",
        "end": "2026-12-07",
    }
    assert client.post("/work/competitions/new/", body).status_code == 403
    assert client.post("/api/work/competitions/", body, **JSON).status_code == 403
    assert client.get(f"/work/competitions/{contest['week'].pk}/").status_code == 200
    assert login("auditor").post("/work/competitions/new/", body).status_code == 403
