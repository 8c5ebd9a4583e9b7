"""Who the month-end close appraises, with everything the month holds for each.

Gathered from the database as of the month's last day: every grid linked into the
tree and every assigned person, with their targets (a person without one takes their
units' targets, combined by the core), the figures entered by hand and the judgement
scores; the month's analytics figures are attached after the checks
(:func:`with_figures`). Targets are read in one query with their plans and the
latest adjustment of each, not one query per target.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

from wangge.appraisal.models import (
    EnteredFigure,
    QualitativeScore,
    Target,
    TargetAdjustment,
    TargetPlan,
)
from wangge.core import appraisal as core
from wangge.core.explain import Derivation
from wangge.core.org import subtree
from wangge.core.rates import RateOptions
from wangge.core.scoring import Judgement
from wangge.engines import month_files
from wangge.org.models import Assignment, Person, Unit, UnitLink
from wangge.org.scope import unit_tree

Figures = dict[str, dict[int, dict[str, Any]]]

__all__ = [
    "billing_months",
    "gather_subjects",
    "load_figures",
    "person_key",
    "target_source",
    "unit_key",
    "with_figures",
]


def unit_key(unit: Unit) -> str:
    return f"{unit.code} {unit.name}"


def person_key(person: Person) -> str:
    return f"{person.staff_no} {person.name}"


class _Sources:
    """The month's target plans and latest adjustments, read once for every target."""

    def __init__(self, month: date):
        self.plans = {p.pk: p for p in TargetPlan.objects.filter(month=month)}
        self.adjustments: dict[tuple[int, str], TargetAdjustment] = {}
        for adj in (
            TargetAdjustment.objects.filter(month=month).select_related("by").order_by("at", "pk")
        ):
            self.adjustments[adj.unit_id, adj.indicator_key] = adj  # the latest wins

    def source(self, t: Target) -> str:
        """Where a target came from, in words for the derivation."""
        if t.source == "decomposed" and t.plan_id:
            plan = self.plans.get(t.plan_id) or t.plan
            return f"decomposed from {plan.indicator_key} {plan.month:%Y-%m} total {plan.total}"
        if t.source == "adjusted":
            adj = self.adjustments.get((t.unit_id, t.indicator_key)) if t.unit_id else None
            if adj is not None:
                who = adj.by_name or (adj.by.get_username() if adj.by else "")
                return (
                    f"adjusted by {who} on {adj.at:%Y-%m-%d}: "
                    f"{adj.before} → {adj.after} ({adj.reason})"
                )
            return "adjusted"
        if t.source == "imported":
            return "imported"
        return t.source


def target_source(t: Target) -> str:
    """Where one target came from, in words for the derivation."""
    return _Sources(t.month).source(t)


def _target_value(t: Target, sources: _Sources) -> core.TargetValue:
    derivation = Derivation.from_dict(t.derivation) if t.derivation else None
    return core.TargetValue(t.value, t.measure, sources.source(t), derivation)


def gather_subjects(month: date, figures: Figures | None = None) -> list[core.Subject]:
    """Every grid and every assigned person as of the month's last day, with their inputs.

    ``figures`` maps level ("grid", "person") to id → figures row; without it the
    subjects carry no figures (enough for the checks that need none).
    """
    month = core.month_start(month)
    on = core.month_end(month)
    figures = figures or {}
    linked = set(UnitLink.objects.as_of(on).values_list("unit_id", flat=True))
    grids = [u for u in Unit.objects.filter(kind="grid").order_by("code") if u.pk in linked]
    sources = _Sources(month)
    unit_targets: dict[int, dict[str, core.TargetValue]] = defaultdict(dict)
    person_targets: dict[int, dict[str, core.TargetValue]] = defaultdict(dict)
    for t in Target.objects.filter(month=month).order_by("pk").iterator(chunk_size=5000):
        tv = _target_value(t, sources)
        if t.unit_id:
            unit_targets[t.unit_id][t.indicator_key] = tv
        else:
            person_targets[t.person_id][t.indicator_key] = tv
    manual_u: dict[int, dict[str, core.ManualFigure]] = defaultdict(dict)
    manual_p: dict[int, dict[str, core.ManualFigure]] = defaultdict(dict)
    for f in EnteredFigure.objects.filter(month=month):
        mf = core.ManualFigure(Fraction(str(f.value)), f.source or "entered")
        (manual_u[f.unit_id] if f.unit_id else manual_p[f.person_id])[f.indicator_key] = mf
    judg_u: dict[int, dict[str, Judgement]] = defaultdict(dict)
    judg_p: dict[int, dict[str, Judgement]] = defaultdict(dict)
    for q in QualitativeScore.objects.filter(month=month).select_related("entered_by"):
        j = Judgement(
            Fraction(str(q.points)), q.reason, q.entered_by.get_username() if q.entered_by else ""
        )
        (judg_u[q.unit_id] if q.unit_id else judg_p[q.person_id])[q.item_key] = j
    subjects: list[core.Subject] = []
    grid_fig = figures.get("grid", {})
    for g in grids:
        subjects.append(
            core.Subject(
                key=unit_key(g),
                kind="unit",
                ref=g.pk,
                role="grid",
                label=g.name,
                grid_class=g.grid_class or None,
                figures=grid_fig.get(g.pk),
                targets=unit_targets.get(g.pk, {}),
                manual=manual_u.get(g.pk, {}),
                judgements=judg_u.get(g.pk, {}),
            )
        )
    names = dict(Unit.objects.values_list("pk", "name"))
    by_person: dict[int, list[Assignment]] = defaultdict(list)
    for a in Assignment.objects.as_of(on).select_related("person").order_by("person_id", "pk"):
        by_person[a.person_id].append(a)
    person_fig = figures.get("person", {})
    tree = unit_tree(on)
    grid_ids = {g.pk for g in grids}
    for pid, assignments in sorted(by_person.items()):
        person = assignments[0].person
        own = dict(person_targets.get(pid, {}))
        keys = {k for a in assignments for k in unit_targets.get(a.unit_id, {})}
        for key in sorted(keys - set(own)):
            parts = [
                (names[a.unit_id], unit_targets[a.unit_id][key])
                for a in assignments
                if key in unit_targets.get(a.unit_id, {})
            ]
            combined = core.combine_targets(parts)
            if combined is not None:
                own[key] = combined
        subjects.append(
            core.Subject(
                key=person_key(person),
                kind="person",
                ref=pid,
                role=person.post,
                label=person.name,
                figures=person_fig.get(pid),
                targets=own,
                manual=manual_p.get(pid, {}),
                judgements=judg_p.get(pid, {}),
                no_grid=not (subtree(tree, {a.unit_id for a in assignments}) & grid_ids),
            )
        )
    return subjects


def with_figures(subject: core.Subject, figures: Figures) -> core.Subject:
    """The subject with its row of the month's figures attached."""
    level = "grid" if subject.kind == "unit" else "person"
    return dataclasses.replace(subject, figures=figures.get(level, {}).get(subject.ref))


def billing_months(store: Path, month: date) -> list[date]:
    """The month itself if the store holds its billing facts (else nothing)."""
    return [month] if month_files(store, month) else []


def load_figures(month: date, engine: str | None, options: RateOptions, store: Path) -> Figures:
    """Grid and person figures of the month from the analytics layer, keyed by id."""
    from wangge.analytics.run import period_figures

    tables = period_figures(store, month, engine=engine, options=options)
    grid = {r["grid_id"]: r for r in tables["grid"].to_pylist() if r["grid_id"] is not None}
    person = {r["person_id"]: r for r in tables["person"].to_pylist()}
    return {"grid": grid, "person": person}
