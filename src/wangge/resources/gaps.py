"""Resource gaps of a month (``wangge.core.resources.gaps``): each request in the
viewer's scope against the month's allocation and what was delivered and confirmed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Sum

from wangge.core.resources import gaps as core
from wangge.org.models import Unit
from wangge.resources.choices import DeliveryStatus, PlanStatus
from wangge.resources.models import DeliveryOrder, PlanLine, Request
from wangge.resources.planning import current_plan


@dataclass(frozen=True)
class Row:
    unit: Unit
    request: Request
    gap: core.Gap


@dataclass(frozen=True)
class MonthGaps:
    month: date
    rows: list[Row]
    totals: core.Totals
    plan_accepted: bool | None  # None: no plan for the month yet


def month_gaps(user, month: date) -> MonthGaps:
    requests = list(Request.objects.visible_to(user).filter(month=month).select_related("unit"))
    plan = current_plan(month)
    allocated: dict[tuple[int, str], int] = defaultdict(int)
    if plan is not None:
        for unit, kind, cents in PlanLine.objects.filter(plan=plan).values_list(
            "unit_id", "kind", "cents"
        ):
            allocated[(unit, kind)] += cents
    delivered = {
        (r["grid_id"], r["request__kind"]): r["total"]
        for r in DeliveryOrder.objects.filter(request__month=month, status=DeliveryStatus.RECEIVED)
        .values("grid_id", "request__kind")
        .annotate(total=Sum("value_cents"))
    }
    asked = [core.Asked(r.unit_id, r.kind, r.amount_cents, r.min_cents) for r in requests]
    by_key = {(r.unit_id, r.kind): r for r in requests}
    rows = [
        Row(by_key[(g.unit, g.kind)].unit, by_key[(g.unit, g.kind)], g)
        for g in core.gaps(asked, allocated, delivered)
    ]
    accepted = None if plan is None else plan.status == PlanStatus.ACCEPTED
    return MonthGaps(month, rows, core.totals(r.gap for r in rows), accepted)
