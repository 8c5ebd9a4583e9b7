"""Targets in the shell: decompose a total down the tree, adjust it, set rate targets.

The arithmetic is ``wangge.core.targets``; this module builds the tree from the
organisation as of the month's last day, reads the four factors (population,
enterprises, last year's actual, current base) from the units and the analytics
store, and stores the result with its derivation. A plan keeps the tree and the
factors it used, so an adjustment later replays the same decomposition with one
more recorded adjustment and every level still adds up exactly.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from wangge.appraisal.models import (
    AppraisalRun,
    Measure,
    Target,
    TargetAdjustment,
    TargetPlan,
    TargetSource,
)
from wangge.appraisal.names import NameBook
from wangge.base.words import say
from wangge.core import appraisal as core
from wangge.core import targets as ct
from wangge.core.explain import Words
from wangge.core.months import add_months
from wangge.org.models import Unit, UnitLink

#: which figure column is "last year's actual" of a decomposed indicator
LAST_YEAR_COLUMN = {
    "development": "valid_new_adds",
    "new_adds.mobile": "valid_new_adds_mobile",
    "new_adds.broadband": "valid_new_adds_broadband",
    "new_adds.fixed": "valid_new_adds_fixed",
    "revenue": "billed_cents",
    "arrears_cents": "arrears_cents",
}


class TargetRefused(Exception):
    """A decomposition, adjustment or import that cannot be honoured (message says why)."""


def _refused(exc: Exception) -> TargetRefused:
    """The core's refusal in the viewer's language, its units named instead of numbered.

    The core words a refusal with unit ids (it knows no names); the figures ``unit``
    and ``sibling`` are replaced by the units' names before the catalogue words it."""
    words = exc.args[0] if exc.args else str(exc)
    if isinstance(words, Words):
        ids = {k: words.args[k] for k in ("unit", "sibling") if k in words.args}
        names = dict(Unit.objects.filter(pk__in=ids.values()).values_list("pk", "name"))
        named = {k: names.get(int(v), v) for k, v in ids.items() if str(v).isdigit()}
        if named:
            words = Words(words.rule, **{**words.args, **named})
    return TargetRefused(say(words))


def refuse_if_published(month: date) -> None:
    """A month whose appraisal is published keeps its targets: pay was computed on them."""
    if AppraisalRun.objects.filter(month=core.month_start(month)).published().exists():
        raise TargetRefused(
            _("%(month)s is published: its targets can no longer change")
            % {"month": f"{month:%Y-%m}"}
        )


def measure_of(indicator_key: str) -> str:
    if indicator_key in ("revenue", "arrears_cents"):
        return Measure.CENTS
    if indicator_key.startswith("new_adds") or indicator_key == "development":
        return Measure.COUNT
    return Measure.RATIO


def _tree(on: date, root: Unit) -> dict[int, list[int]]:
    """Children of every unit below ``root`` on ``on``, pruned to branches holding grids."""
    children: dict[int, list[int]] = defaultdict(list)
    for unit_id, parent_id in (
        UnitLink.objects.as_of(on).order_by("unit__code").values_list("unit_id", "parent_id")
    ):
        children[parent_id].append(unit_id)
    grids = set(Unit.objects.filter(kind="grid").values_list("pk", flat=True))

    def keep(uid: int) -> bool:
        return uid in grids or any(keep(c) for c in children.get(uid, []))

    pruned: dict[int, list[int]] = {}

    def walk(uid: int) -> None:
        if uid in grids:
            return
        kids = [c for c in children.get(uid, []) if keep(c)]
        pruned[uid] = kids
        for c in kids:
            walk(c)

    walk(root.pk)
    return pruned


def grid_rows(store: Path, month: date, cache: dict | None) -> list[dict[str, Any]]:
    from wangge.analytics.run import period_figures
    from wangge.engines import month_files

    key = (str(store), month)
    if cache is not None and key in cache:
        return cache[key]
    rows = period_figures(store, month)["grid"].to_pylist() if month_files(store, month) else []
    if cache is not None:
        cache[key] = rows
    return rows


def _store_factors(
    store: Path | None, month: date, indicator_key: str, cache: dict | None = None
) -> tuple[dict[int, int], dict[int, int]]:
    """Last year's actual and the current base per grid from the store (empty if absent)."""
    if store is None or not (Path(store) / "dims").is_dir():
        return {}, {}
    last_year: dict[int, int] = {}
    base: dict[int, int] = {}
    column = LAST_YEAR_COLUMN.get(indicator_key)
    if column:
        for r in grid_rows(store, add_months(month, -12), cache):
            if r["grid_id"] is not None:
                last_year[r["grid_id"]] = max(int(r[column] or 0), 0)
    for r in grid_rows(store, add_months(month, -1), cache):
        if r["grid_id"] is not None:
            base[r["grid_id"]] = int(r["subscribers_close"] or 0)
    return last_year, base


