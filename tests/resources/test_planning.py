"""The month's allocation: proposed by the optimiser, edited with reasons, accepted."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from tests.resources.conftest import OCT
from wangge.resources import planning
from wangge.resources.models import Budget, Plan, PlanEdit, PlanLine, Request
from wangge.resources.refusals import ResourcesRefused


def users(city):
    return {k: p.user for k, p in city["people"].items() if p.user_id}


def test_the_proposal_places_each_budget_exactly_within_the_requests(res_city):
    u = users(res_city)
    plan = planning.propose(u["marketing"], OCT)
    lines = PlanLine.objects.filter(plan=plan)
    sms = [x for x in lines if x.kind == "sms"]
    assert sum(x.cents for x in sms) == 100_000
    y = sum(x.cents for x in sms if x.unit == res_city["units"]["y"])
    assert 30_000 <= y <= 80_000  # Y's least needed is kept
    # gifts: only X asked, 60,000 of room for a 50,000 budget; growth at most 70 %
    gift = {x.purpose: x.cents for x in lines if x.kind == "gift"}
    assert gift["base"] + gift["growth"] == 50_000 and gift["growth"] <= 35_000
    assert all(x.proposed_cents == x.cents for x in lines)


def test_last_periods_accepted_allocation_is_shown_beside_the_proposal(res_city):
    u = users(res_city)
    sep = OCT.replace(month=9)
    Budget.objects.create(month=sep, kind="sms", amount_cents=10_000)
    Request.objects.create(unit=res_city["units"]["x"], month=sep, kind="sms",
                           amount_cents=10_000)  # fmt: skip
    planning.accept(u["marketing"], planning.propose(u["marketing"], sep))
    plan = planning.propose(u["marketing"], OCT)
    x_sms = PlanLine.objects.filter(plan=plan, unit=res_city["units"]["x"], kind="sms")
    assert sum(x.last_cents for x in x_sms) == 10_000


def test_an_edit_needs_a_reason_and_is_kept_with_it(res_city):
    u = users(res_city)
    plan = planning.propose(u["marketing"], OCT)
    line = PlanLine.objects.get(plan=plan, unit=res_city["units"]["x"], kind="gift",
                                purpose="base")  # fmt: skip
    with pytest.raises(ResourcesRefused) as no_reason:
        planning.edit_line(u["marketing"], line, line.cents - 100, "  ")
    assert no_reason.value.field == "reason"
    planning.edit_line(u["marketing"], line, line.cents - 100, "留一点给下月")
    edit = PlanEdit.objects.get(line=line)
    assert (edit.before_cents - edit.after_cents, edit.reason) == (100, "留一点给下月")


def test_an_edit_over_the_budget_is_refused_naming_the_kind_and_nothing_is_written(res_city):
    u = users(res_city)
    plan = planning.propose(u["marketing"], OCT)
    line = PlanLine.objects.get(plan=plan, unit=res_city["units"]["x"], kind="sms",
                                purpose="base")  # fmt: skip
    with pytest.raises(ResourcesRefused) as refused:
        planning.edit_line(u["marketing"], line, line.cents + 1, "多给一分")
    assert "短信" in refused.value.message or "SMS" in refused.value.message
    line.refresh_from_db()
    assert line.cents == line.proposed_cents and not PlanEdit.objects.exists()


def test_an_accepted_plan_cannot_be_edited_and_the_department_alone_allocates(res_city):
    u = users(res_city)
    with pytest.raises(PermissionDenied):
        planning.propose(u["gm_x"], OCT)
    plan = planning.accept(u["marketing"], planning.propose(u["marketing"], OCT))
    assert plan.status == "accepted"
    line = plan.lines.first()
    with pytest.raises(ResourcesRefused):
        planning.edit_line(u["marketing"], line, 0, "晚了")
    with pytest.raises(ResourcesRefused):
        planning.propose(u["marketing"], OCT)


def test_minimums_over_the_budget_are_refused_with_the_figures_in_yuan(res_city):
    Request.objects.filter(kind="sms").update(min_cents=60_000)
    with pytest.raises(ResourcesRefused) as refused:
        planning.propose(users(res_city)["marketing"], OCT)
    assert "¥1,200.00" in refused.value.message and "¥1,000.00" in refused.value.message
    assert not Plan.objects.exists()


def test_a_request_outside_ones_scope_is_refused(res_city):
    u = users(res_city)
    with pytest.raises(ResourcesRefused) as refused:
        planning.ask(u["gm_x"], res_city["units"]["z"], OCT, "sms", 1000)
    assert refused.value.field == "unit"
    with pytest.raises(ResourcesRefused):
        planning.ask(u["gm_x"], res_city["units"]["x"], OCT, "sms", 1000, min_cents=2000)
