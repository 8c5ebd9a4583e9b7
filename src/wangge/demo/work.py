"""Front-line work for the demo city: a few work orders, opportunities and visits in
the grids of the demo log-ins and some more, so that "my work orders", "my pipeline"
and the pipeline board open on figures. Invented for the demo only."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from wangge.core.work import geo
from wangge.core.work import opportunities as op
from wangge.customers.models import CustomerGrid
from wangge.org.dated import today
from wangge.org.models import Assignment, UnitKind
from wangge.territory.models import PlaceGrid
from wangge.work.models import Opportunity, StageMove, Visit, WorkOrder

#: (name, kind, stages passed, value in cents): one grid's opportunities
OPPORTUNITIES = [
    ("{place}宽带提速", "broadband", ["cultivate", "mine"], 360_000),
    ("{customer}专线", "data_line", ["cultivate", "mine", "convert"], 4_800_000),
    ("{place}新建楼宇组网", "new_premises", ["cultivate"], 12_000_000),
    ("{customer}固话迁移", "fixed_line", ["cultivate", "mine", "convert", "realise"], 120_000),
    (
        "{customer}综合信息化",
        "integrated",
        ["cultivate", "mine", "convert", "realise", "review"],
        2_500_000,
    ),
]
EXTRA_GRIDS = 6


def _grids() -> list[int]:
    """The grids of the demo log-ins first, then a few more."""
    day = today()
    users = get_user_model().objects.filter(person__isnull=False).values("person")
    staffed = Assignment.objects.as_of(day).filter(unit__kind=UnitKind.GRID)
    mine = list(staffed.filter(person__in=users).values_list("unit_id", flat=True))
    more = (
        staffed.exclude(unit_id__in=mine).order_by("unit__code").values_list("unit_id", flat=True)
    )
    return list(dict.fromkeys([*mine, *list(more.distinct())[:EXTRA_GRIDS]]))


def prepare_demo() -> dict[str, int]:
    day = today()
    now = timezone.now()
    made = {"work_orders": 0, "opportunities": 0, "visits": 0}
    for grid_id in _grids():
        people = list(
            Assignment.objects.as_of(day).filter(unit_id=grid_id).select_related("person")
        )
        if not people:
            continue
        staff = [a.person for a in people]
        customers = [
            link.customer
            for link in CustomerGrid.objects.as_of(day)
            .filter(grid_id=grid_id, customer__kind="business")
            .select_related("customer__place")[:5]
        ] or [
            link.customer
            for link in CustomerGrid.objects.as_of(day)
            .filter(grid_id=grid_id)
            .select_related("customer__place")[:5]
        ]
        places = [
            link.place
            for link in PlaceGrid.objects.as_of(day)
            .filter(grid_id=grid_id)
            .select_related("place")[:3]
        ]
        if not customers:
            continue
        seller = staff[-1]
        first = customers[0]
        WorkOrder.objects.create(
            kind="complaint",
            title=f"{first.name}：宽带网速慢投诉",
            unit_id=grid_id,
            customer=first,
            assignee=seller,
            status="accepted",
            accepted_at=now - timedelta(hours=20),
            due_at=now + timedelta(hours=4),
            deadline_at=now + timedelta(hours=28),
        )
        WorkOrder.objects.create(
            kind="survey_followup",
            title=f"{places[0].name if places else first.name}扫楼回访",
            unit_id=grid_id,
            place=places[0] if places else None,
            assignee=seller,
            due_at=now - timedelta(days=1),  # overdue: shown in red
        )
        WorkOrder.objects.create(
            kind="name_list",
            title="合约本季度到期客户续约",
            unit_id=grid_id,
            assignee=staff[0],
            status="in_progress",
            started_at=now - timedelta(days=2),
            due_at=now + timedelta(days=5),
        )
        made["work_orders"] += 3
        for i, (name, kind, stages, value) in enumerate(OPPORTUNITIES):
            customer = customers[i % len(customers)]
            place = places[i % len(places)] if places else None
            opp = Opportunity.objects.create(
                name=name.format(
                    customer=customer.name, place=place.name if place else customer.name
                ),
                kind=kind,
                unit_id=grid_id,
                customer=customer,
                place=place,
                owner=staff[i % len(staff)],
                stage=stages[-1],
                value_cents=value,
                expected_close=day + timedelta(days=30 * (i + 1)),
            )
            opp.team.set(staff[:2])
            previous = ""
            for k, stage in enumerate(stages):
                StageMove.objects.create(
                    opportunity=opp,
                    from_stage=previous,
                    to_stage=stage,
                    moved_at=now - timedelta(days=7 * (len(stages) - k)),
                )
                previous = stage
            if stages[-1] == op.REVIEW:
                opp.outcome, opp.outcome_reason = op.WON, "签约三年"
                opp.save()
            made["opportunities"] += 1
        where = first.place or (places[0] if places else None)
        if where is not None:
            Visit.objects.create(
                person=seller,
                unit_id=grid_id,
                customer=first,
                place=where,
                checked_in_at=now - timedelta(hours=3),
                in_lat=where.lat + 0.0005,
                in_lon=where.lon,
                in_distance_m=geo.distance_m(
                    geo.Point(where.lat + 0.0005, where.lon), geo.Point(where.lat, where.lon)
                ),
                checked_out_at=now - timedelta(hours=2),
                out_lat=where.lat,
                out_lon=where.lon,
                out_distance_m=0.0,
            )
            made["visits"] += 1
    return made
