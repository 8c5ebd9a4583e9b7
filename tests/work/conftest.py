"""Front-line work on the small city: a complaint and a follow-up in 网格X for 李社区,
an order of 网格Y for 赵网格; opportunities of both grids."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone


@pytest.fixture
def work_city(city):
    from wangge.work.models import Opportunity, StageMove, WorkOrder

    u, p, c = city["units"], city["people"], city["customers"]
    now = timezone.now()
    orders = {
        "complaint_x": WorkOrder.objects.create(
            kind="complaint",
            title="宽带频繁掉线投诉",
            unit=u["x"],
            customer=c["zhang"],
            assignee=p["cm_x"],
            due_at=now + timedelta(days=1),
            deadline_at=now + timedelta(days=2),
        ),
        "late_x": WorkOrder.objects.create(
            kind="survey_followup",
            title="阳光小区扫楼回访",
            unit=u["x"],
            assignee=p["cm_x"],
            due_at=now - timedelta(hours=3),
        ),
        "order_y": WorkOrder.objects.create(
            kind="name_list", title="合约到期客户续约", unit=u["y"], assignee=p["gm_y"]
        ),
    }

    def opportunity(name, unit, owner, stage, value_cents, kind="broadband"):
        opp = Opportunity.objects.create(
            name=name, kind=kind, unit=unit, owner=owner, stage=stage, value_cents=value_cents
        )
        StageMove.objects.create(opportunity=opp, from_stage="", to_stage=stage)
        return opp

    opps = {
        "x": opportunity("阳光小区宽带提速", u["x"], p["cm_x"], "mine", 1_200_000),
        "y": opportunity("万达商铺专线", u["y"], p["gm_y"], "convert", 8_000_000, kind="data_line"),
    }
    return {**city, "orders": orders, "opps": opps}
