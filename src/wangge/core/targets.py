"""Target decomposition (指标分解) down the organisation tree.

The company issues a total (new subscribers, revenue in cents, an arrears
reduction ...) and it flows down: company → centers / county branches → grids →
persons. Each unit's share among its siblings blends four indicators::

    share = α·population share + β·economic share + γ·last year's actual share
            + δ·current base share

with α 0.3, β 0.2, γ 0.3, δ 0.2 by default (*ours*, DOMAIN §8). Every split goes
through :func:`wangge.core.money.split_exact`, so at every level the parts add
back up to the parent exactly, for counts and for cents alike, and for negative
totals (a target to *reduce* arrears) too.

A director may move a unit's figure within ±10 % (configurable) of its formula
value, with a written reason; the difference is taken from (or given to) the
siblings in proportion to their figures so the parent total still holds, and an
:class:`AdjustmentRecord` is produced for the audit trail.

People who change product line are judged by phase: e.g. a former fixed-line
salesperson 80 % fixed / 20 % mobile from one date, 60/40 from another, then
full-service weights taken from their service area. :func:`weights_in_force`
answers "which weights on this date".
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from wangge.core.explain import Derivation, Fact, Words, format_number, term
from wangge.core.money import split_exact

__all__ = [
    "DEFAULT_ADJUSTMENT_LIMIT",
    "Adjustment",
    "AdjustmentRecord",
    "Decomposition",
    "DecompositionWeights",
    "LinePhase",
    "TargetError",
    "TargetNode",
    "UnitFactors",
    "adjust",
    "decompose",
    "full_service_weights",
    "sibling_shares",
    "split_among",
    "split_by_line",
    "weights_in_force",
]

Number = int | float | str | Fraction

#: a director may move a formula figure by at most this fraction of itself (*ours*)
DEFAULT_ADJUSTMENT_LIMIT = Fraction(1, 10)

#: the decomposition factors as people call them (the catalogue carries each)
FACTOR_NAMES = {
    "population": "population",
    "economic": "economic activity",
    "last_year": "same month last year",
    "base": "base",
}


class TargetError(ValueError):
    """A decomposition or adjustment request that cannot be honoured."""


def _exact(value: Number, what: str) -> Fraction:
    """Exact fraction from an int, a decimal string, a float or a Fraction.

    Floats go through ``str`` so that 0.3 means three tenths, not the binary
    neighbour of it; weights that "sum to 1" then really do.
    """
    if isinstance(value, bool):
        raise TargetError(f"{what} must be a number, got {value!r}")
    try:
        if isinstance(value, float):
            return Fraction(str(value))
        return Fraction(value)
    except (TypeError, ValueError, ZeroDivisionError) as exc:
        raise TargetError(f"{what} must be a number, got {value!r}") from exc


# --- weights and factors -----------------------------------------------------


@dataclass(frozen=True)
class DecompositionWeights:
    """α, β, γ, δ: how much each indicator counts in a unit's share.

    They must sum to exactly 1: a mix that silently summed to 0.9 would make
    every unit's share wrong by the same hidden factor.
    """

    population: Fraction = Fraction(3, 10)
    economic: Fraction = Fraction(2, 10)
    last_year: Fraction = Fraction(3, 10)
    base: Fraction = Fraction(2, 10)

    def __post_init__(self) -> None:
        for name in ("population", "economic", "last_year", "base"):
            value = _exact(getattr(self, name), f"weight {name}")
            if value < 0:
                raise TargetError(f"weight {name} must not be negative, got {value}")
            object.__setattr__(self, name, value)
        total = self.population + self.economic + self.last_year + self.base
        if total != 1:
            raise TargetError(
                "decomposition weights must sum to 1 "
                f"(population {self.population} + economic {self.economic} + "
                f"last year {self.last_year} + base {self.base} = {total})"
            )

    def as_dict(self) -> dict[str, Fraction]:
        return {
            "population": self.population,
            "economic": self.economic,
            "last_year": self.last_year,
            "base": self.base,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Number]) -> DecompositionWeights:
        """Build from stored JSON (strings like "0.3" or "3/10" keep them exact)."""
        unknown = set(data) - {"population", "economic", "last_year", "base"}
        if unknown:
            raise TargetError(f"unknown decomposition weights: {sorted(unknown)}")
        return cls(**{k: _exact(v, f"weight {k}") for k, v in data.items()})


@dataclass(frozen=True)
class UnitFactors:
    """The four indicators of one unit used to weigh its share.

    ``economic`` is the unit's economic weight (e.g. enterprises plus retail
    outlets, or a composite the company computes); ``last_year`` is last year's
    actual of the indicator being decomposed; ``base`` the current subscriber or
    revenue base. Units may be anything comparable among siblings; they must not
    be negative.
    """

    population: Number = 0
    economic: Number = 0
    last_year: Number = 0
    base: Number = 0

    def __post_init__(self) -> None:
        for name in ("population", "economic", "last_year", "base"):
            value = _exact(getattr(self, name), f"factor {name}")
            if value < 0:
                raise TargetError(f"factor {name} must not be negative, got {value}")
            object.__setattr__(self, name, value)


@dataclass(frozen=True)
class TargetNode:
    """A unit in the decomposition tree (company, center, grid or person)."""

    unit_id: str
    factors: UnitFactors = field(default_factory=UnitFactors)
    children: tuple[TargetNode, ...] = ()
    label: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "children", tuple(self.children))


def sibling_shares(
    factors: Sequence[UnitFactors], weights: DecompositionWeights | None = None
) -> list[Fraction]:
    """Each sibling's exact share (they sum to 1).

    An indicator that is zero for every sibling (say no population data for
    persons) carries no information, so its weight is dropped and the others
    are scaled up to fill it (*ours*). If every indicator is zero the siblings
    share equally.
    """
    weights = weights or DecompositionWeights()
    n = len(factors)
    if n == 0:
        return []
    used: list[tuple[Fraction, list[Fraction]]] = []
    for name, weight in weights.as_dict().items():
        values = [getattr(f, name) for f in factors]
        column_total = sum(values)
        if weight == 0 or column_total == 0:
            continue
        used.append((weight, [v / column_total for v in values]))
    used_weight = sum(w for w, _ in used)
    if not used or used_weight == 0:
        return [Fraction(1, n)] * n
    return [sum(w * shares[i] for w, shares in used) / used_weight for i in range(n)]


def split_among(
    total: int, factors: Sequence[UnitFactors], weights: DecompositionWeights | None = None
) -> list[int]:
    """Split an integer total over siblings by their blended shares, exactly."""
    if not isinstance(total, int) or isinstance(total, bool):
        raise TargetError(f"a total must be an integer (count or cents), got {total!r}")
    return split_exact(total, sibling_shares(factors, weights))


# --- adjustments ---------------------------------------------------------------


@dataclass(frozen=True)
class Adjustment:
    """A director's request to set a unit's figure to ``after`` (reason mandatory)."""

    unit_id: str
    after: int
    reason: str
    by: str


@dataclass(frozen=True)
class AdjustmentRecord:
    """What an adjustment did, for the audit trail.

    ``siblings`` maps each sibling that absorbed part of the difference to its
    (before, after) figures, so the record alone explains the new totals.
    """

    unit_id: str
    before: int
    after: int
    reason: str
    by: str
    formula_value: int
    siblings: Mapping[str, tuple[int, int]]

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form for the audit trail."""
        return {
            "unit_id": self.unit_id,
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
            "by": self.by,
            "formula_value": self.formula_value,
            "siblings": {u: list(pair) for u, pair in self.siblings.items()},
        }


