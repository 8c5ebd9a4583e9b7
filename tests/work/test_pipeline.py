"""Opportunities: recorded with owner and team, moved forward freely and backwards
only with a reason (nothing written otherwise), closed won or lost with a reason; the
pipeline and the board in yuan; conversion by stage and kind."""

from __future__ import annotations

import pytest

from wangge.work.models import Opportunity, StageMove
from wangge.work.pipeline import close, conversion, create_opportunity, move_stage
from wangge.work.refusals import WorkRefused


def test_a_seller_records_an_opportunity_with_a_team_and_its_first_stage(work_city):
    p, u = work_city["people"], work_city["units"]
    opp = create_opportunity(
        p["cm_x"].user,
        unit=u["x"],
        name="张三家庭宽带",
        kind="broadband",
        team=[p["gm_x"]],
        value_cents=360_000,
        customer=work_city["customers"]["zhang"],
    )
    assert opp.owner == p["cm_x"] and list(opp.team.all()) == [p["gm_x"]]
    assert [(m.from_stage, m.to_stage) for m in opp.moves.all()] == [("", "cultivate")]


def test_a_team_member_from_another_grid_is_refused_and_nothing_is_written(work_city):
    p, u = work_city["people"], work_city["units"]
    before = Opportunity.objects.count(), StageMove.objects.count()
    with pytest.raises(WorkRefused) as exc:
        create_opportunity(
            p["director"].user, unit=u["x"], name="n", kind="broadband", team=[p["gm_y"]]
        )
    assert exc.value.field == "team" and "赵网格" in exc.value.message
    assert (Opportunity.objects.count(), StageMove.objects.count()) == before


def test_forward_is_free_backwards_needs_a_reason_and_a_refusal_writes_nothing(work_city):
    opp, me = work_city["opps"]["x"], work_city["people"]["cm_x"].user
    opp = move_stage(me, opp, "convert")
    with pytest.raises(WorkRefused) as exc:
        move_stage(me, opp, "mine")
    assert exc.value.field == "reason"
    opp.refresh_from_db()
    assert opp.stage == "convert" and opp.moves.count() == 2
    opp = move_stage(me, opp, "mine", "客户要先比较电信报价")
    assert [m.to_stage for m in opp.moves.all()] == ["mine", "convert", "mine"]
    assert opp.moves.last().reason == "客户要先比较电信报价"


def test_closing_needs_a_reason_and_a_closed_one_does_not_move(work_city):
    opp, me = work_city["opps"]["x"], work_city["people"]["cm_x"].user
    with pytest.raises(WorkRefused):
        close(me, opp, "won", "")
    opp = close(me, opp, "won", "签约两年 500M")
    with pytest.raises(WorkRefused):
        move_stage(me, opp, "convert")


def test_another_seller_of_the_grid_who_is_not_on_the_team_cannot_move_it(work_city):
    from django.contrib.auth import get_user_model

    from wangge.org.models import Assignment, Person

    other = Person.objects.create(
        staff_no="S011", name="孙客户", post="customer_manager", role="frontline"
    )
    Assignment.objects.create(
        person=other, unit=work_city["units"]["x"], post="customer_manager", valid_from="2025-01-01"
    )
    other.user = get_user_model().objects.create_user("cm3", password="x")
    other.save()
    with pytest.raises(WorkRefused):
        move_stage(other.user, work_city["opps"]["x"], "convert")


def test_conversion_reads_the_stage_history(work_city):
    me = work_city["people"]["cm_x"].user
    move_stage(me, work_city["opps"]["x"], "convert")
    rates = {(c.kind, c.stage): c for c in conversion(Opportunity.objects.all())}
    assert rates[("broadband", "mine")].rate == 1
    assert rates[("data_line", "convert")].reached == 1
    assert rates[(None, "cultivate")].reached == 2


