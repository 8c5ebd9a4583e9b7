"""Competitions (劳动竞赛): set one up in a unit of one's scope (``work.compete``), and
read its live leaderboard: the grids under the unit, or the people assigned to them,
ranked by the indicator's figure over the period (``core.work.competitions``), with
the prizes by place.

A competition is seen by whoever sees its unit or a unit below it: the people of a
center's grids read the center's leaderboard, every participant on it (that is the
point of a contest), and nobody reads another center's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.core.org import subtree
from wangge.core.work import competitions as rules
from wangge.org.dated import today
from wangge.org.models import Assignment, Person, Unit
from wangge.org.scope import may, unit_tree
from wangge.work.choices import NameOutcome, WorkOrderStatus
from wangge.work.models import (
    CampaignName,
    Competition,
    Opportunity,
    StageMove,
    Survey,
    Visit,
    WorkOrder,
)
from wangge.work.placement import check_unit
from wangge.work.refusals import WorkRefused


def _period_refused(problem: str) -> WorkRefused:
    if problem == "period_missing":
        return WorkRefused("start", _("Give the first and the last day."))
    if problem == "period_backwards":
        return WorkRefused("end", _("The last day is before the first."))
    return WorkRefused("end", _("A competition runs at most a year."))


def may_run(user) -> bool:
    return may(user, "work.compete")


def may_read(user) -> bool:
    return may_run(user) or may(user, "work.handle") or may(user, "work.pipeline")


def create(
    user,
    *,
    name,
    unit: Unit,
    kind,
    indicator,
    participants,
    start: date | None,
    end: date | None,
    prizes_cents=(),
    description="",
) -> Competition:
    if not may_run(user):
        raise WorkRefused("name", _("You may not run competitions."))
    name = (name or "").strip()
    if not name:
        raise WorkRefused("name", _("Give the competition a name."))
    check_unit(user, unit)
    problem = rules.period_problem(start, end)
    if problem is not None:
        raise _period_refused(problem)
    prizes = list(prizes_cents)
    problem = rules.prizes_problem(prizes)
    if problem == "too_many_prizes":
        raise WorkRefused("prizes", _("At most %(n)s prizes.") % {"n": rules.MAX_PRIZES})
    if problem is not None:
        raise WorkRefused("prizes", _("A prize is an amount of at least zero."))
    with transaction.atomic():
        return Competition.objects.create(
            name=name[:200],
            unit=unit,
            kind=kind,
            indicator=indicator,
            participants=participants,
            start=start,
            end=end,
            prizes_cents=prizes,
            description=(description or "").strip(),
            created_by=user,
        )


def grids_of(unit: Unit) -> list[Unit]:
    """The grids under ``unit`` today (the unit itself if it is one)."""
    ids = subtree(unit_tree(today()), {unit.pk})
    return list(Unit.objects.filter(pk__in=ids, kind="grid").order_by("code"))


def _people_of(grids: list[Unit]) -> list[Person]:
    ids = (
        Assignment.objects.as_of(today())
        .filter(unit__in=grids)
        .values_list("person_id", flat=True)
        .distinct()
    )
    return list(Person.objects.filter(pk__in=ids).order_by("staff_no", "pk"))


def _range(c: Competition) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(c.start, time.min, tzinfo=tz),
        datetime.combine(rules.end_exclusive(c.end), time.min, tzinfo=tz),
    )


# indicator → (model, date field, grid path, person path, what is summed: None counts)
SOURCES = {
    rules.VISITS: (Visit, "checked_in_at", "unit_id", "person_id", {}),
    rules.SURVEYS: (Survey, "created_at", "unit_id", "surveyor_id", {}),
    rules.OPPORTUNITIES: (Opportunity, "created_at", "unit_id", "owner_id", {}),
    rules.NAMES_CONVERTED: (
        CampaignName,
        "updated_at",
        "unit_id",
        "person_id",
        {"outcome": NameOutcome.CONVERTED},
    ),
    rules.ORDERS_DONE: (
        WorkOrder,
        "closed_at",
        "unit_id",
        "assignee_id",
        {"status": WorkOrderStatus.DONE},
    ),
}


def figures(c: Competition, grids: list[Unit], people: list[Person]) -> dict[int, int]:
    """Participant id (grid or person) → the indicator's figure over the period."""
    lo, hi = _range(c)
    by_person = c.participants == rules.PERSON
    if c.indicator == rules.REALISED_VALUE:
        moves = StageMove.objects.filter(
            to_stage="realise",
            moved_at__gte=lo,
            moved_at__lt=hi,
            opportunity__unit__in=grids,
        ).values_list(
            "opportunity_id",
            "opportunity__unit_id",
            "opportunity__owner_id",
            "opportunity__value_cents",
        )
        out: dict[int, int] = {}
        for _opp, unit_id, owner_id, value in set(moves):  # a deal realised twice counts once
            key = owner_id if by_person else unit_id
            out[key] = out.get(key, 0) + value
        return out
    model, when, grid_path, person_path, extra = SOURCES[c.indicator]
    qs = model.objects.filter(**{f"{when}__gte": lo, f"{when}__lt": hi, "unit__in": grids}, **extra)
    key = person_path if by_person else grid_path
    if by_person:
        qs = qs.filter(**{f"{person_path}__in": [p.pk for p in people]})
    return dict(qs.values(key).annotate(n=Count("id")).values_list(key, "n"))


@dataclass(frozen=True)
class Row:
    rank: object
    key: int
    name: str
    code: str
    figure: int
    prize_cents: int


def leaderboard(c: Competition) -> list[Row]:
    """Every participant with its figure (0 when it has none), ranked; prizes by place.
    The caller loaded ``c`` through ``Competition.objects.visible_to``."""
    grids = grids_of(c.unit)
    people = _people_of(grids) if c.participants == rules.PERSON else []
    got = figures(c, grids, people)
    if c.participants == rules.PERSON:
        names = {p.pk: (p.name, p.staff_no) for p in people}
    else:
        names = {g.pk: (g.name, g.code) for g in grids}
    ranked = rules.standings([(k, got.get(k, 0)) for k in names], c.prizes_cents)
    return [
        Row(s.rank, s.key, names[s.key][0], names[s.key][1], s.figure, s.prize_cents)
        for s in ranked
    ]


def is_money(c: Competition) -> bool:
    return rules.INDICATORS[c.indicator]