def adjust(
    values: Mapping[str, int],
    adjustment: Adjustment,
    *,
    formula_values: Mapping[str, int] | None = None,
    limit: Number = DEFAULT_ADJUSTMENT_LIMIT,
    pinned: frozenset[str] | set[str] = frozenset(),
) -> tuple[dict[str, int], AdjustmentRecord]:
    """Move one unit's figure among ``values`` (its siblings) and rebalance the rest.

    The new figure must stay within ``limit`` (default 10 %) of the unit's
    formula value, measured on its magnitude so negative targets work the same
    way. The difference is spread over the other siblings in proportion to the
    magnitude of their current figures, with ``split_exact``; siblings in
    ``pinned`` (already adjusted by hand) are left alone. The sum of ``values``
    is unchanged, exactly. Refused: an empty reason, an unknown unit, a figure
    outside the band, no sibling left to absorb the difference, or a sibling
    that would change sign.
    """
    if not adjustment.reason or not adjustment.reason.strip():
        raise TargetError(Words("adjust.no_reason", unit=adjustment.unit_id))
    if adjustment.unit_id not in values:
        raise TargetError(f"unit {adjustment.unit_id} is not among these siblings")
    if not isinstance(adjustment.after, int) or isinstance(adjustment.after, bool):
        raise TargetError(f"the adjusted figure must be an integer, got {adjustment.after!r}")
    limit = _exact(limit, "adjustment limit")
    if limit < 0:
        raise TargetError("the adjustment limit must not be negative")
    before = values[adjustment.unit_id]
    formula = (formula_values or values)[adjustment.unit_id]
    band = abs(formula) * limit
    if abs(adjustment.after - formula) > band:
        raise TargetError(
            Words(
                "adjust.outside_band",
                unit=adjustment.unit_id,
                after=str(adjustment.after),
                limit=format_number(limit * 100),
                formula=str(formula),
                low=format_number(formula - band),
                high=format_number(formula + band),
            )
        )
    delta = adjustment.after - before
    others = [u for u in values if u != adjustment.unit_id and u not in pinned]
    result = dict(values)
    result[adjustment.unit_id] = adjustment.after
    sibling_changes: dict[str, tuple[int, int]] = {}
    if delta:
        if not others:
            raise TargetError(Words("adjust.no_sibling", unit=adjustment.unit_id, delta=str(delta)))
        magnitudes = [abs(values[u]) for u in others]
        if sum(magnitudes) == 0:
            magnitudes = [1] * len(others)
        for unit, part in zip(others, split_exact(-delta, magnitudes), strict=True):
            new = values[unit] + part
            if values[unit] != 0 and (new > 0) != (values[unit] > 0) and new != 0:
                raise TargetError(
                    Words(
                        "adjust.flips_sign",
                        unit=adjustment.unit_id,
                        sibling=unit,
                        before=str(values[unit]),
                        after=str(new),
                    )
                )
            result[unit] = new
            sibling_changes[unit] = (values[unit], new)
    record = AdjustmentRecord(
        unit_id=adjustment.unit_id,
        before=before,
        after=adjustment.after,
        reason=adjustment.reason.strip(),
        by=adjustment.by,
        formula_value=formula,
        siblings=sibling_changes,
    )
    return result, record