def _build_nodes(plan: TargetPlan) -> ct.TargetNode:
    tree: dict[str, list[str]] = plan.factors["tree"]
    factors: dict[str, dict[str, int]] = plan.factors["factors"]
    labels: dict[str, str] = plan.factors["labels"]

    def node(uid: str) -> ct.TargetNode:
        return ct.TargetNode(
            uid,
            ct.UnitFactors(**factors[uid]),
            tuple(node(c) for c in tree.get(uid, [])),
            labels.get(uid, uid),
        )

    return node(str(plan.root_id))


def _weights(plan: TargetPlan) -> ct.DecompositionWeights:
    return (
        ct.DecompositionWeights.from_dict(plan.weights)
        if plan.weights
        else ct.DecompositionWeights()
    )


def _apply(plan: TargetPlan, result: ct.Decomposition, adjusted: set[str]) -> None:
    existing = {str(t.unit_id): t for t in plan.targets.all()}
    for uid, value in result.values.items():
        derivation = result.derivations.get(uid)
        d = derivation.to_dict() if derivation is not None else None
        if d is None:
            d = {
                "kind": "derivation",
                "label": "target",
                "value": value,
                "formula": f"company total {value}",
                "unit": "",
                "notes": [],
                "inputs": [],
            }
        source = TargetSource.ADJUSTED if uid in adjusted else TargetSource.DECOMPOSED
        t = existing.get(uid)
        if t is None:
            Target.objects.filter(
                month=plan.month, indicator_key=plan.indicator_key, unit_id=int(uid)
            ).delete()
            Target.objects.create(
                plan=plan,
                month=plan.month,
                indicator_key=plan.indicator_key,
                unit_id=int(uid),
                value=value,
                measure=plan.measure,
                formula_value=result.formula_values.get(uid),
                source=source,
                derivation=d,
            )
        elif (t.value, t.formula_value, t.source, t.derivation) != (
            value,
            result.formula_values.get(uid),
            source,
            d,
        ):
            t.value, t.formula_value, t.source, t.derivation = (
                value,
                result.formula_values.get(uid),
                source,
                d,
            )
            t.save()


def decompose_targets(
    month: date,
    indicator_key: str,
    total: int,
    *,
    root: Unit | None = None,
    weights: dict[str, Any] | None = None,
    measure: str | None = None,
    store: Path | None = None,
    user=None,
    note: str = "",
    cache: dict | None = None,
) -> TargetPlan:
    """Split ``total`` of ``indicator_key`` for ``month`` from ``root`` (the city) to the grids.

    Re-decomposing a month and indicator replaces the plan, unless a director has
    already adjusted it: then it is refused, because their adjustments were made
    against the old figures (delete the plan first to start over). ``cache`` (a
    dict) shares the store's figures between several decompositions of a month.
    """
    month = core.month_start(month)
    refuse_if_published(month)
    on = core.month_end(month)
    root = root or Unit.objects.filter(kind="city").order_by("pk").first()
    if root is None:
        raise TargetRefused(_("no city unit to decompose from"))
    try:
        dw = ct.DecompositionWeights.from_dict(weights) if weights else ct.DecompositionWeights()
    except ct.TargetError as exc:
        raise _refused(exc) from exc
    tree = _tree(on, root)
    if not tree.get(root.pk):
        raise TargetRefused(
            _("%(unit)s has no grids below it on %(day)s") % {"unit": root.name, "day": on}
        )
    last_year, base = _store_factors(store, month, indicator_key, cache)
    units = {u.pk: u for u in Unit.objects.all()}

    factors: dict[int, dict[str, int]] = {}

    def fac(uid: int) -> dict[str, int]:
        if uid in factors:
            return factors[uid]
        kids = tree.get(uid)
        if kids is None:  # a grid
            u = units[uid]
            f = {
                "population": u.population,
                "economic": u.enterprises,
                "last_year": last_year.get(uid, 0),
                "base": base.get(uid, 0),
            }
        else:
            f = {"population": 0, "economic": 0, "last_year": 0, "base": 0}
            for c in kids:
                for k, v in fac(c).items():
                    f[k] += v
        factors[uid] = f
        return f

    fac(root.pk)
    stored = {
        "tree": {str(k): [str(c) for c in v] for k, v in tree.items()},
        "factors": {str(k): v for k, v in factors.items()},
        "labels": {str(k): units[k].name for k in factors},
    }
    with transaction.atomic():
        plan = TargetPlan.objects.filter(
            month=month, indicator_key=indicator_key, root=root
        ).first()
        if plan is not None and plan.adjustments.exists():
            raise TargetRefused(
                f"{indicator_key} {month:%Y-%m} has adjustments; delete the plan to decompose again"
            )
        if plan is None:
            plan = TargetPlan(month=month, indicator_key=indicator_key, root=root)
        plan.total = total
        plan.measure = measure or measure_of(indicator_key)
        plan.weights = {k: str(v) for k, v in dw.as_dict().items()}
        plan.factors = stored
        plan.note = note
        plan.created_by = user
        plan.save()
        try:
            result = ct.decompose(total, _build_nodes(plan), dw)
        except ct.TargetError as exc:
            raise _refused(exc) from exc
        _apply(plan, result, set())
    return plan