def test_my_pipeline_shows_my_opportunities_with_values_in_yuan(work_city, login):
    page = login("cm_x").get("/work/pipeline/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "阳光小区宽带提速" in html and "万达商铺专线" not in html
    assert "¥12,000.00" in html


def test_the_board_counts_and_values_by_grid_and_person_in_scope(work_city, login):
    page = login("director").get("/work/board/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "网格X" in html and "网格Y" in html and "¥80,000.00" in html
    grids = {r.name: r for r in page.context["by_grid"]}
    assert grids["网格Y"].value_cents == 8_000_000 and grids["网格X"].count == 1
    only_x = login("gm_x").get("/work/board/")
    assert {r.name for r in only_x.context["by_grid"]} == {"网格X"}


def test_the_board_needs_the_pipeline_action(work_city, login):
    assert login("cm_x").get("/work/board/").status_code == 403


def test_the_stage_form_refuses_backwards_without_a_reason_with_a_message(work_city, login):
    opp = work_city["opps"]["x"]
    client = login("cm_x")
    assert client.get(f"/work/opportunities/{opp.pk}/").status_code == 200
    page = client.post(f"/work/opportunities/{opp.pk}/stage/", {"stage": "cultivate"}, follow=True)
    assert page.status_code == 200
    opp.refresh_from_db()
    assert opp.stage == "mine"
    assert any("reason" in str(m) or "原因" in str(m) for m in page.context["messages"])
    client.post(f"/work/opportunities/{opp.pk}/stage/", {"stage": "convert"})
    opp.refresh_from_db()
    assert opp.stage == "convert"


def test_the_new_opportunity_form_takes_yuan_and_names_a_bad_amount(work_city, login):
    u = work_city["units"]
    client = login("cm_x")
    page = client.post(
        "/work/opportunities/new/",
        {
            "name": "商铺宽带",
            "kind": "broadband",
            "unit": u["x"].pk,
            "value": "12k",
            "stage": "mine",
        },
    )
    assert "value" in page.context["form"].errors
    response = client.post(
        "/work/opportunities/new/",
        {
            "name": "商铺宽带",
            "kind": "broadband",
            "unit": u["x"].pk,
            "value": "1,200.50",
            "stage": "mine",
        },
    )
    assert response.status_code == 302
    assert Opportunity.objects.get(name="商铺宽带").value_cents == 120_050


def test_the_api_moves_closes_and_summarises_the_pipeline(work_city, login):
    opp = work_city["opps"]["x"]
    client = login("gm_x")
    bad = client.post(
        f"/api/work/opportunities/{opp.pk}/stage/",
        {"stage": "cultivate"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "reason" in bad.json()
    ok = client.post(
        f"/api/work/opportunities/{opp.pk}/stage/",
        {"stage": "convert"},
        content_type="application/json",
    )
    assert ok.json()["stage"] == "convert" and len(ok.json()["moves"]) == 2
    summary = client.get("/api/work/opportunities/pipeline/").json()
    convert = next(s for s in summary["stages"] if s["stage"] == "convert")
    assert convert == {"stage": "convert", "count": 1, "value_cents": 1_200_000}
    closed = client.post(
        f"/api/work/opportunities/{opp.pk}/close/",
        {"outcome": "lost", "reason": "客户选了移动"},
        content_type="application/json",
    )
    assert closed.json()["outcome"] == "lost"
    assert login("cm_x").get("/api/work/opportunities/pipeline/").status_code == 403


def test_two_alike_opportunities_count_twice_in_my_pipeline(work_city, login):
    p, u = work_city["people"], work_city["units"]
    for name in ("一号楼宽带", "二号楼宽带"):
        create_opportunity(
            p["gm_x"].user,
            unit=u["x"],
            name=name,
            kind="broadband",
            owner=p["gm_x"],
            team=[p["cm_x"]],
            stage="mine",
            value_cents=50_000,
        )
    page = login("cm_x").get("/work/pipeline/")
    mine = page.context["stages"][1]  # the stages in lifecycle order: cultivate, mine, …
    assert (mine["count"], mine["value_cents"]) == (3, 1_300_000)