# --- the whole tree ------------------------------------------------------------


@dataclass(frozen=True)
class Decomposition:
    """The result of decomposing a total down a tree.

    ``values`` holds every unit's figure (the root holds the total);
    ``formula_values`` what the formula gave each unit from its parent's final figure,
    before hand adjustments at its own level;
    ``records`` the adjustments applied, in order; ``derivations`` one
    explanation per unit below the root.
    """

    values: Mapping[str, int]
    formula_values: Mapping[str, int]
    records: tuple[AdjustmentRecord, ...]
    derivations: Mapping[str, Derivation]


def decompose(
    total: int,
    root: TargetNode,
    weights: DecompositionWeights | None = None,
    *,
    adjustments: Sequence[Adjustment] = (),
    limit: Number = DEFAULT_ADJUSTMENT_LIMIT,
) -> Decomposition:
    """Decompose ``total`` from ``root`` down to the leaves.

    At each level the children split their parent's figure by
    :func:`split_among`; then the adjustments aimed at those children are
    applied in the given order (each pins its unit, so a later sibling's
    adjustment does not undo it); then each child's final figure is decomposed
    further. Every level therefore sums exactly to its parent. Adjustments to
    units not in the tree, or to the root, are refused.
    """
    weights = weights or DecompositionWeights()
    if not isinstance(total, int) or isinstance(total, bool):
        raise TargetError(f"a total must be an integer (count or cents), got {total!r}")
    by_parent: dict[str, list[Adjustment]] = {}
    seen: set[str] = set()
    parent_of: dict[str, str] = {}

    def index(node: TargetNode) -> None:
        if node.unit_id in seen:
            raise TargetError(f"unit {node.unit_id} appears twice in the tree")
        seen.add(node.unit_id)
        for child in node.children:
            parent_of[child.unit_id] = node.unit_id
            index(child)

    index(root)
    for adj in adjustments:
        if adj.unit_id not in parent_of:
            raise TargetError(f"cannot adjust {adj.unit_id}: not a unit below the root")
        by_parent.setdefault(parent_of[adj.unit_id], []).append(adj)

    values: dict[str, int] = {root.unit_id: total}
    formula_values: dict[str, int] = {root.unit_id: total}
    records: list[AdjustmentRecord] = []
    derivations: dict[str, Derivation] = {}

    def walk(node: TargetNode) -> None:
        if not node.children:
            return
        factors = [c.factors for c in node.children]
        shares = sibling_shares(factors, weights)
        parts = split_exact(values[node.unit_id], shares)
        level = {c.unit_id: p for c, p in zip(node.children, parts, strict=True)}
        formula = dict(level)
        pinned: set[str] = set()
        level_records: dict[str, AdjustmentRecord] = {}
        for adj in by_parent.get(node.unit_id, ()):
            level, record = adjust(level, adj, formula_values=formula, limit=limit, pinned=pinned)
            pinned.add(adj.unit_id)
            records.append(record)
            level_records[adj.unit_id] = record
        for child, share in zip(node.children, shares, strict=True):
            values[child.unit_id] = level[child.unit_id]
            formula_values[child.unit_id] = formula[child.unit_id]
            derivations[child.unit_id] = _explain_child(
                child,
                node,
                values[node.unit_id],
                share,
                formula[child.unit_id],
                level[child.unit_id],
                weights,
                factors,
                level_records.get(child.unit_id),
            )
            walk(child)

    walk(root)
    return Decomposition(values, formula_values, tuple(records), derivations)


