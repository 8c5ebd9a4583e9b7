"""Appraisal for the demo city: schemes, targets, survey figures, judgements, closed months.

``prepare_demo(months)`` is called by ``wangge demo`` after the city is loaded. For
every month given it decomposes development targets by product line from last
year's actuals (+5 %), sets the rate targets per grid class, enters the figures
billing does not hold (satisfaction survey, visit coverage …) and a director's
judgement scores, then closes and publishes the month, so the dashboard opens on
real scores with a trend. The invented figures are seeded by month and person:
the same demo always shows the same scores.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_noop

from wangge.appraisal.close import close_month, gather_subjects, publish_month
from wangge.appraisal.models import (
    AppraisalRun,
    EnteredFigure,
    QualitativeScore,
    RunStatus,
    TargetPlan,
)
from wangge.appraisal.schemes import schemes_in_use, seed_schemes
from wangge.appraisal.targets import decompose_targets, grid_rows, set_targets
from wangge.core import appraisal as core
from wangge.core.months import add_months
from wangge.org.models import Unit

#: rate targets per grid class, in ten-thousandths (ours, for the demo)
RATE_TARGETS = {
    "A": {"revenue_growth": 300, "arrears": 700, "churn": 110, "input_output": 45000},
    "B": {"revenue_growth": 100, "arrears": 800, "churn": 130, "input_output": 40000},
}
#: entered figures: indicator → (low, high, target, its measure); ratios in ten-thousandths
ENTERED = {
    "satisfaction": (Fraction(78), Fraction(98), None, "points"),
    "visit_coverage": (Fraction(60, 100), Fraction(100, 100), 8000, "ratio"),
    "opportunity_conversion": (Fraction(15, 100), Fraction(40, 100), 2500, "ratio"),
    "records_complete": (Fraction(80, 100), Fraction(100, 100), 9000, "ratio"),
    "complaint_on_time": (Fraction(80, 100), Fraction(100, 100), 9000, "ratio"),
    # reverse appraisal of the back office: average of front-line raters out of 100
    "responsiveness": (Fraction(70), Fraction(98), 100, "points"),
    "problem_solving": (Fraction(70), Fraction(98), 100, "points"),
    "attitude": (Fraction(75), Fraction(99), 100, "points"),
}
#: where each entered figure came from (English: pages translate it through the catalogue)
_SOURCES = {
    "satisfaction": gettext_noop("demo satisfaction survey"),
    "visit_coverage": gettext_noop("demo visit log"),
    "opportunity_conversion": gettext_noop("demo opportunity register"),
    "records_complete": gettext_noop("demo records audit"),
    "complaint_on_time": gettext_noop("demo complaint log"),
    "responsiveness": gettext_noop("demo front-line rating"),
    "problem_solving": gettext_noop("demo front-line rating"),
    "attitude": gettext_noop("demo front-line rating"),
}
LINE_DEFAULTS = {"mobile": 2000, "broadband": 1100, "fixed": 550}

Progress = Callable[[str, int, int], None]


def _rng(month: date, kind: str, ref: int) -> random.Random:
    return random.Random(f"{month:%Y-%m}/{kind}/{ref}")


def _between(rng: random.Random, low: Fraction, high: Fraction) -> Decimal:
    value = low + (high - low) * Fraction(rng.randint(0, 1000), 1000)
    return Decimal(round(float(value), 4)).quantize(Decimal("0.0001"))


def _line_totals(store: Path, month: date, cache: dict) -> dict[str, int]:
    """Last year's valid adds per line over the grids, +5 %, at least ten per grid
    (so no grid gets a zero target, which the close would rightly refuse)."""
    rows = grid_rows(store, add_months(month, -12), cache)
    if not rows:
        return dict(LINE_DEFAULTS)
    floor = 10 * len(rows)
    return {
        line: max(sum(r[f"valid_new_adds_{line}"] for r in rows) * 105 // 100, floor)
        for line in LINE_DEFAULTS
    }


def prepare_month(month: date, *, store: Path | None = None) -> None:
    """Targets, entered figures and judgements for one month (replacing earlier demo ones)."""
    month = core.month_start(month)
    store = Path(store or settings.STORE_DIR)
    with transaction.atomic():
        TargetPlan.objects.filter(month=month).delete()
        cache: dict = {}
        for line, total in _line_totals(store, month, cache).items():
            decompose_targets(
                month, f"new_adds.{line}", total, store=store, note="demo", cache=cache
            )
        for grid_class, rates in RATE_TARGETS.items():
            grids = list(Unit.objects.filter(kind="grid", grid_class=grid_class))
            for key, value in rates.items():
                set_targets(month, key, value, grids, note=f"演示目标：{grid_class} 类网格")
        # centers, areas and county branches: people assigned there answer for all their grids
        upper = list(Unit.objects.filter(kind__in=["center", "area", "county", "city"]))
        for key, value in RATE_TARGETS["B"].items():
            set_targets(month, key, value, upper, note="演示目标：网格以上单元")
        schemes = schemes_in_use()
        subjects = gather_subjects(month)
        chosen, by_code, _ = core.assign_schemes(month, subjects, schemes)
        EnteredFigure.objects.filter(month=month).delete()
        QualitativeScore.objects.filter(month=month).delete()
        figures, judgements = [], []
        for code, members in chosen.items():
            scheme = by_code[code]
            for s in members:
                rng = _rng(month, s.kind, s.ref)
                subject = {"unit_id": s.ref} if s.kind == "unit" else {"person_id": s.ref}
                for ind in scheme.indicators:
                    if ind.key not in ENTERED:
                        continue
                    low, high, _, _ = ENTERED[ind.key]
                    figures.append(
                        EnteredFigure(
                            month=month,
                            indicator_key=ind.key,
                            value=_between(rng, low, high),
                            source=_SOURCES.get(ind.key, gettext_noop("demo survey")),
                            **subject,
                        )
                    )
                for q in scheme.qualitative:
                    share = Fraction(rng.randint(65, 100), 100)
                    judgements.append(
                        QualitativeScore(
                            month=month,
                            item_key=q.key,
                            points=Decimal(round(float(q.max_points * share), 1)),
                            reason="演示：中心主任月度评议",
                            **subject,
                        )
                    )
        EnteredFigure.objects.bulk_create(figures, batch_size=2000)
        QualitativeScore.objects.bulk_create(judgements, batch_size=2000)
        _person_targets_for_entered(month, chosen)


def _person_targets_for_entered(month: date, chosen) -> None:
    """Targets of entered indicators for persons (visit coverage …), as imported targets."""
    from wangge.appraisal.models import Target, TargetSource

    rows = []
    for members in chosen.values():
        for s in members:
            if s.kind != "person":
                continue
            for key, (_, _, target, measure) in ENTERED.items():
                if target is None:
                    continue
                rows.append(
                    Target(
                        month=month,
                        indicator_key=key,
                        person_id=s.ref,
                        value=target,
                        measure=measure,
                        source=TargetSource.IMPORTED,
                        derivation={
                            "kind": "derivation",
                            "label": "target",
                            "value": target,
                            "formula": "演示目标：每人相同",
                            "unit": "",
                            "notes": [],
                            "inputs": [],
                        },
                    )
                )
    Target.objects.filter(month=month, person__isnull=False, indicator_key__in=ENTERED).delete()
    Target.objects.bulk_create(rows, batch_size=2000)


def prepare_demo(
    months: Sequence[date], *, store: Path | None = None, progress: Progress | None = None
) -> list[AppraisalRun]:
    """Seed the schemes, then prepare, close and publish each month (oldest first)."""
    seed_schemes()
    runs = []
    months = sorted({core.month_start(m) for m in months})
    for i, month in enumerate(months):
        if progress:
            progress("appraisal", i, len(months))
        if AppraisalRun.objects.filter(month=month, status=RunStatus.PUBLISHED).exists():
            continue
        prepare_month(month, store=store)
        close_month(month, store=store)
        runs.append(publish_month(month))
    if progress:
        progress("appraisal", len(months), len(months))
    return runs
