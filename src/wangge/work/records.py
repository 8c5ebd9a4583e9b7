"""Customer records per grid: how complete (``core.work.records``: weighted facts by
kind) and how fresh (days since the last visit or survey) they are; the "not visited
in N days" list; the grid's plan for the quarter (一格一策)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wangge.core.work import records as rules
from wangge.core.work.tags import quarter_of
from wangge.customers.models import Customer, CustomerGrid, Subscription
from wangge.org.dated import today
from wangge.org.models import Unit
from wangge.org.scope import may
from wangge.work.models import GridPlan, PlanAction, Survey, Visit
from wangge.work.placement import check_person, check_unit
from wangge.work.refusals import WorkRefused


def _last(qs, field):
    return Subquery(qs.values("customer").annotate(last=Max(field)).values("last")[:1])


@dataclass(frozen=True)
class RecordRow:
    id: int
    code: str
    name: str
    kind: str
    grid_id: int
    score: float
    missing: list[str]
    last_seen: datetime | None
    days: int | None
    stale: bool


def record_rows(user, days: int, unit: Unit | None = None, now=None) -> list[RecordRow]:
    """Every customer the user sees (of ``unit``) with its completeness and freshness."""
    now = now or timezone.now()
    link = CustomerGrid.objects.as_of(today()).filter(customer=OuterRef("pk"))
    c = OuterRef("pk")
    qs = Customer.objects.visible_to(user).annotate(
        grid_id=Subquery(link.values("grid_id")[:1]),
        active=Exists(Subscription.objects.filter(customer=c, status="active")),
        surveyed=Exists(
            Survey.objects.filter(customer=c).filter(
                ~Q(mobile_provider="")
                | ~Q(broadband_provider="")
                | ~Q(fixed_provider="")
                | ~Q(dataline_provider="")
            )
        ),
        role=Exists(Survey.objects.filter(customer=c).exclude(met_role="")),
        last_visit=_last(Visit.objects.filter(customer=c), "checked_in_at"),
        last_survey=_last(Survey.objects.filter(customer=c), "created_at"),
    )
    if unit is not None:
        qs = qs.filter(grid_id=unit.pk)
    else:
        qs = qs.filter(grid_id__isnull=False)
    out = []
    for r in (
        qs.order_by("code")
        .values(
            "pk",
            "code",
            "name",
            "kind",
            "grid_id",
            "phone",
            "id_number",
            "industry",
            "address",
            "place_id",
            "active",
            "surveyed",
            "role",
            "last_visit",
            "last_survey",
        )
        .iterator(chunk_size=5000)
    ):
        present = [f for f in ("name", "phone", "id_number", "industry", "address") if r[f]]
        if r["place_id"]:
            present.append("place")
        if r["active"] or r["surveyed"]:
            present.append("services")
        if r["role"]:
            present.append("contact_role")
        seen = [t for t in (r["last_visit"], r["last_survey"]) if t is not None]
        last = max(seen) if seen else None
        out.append(
            RecordRow(
                id=r["pk"],
                code=r["code"],
                name=r["name"],
                kind=r["kind"],
                grid_id=r["grid_id"],
                score=rules.completeness(r["kind"], present),
                missing=rules.missing(r["kind"], present),
                last_seen=last,
                days=rules.days_since(last, now),
                stale=rules.is_stale(last, now, days),
            )
        )
    return out


def grid_summaries(user, days: int) -> list[dict]:
    """Per grid in scope: customers, average completeness, complete and stale records."""
    rows = record_rows(user, days)
    by_grid: dict[int, list[RecordRow]] = {}
    for r in rows:
        by_grid.setdefault(r.grid_id, []).append(r)
    grids = Unit.objects.visible_to(user).grids().order_by("code")
    return [
        {
            "unit": g,
            "records": rules.summarise(
                [r.score for r in by_grid.get(g.pk, [])], [r.stale for r in by_grid.get(g.pk, [])]
            ),
        }
        for g in grids
    ]


def stale_list(rows: list[RecordRow]) -> list[RecordRow]:
    """The records not visited in the window: never seen first, then the oldest."""
    return sorted(
        (r for r in rows if r.stale),
        key=lambda r: (r.last_seen is not None, r.last_seen or datetime.min, r.code),
    )


FACT_LABELS = {
    "name": gettext_lazy("name"),
    "phone": gettext_lazy("phone"),
    "id_number": gettext_lazy("credit code"),
    "industry": gettext_lazy("industry"),
    "address": gettext_lazy("address"),
    "place": gettext_lazy("place"),
    "services": gettext_lazy("services in use"),
    "contact_role": gettext_lazy("contact's buying role"),
}


def current_quarter(day: date | None = None) -> date:
    return quarter_of(day or today())[0]


def plan_of(unit: Unit, quarter: date | None = None) -> GridPlan | None:
    return GridPlan.objects.filter(unit=unit, quarter=quarter or current_quarter()).first()


def may_plan(user) -> bool:
    return may(user, "work.assign")


def save_priorities(user, unit: Unit, priorities: str, quarter: date | None = None) -> GridPlan:
    if not may_plan(user):
        raise WorkRefused("priorities", _("You may not edit the grid plan."))
    check_unit(user, unit)
    with transaction.atomic():
        plan, _created = GridPlan.objects.get_or_create(
            unit=unit, quarter=quarter or current_quarter()
        )
        plan.priorities = (priorities or "").strip()
        plan.updated_by = user
        plan.updated_at = timezone.now()
        plan.save()
    return plan


def add_action(user, unit: Unit, text: str, owner=None, due=None) -> PlanAction:
    if not may_plan(user):
        raise WorkRefused("text", _("You may not edit the grid plan."))
    check_unit(user, unit)
    text = (text or "").strip()
    if not text:
        raise WorkRefused("text", _("Say what is to be done."))
    if owner is not None:
        check_person(user, owner, unit, "owner")
    with transaction.atomic():
        plan, _created = GridPlan.objects.get_or_create(unit=unit, quarter=current_quarter())
        return PlanAction.objects.create(plan=plan, text=text[:300], owner=owner, due=due)


def mark_done(user, action: PlanAction, done: bool = True) -> PlanAction:
    """The action's owner or a manager of the grid (the caller loads it through
    ``visible_to``)."""
    from wangge.work.access import person_of

    me = person_of(user)
    if not may_plan(user) and (me is None or action.owner_id != me.pk):
        raise WorkRefused("done", _("Only the action's owner or a manager marks it done."))
    action.done = done
    action.save(update_fields=["done"])
    return action
