"""Record completeness and freshness per grid, the "not visited in N days" list, and the
grid plan (一格一策) on the grid's page; nobody reads or plans another grid."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from wangge.work import records
from wangge.work.models import GridPlan, PlanAction, Visit


@pytest.fixture
def seen(city):
    c, p, u = city["customers"], city["people"], city["units"]
    Visit.objects.create(
        person=p["cm_x"],
        unit=u["x"],
        customer=c["zhang"],
        in_lat=36.65,
        in_lon=117.05,
        checked_in_at=timezone.now() - timedelta(days=3),
    )
    return city


def test_scores_and_freshness(seen):
    c = seen["customers"]
    rows = {r.code: r for r in records.record_rows(seen["people"]["director"].user, 30)}
    assert set(rows) == {"K1", "K2"}  # the director sees 网格X and 网格Y
    zhang, li = rows["K1"], rows["K2"]
    # 张三: name, phone, place and an active line; no address
    assert zhang.score == pytest.approx(0.8) and zhang.missing == ["address"]
    assert (zhang.days, zhang.stale) == (3, False)
    assert li.stale and li.days is None and "place" in li.missing
    assert [r.code for r in records.stale_list(list(rows.values()))] == ["K2"]
    assert c["zhang"].pk == zhang.id


def test_the_pages(seen, login):
    client = login("director")
    page = client.get("/work/records/?days=2")
    assert page.status_code == 200
    x = next(r for r in page.context["rows"] if r["unit"] == seen["units"]["x"])
    assert x["records"].stale == 1  # 三 days ago is outside two days
    page = client.get(f"/work/grids/{seen['units']['y'].pk}/")
    assert page.status_code == 200 and "李四" in page.content.decode()
    assert "从未走访" in page.content.decode()


def test_the_grid_plan(seen, login):
    u, p = seen["units"], seen["people"]
    client = login("gm_x")
    client.post(f"/work/grids/{u['x'].pk}/plan/", {"priorities": "本季主攻宽带提速"})
    plan = GridPlan.objects.get(unit=u["x"])
    assert plan.priorities == "本季主攻宽带提速" and plan.quarter.day == 1
    client.post(
        f"/work/grids/{u['x'].pk}/actions/", {"text": "阳光小区扫楼", "owner": p["cm_x"].pk}
    )
    action = PlanAction.objects.get()
    assert action.owner == p["cm_x"]
    assert "阳光小区扫楼" in client.get(f"/work/grids/{u['x'].pk}/").content.decode()
    seller = login("cm_x")
    seller.post(f"/work/actions/{action.pk}/done/")
    action.refresh_from_db()
    assert action.done
    seller.post(f"/work/actions/{action.pk}/done/", {"done": "0"})  # opened again
    action.refresh_from_db()
    assert not action.done
    seller.post(f"/work/actions/{action.pk}/done/", {"done": "maybe"})  # refused, unchanged
    action.refresh_from_db()
    assert not action.done


# --- attacks ----------------------------------------------------------------------------


def test_another_grid_is_not_found_and_not_planned(seen, login):
    u, p = seen["units"], seen["people"]
    client = login("gm_x")
    assert client.get(f"/work/grids/{u['y'].pk}/").status_code == 404
    assert client.post(f"/work/grids/{u['y'].pk}/plan/", {"priorities": "x"}).status_code == 404
    assert client.post(f"/work/grids/{u['y'].pk}/actions/", {"text": "x"}).status_code == 404
    assert [r["unit"] for r in client.get("/work/records/").context["rows"]] == [u["x"]]
    # an owner from another grid is refused
    client.post(f"/work/grids/{u['x'].pk}/actions/", {"text": "x", "owner": p["gm_y"].pk})
    assert not PlanAction.objects.exists()
    y_plan = GridPlan.objects.create(unit=u["y"], quarter=records.current_quarter())
    y_action = PlanAction.objects.create(plan=y_plan, text="万达专线")
    assert client.post(f"/work/actions/{y_action.pk}/done/").status_code == 404
    y_action.refresh_from_db()
    assert not y_action.done


def test_a_seller_reads_but_does_not_plan(seen, login):
    u = seen["units"]
    client = login("cm_x")
    assert client.get(f"/work/grids/{u['x'].pk}/").status_code == 200
    assert client.post(f"/work/grids/{u['x'].pk}/plan/", {"priorities": "x"}).status_code == 403
    assert not GridPlan.objects.exists()


@pytest.mark.parametrize("days", ["0", "abc", "99999"])
def test_a_bad_window_is_a_400(seen, login, days):
    assert login("director").get(f"/work/records/?days={days}").status_code == 400


def test_the_api_gives_the_records_and_plans_of_the_scope_only(seen, login):
    u = seen["units"]
    GridPlan.objects.create(unit=u["y"], quarter=records.current_quarter(), priorities="Y")
    client = login("gm_x")
    body = client.get("/api/work/plans/records/?days=30").json()
    assert [r["unit"] for r in body] == [u["x"].pk] and body[0]["customers"] == 1
    assert client.get("/api/work/plans/").json()["results"] == []
    assert client.get("/api/work/plans/records/?days=0").status_code == 400
