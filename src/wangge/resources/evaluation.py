"""The closed loop of a month, for the units a person sees: planned, spent, attributed
revenue, the input-output ratio and the flag (``wangge.core.resources.loop``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from django.conf import settings

from wangge.core.months import add_months
from wangge.core.resources import loop
from wangge.core.resources.kinds import DEFAULT_FLAG_BELOW
from wangge.org.models import Unit
from wangge.resources import records
from wangge.resources.choices import PlanStatus
from wangge.resources.models import PlanLine, Result, Use


def flag_below() -> Fraction:
    """``WANGGE_RESOURCES_FLAG_BELOW`` (default 1): a ratio under it is flagged."""
    return Fraction(str(getattr(settings, "WANGGE_RESOURCES_FLAG_BELOW", DEFAULT_FLAG_BELOW)))


@dataclass(frozen=True)
class Row:
    unit: Unit
    evaluation: loop.Evaluation


def _rows(model, user):
    """``visible_to(user)``; ``None`` is a batch run (a command) acting for the company."""
    return model.objects.all() if user is None else model.objects.visible_to(user)


def month_rows(user, month: date) -> list[Row]:
    """One row per unit in scope with a plan, spending or results in ``month``."""
    end = add_months(month, 1)
    window = timedelta(days=loop.DEFAULT_WINDOW_DAYS)
    uses = records.uses(_rows(Use, user), day__gte=month - window, day__lt=end)
    results = records.results(_rows(Result, user), day__gte=month, day__lt=end)
    credits = loop.attribute(uses.values(), results)

    planned: dict[tuple, int] = defaultdict(int)
    expected: dict[tuple, int] = defaultdict(int)
    lines = _rows(PlanLine, user).filter(plan__month=month, plan__status=PlanStatus.ACCEPTED)
    for line in lines:
        planned[(line.unit_id, month)] += line.cents
        expected[(line.unit_id, month)] += line.expected_cents
    rows = loop.evaluate(
        list(uses.values()), results, credits, planned=planned, expected=expected,
        flag_below=flag_below(),
    )  # fmt: skip
    rows = [r for r in rows if r.month == month]
    units = Unit.objects.in_bulk({r.unit for r in rows})
    return [Row(units[r.unit], r) for r in rows if r.unit in units]


def input_by_grid(month: date) -> dict[int, int]:
    """Resource spending per unit in ``month`` (cents): the promotion part of the
    marketing input the appraisal's input-output rate reads."""
    out: dict[int, int] = defaultdict(int)
    for u in Use.objects.filter(day__gte=month, day__lt=add_months(month, 1)):
        out[u.unit_id] += u.cents
    return dict(out)