def _explain_child(
    child: TargetNode,
    parent: TargetNode,
    parent_total: int,
    share: Fraction,
    formula_value: int,
    final: int,
    weights: DecompositionWeights,
    sibling_factors: Sequence[UnitFactors],
    record: AdjustmentRecord | None,
) -> Derivation:
    inputs: list[Derivation | Fact] = [
        Fact(Words("target.of", unit=parent.label or parent.unit_id), parent_total)
    ]
    for name, weight in weights.as_dict().items():
        column_total = sum(getattr(f, name) for f in sibling_factors)
        own = getattr(child.factors, name)
        inputs.append(
            Fact(
                Words(
                    "decompose.factor",
                    factor=term(FACTOR_NAMES.get(name, name)),
                    weight=format_number(weight),
                ),
                own,
                source=Words("decompose.among_siblings", total=str(column_total)),
            )
        )
    notes = [term("largest remainder: the siblings add up exactly to the parent")]
    if record is not None:
        notes.append(
            Words(
                "decompose.adjusted",
                by=record.by,
                before=str(record.before),
                after=str(record.after),
                reason=record.reason,
            )
        )
    elif final != formula_value:
        notes.append(Words("decompose.absorbed", before=str(formula_value), after=str(final)))
    return Derivation(
        label=child.label or child.unit_id,
        value=final,
        formula=Words(
            "decompose.share",
            parent=str(parent_total),
            share=f"{float(share):.4f}",
            value=str(formula_value),
        ),
        inputs=tuple(inputs),
        notes=tuple(notes),
    )


# --- product-line phases ---------------------------------------------------------


@dataclass(frozen=True)
class LinePhase:
    """Product-line weights in force from ``starts`` until the next phase starts.

    ``weights`` maps product line → share (summing to 1). ``None`` means "full
    service": the weights are taken from the person's service area (see
    :func:`full_service_weights`), so they follow its population and economy.
    """

    starts: dt.date
    weights: Mapping[str, Number] | None
    label: str = ""

    def __post_init__(self) -> None:
        if self.weights is None:
            return
        exact = {line: _exact(w, f"phase weight {line}") for line, w in self.weights.items()}
        if any(w < 0 for w in exact.values()):
            raise TargetError(f"phase {self.label or self.starts}: weights must not be negative")
        if sum(exact.values()) != 1:
            raise TargetError(
                f"phase {self.label or self.starts}: product-line weights must sum to 1, "
                f"got {sum(exact.values())}"
            )
        object.__setattr__(self, "weights", exact)


def full_service_weights(area_line_targets: Mapping[str, Number]) -> dict[str, Fraction]:
    """Product-line weights from the service area's own targets by line.

    The area's line targets were themselves decomposed by population and
    economy, so their proportions are the "full-service" mix for a person there.
    Magnitudes are used, so an arrears-reduction line (negative) still weighs in.
    """
    exact = {line: abs(_exact(v, f"area target {line}")) for line, v in area_line_targets.items()}
    total = sum(exact.values())
    if total == 0:
        raise TargetError("the service area has no product-line targets to derive weights from")
    return {line: v / total for line, v in exact.items()}


def weights_in_force(
    phases: Sequence[LinePhase],
    on: dt.date,
    *,
    area_line_targets: Mapping[str, Number] | None = None,
) -> dict[str, Fraction]:
    """The product-line weights in force on ``on``: those of the latest phase started.

    A date before the first phase is refused (the person had no line targets
    then); a full-service phase needs ``area_line_targets``. Two phases on the
    same start date are refused as ambiguous.
    """
    ordered = sorted(phases, key=lambda p: p.starts)
    for a, b in itertools.pairwise(ordered):
        if a.starts == b.starts:
            raise TargetError(f"two phases start on {a.starts}")
    current = None
    for phase in ordered:
        if phase.starts <= on:
            current = phase
    if current is None:
        raise TargetError(f"no product-line phase is in force on {on}")
    if current.weights is None:
        if area_line_targets is None:
            raise TargetError(
                f"phase {current.label or current.starts} is full-service: "
                "the service area's line targets are needed"
            )
        return full_service_weights(area_line_targets)
    return dict(current.weights)


def split_by_line(total: int, line_weights: Mapping[str, Number]) -> dict[str, int]:
    """Split a person's integer target (or weight points) over product lines exactly."""
    lines = list(line_weights)
    parts = split_exact(total, [_exact(line_weights[x], f"weight {x}") for x in lines])
    return dict(zip(lines, parts, strict=True))