def adjust_target(
    month: date, indicator_key: str, unit: Unit, after: int, reason: str, *, user=None
) -> TargetAdjustment:
    """Move one unit's target within ±10 % of its formula value, with a written reason.

    The plan is decomposed again with every recorded adjustment plus this one, so
    the siblings absorb the difference and everything below them follows.
    """
    month = core.month_start(month)
    if not reason or not reason.strip():
        raise TargetRefused(say(Words("adjust.no_reason", unit=unit.name)))
    if after < 0:
        raise TargetRefused(
            _("%(unit)s: a target must not be negative (got %(value)s)")
            % {"unit": unit.name, "value": after}
        )
    refuse_if_published(month)
    target = (
        Target.objects.filter(month=month, indicator_key=indicator_key, unit=unit)
        .select_related("plan")
        .first()
    )
    if target is None or target.plan is None:
        raise TargetRefused(
            _("%(unit)s has no decomposed %(indicator)s target for %(month)s")
            % {
                "unit": unit.name,
                "indicator": NameBook().item(indicator_key),
                "month": f"{month:%Y-%m}",
            }
        )
    plan = target.plan
    if target.unit_id == plan.root_id:
        raise TargetRefused(_("the company total is not adjusted; decompose a new total instead"))
    by = user.get_username() if user is not None else "system"
    previous = [
        ct.Adjustment(str(a.unit_id), a.after, a.reason, a.by_name)
        for a in plan.adjustments.order_by("at", "pk")
    ]
    new = ct.Adjustment(str(unit.pk), after, reason.strip(), by)
    # a unit adjusted twice: its latest wins
    kept = [a for a in previous if a.unit_id != new.unit_id] + [new]
    with transaction.atomic():
        try:
            result = ct.decompose(plan.total, _build_nodes(plan), _weights(plan), adjustments=kept)
        except ct.TargetError as exc:
            raise _refused(exc) from exc
        record = next(r for r in result.records if r.unit_id == new.unit_id)
        _apply(plan, result, {a.unit_id for a in kept})
        return TargetAdjustment.objects.create(
            plan=plan,
            month=month,
            indicator_key=indicator_key,
            unit=unit,
            before=target.value,
            after=after,
            formula_value=record.formula_value,
            reason=reason.strip(),
            siblings={k: list(v) for k, v in record.siblings.items()},
            by=user,
            by_name=by,
        )


def set_targets(
    month: date,
    indicator_key: str,
    value: int,
    units: list[Unit],
    *,
    measure: str | None = None,
    source: str = TargetSource.IMPORTED,
    note: str = "",
) -> int:
    """Give each unit the same target (e.g. a churn rate of 150 ten-thousandths for every grid)."""
    month = core.month_start(month)
    refuse_if_published(month)
    measure = measure or measure_of(indicator_key)
    with transaction.atomic():
        for u in units:
            store_target(
                month,
                indicator_key,
                u,
                None,
                value,
                measure=measure,
                source=source,
                formula=note or f"set for every {u.get_kind_display()}",
            )
    return len(units)


def store_target(
    month: date,
    indicator_key: str,
    unit: Unit | None,
    person,
    value: int,
    *,
    measure: str,
    source: str,
    formula: str,
) -> None:
    """Set one unit's or person's target outside any plan; its derivation is ``formula``
    (where the value came from: a sheet's row, the same target for every grid)."""
    Target.objects.update_or_create(
        month=month,
        indicator_key=indicator_key,
        unit=unit,
        person=person,
        defaults={
            "value": value,
            "measure": measure,
            "source": source,
            "plan": None,
            "formula_value": None,
            "derivation": {
                "kind": "derivation",
                "label": "target",
                "value": value,
                "formula": formula,
                "unit": "",
                "notes": [],
                "inputs": [],
            },
        },
    )
