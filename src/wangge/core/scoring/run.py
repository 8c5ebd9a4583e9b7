"""The run: every subject of one scheme scored at once, items, totals, ranks, derivations."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from wangge.core.explain import Derivation, Fact, Words, format_number, term
from wangge.core.scoring.basics import ACTUAL, COMPLETION, LOWER, REWEIGHT, _fmt, _q, round_points
from wangge.core.scoring.curves import (
    BandCurve,
    Completion,
    Curve,
    RankCurve,
    _band_points,
    _curve_points,
    completion,
    rank_average,
)
from wangge.core.scoring.schemes import Indicator, Measurement, Scheme, ScoreInput
from wangge.core.scoring.validation import ValidationFailed, validate_run
from wangge.core.scoring.wording import direction_words, figure, reason_words

# --- results -----------------------------------------------------------------------


@dataclass(frozen=True)
class ItemScore:
    """Points of one item for one unit, with the derivation behind them.

    ``points`` is rounded; ``exact`` keeps the unrounded Fraction for audits.
    ``completion`` is None for qualitative items, band/rank on the actual, and
    for unbounded completion (then ``unbounded`` is True).
    """

    key: str
    label: str
    kind: str  # "quantitative" | "qualitative"
    weight: float
    points: float
    exact: Fraction
    completion: float | None
    derivation: Derivation
    unbounded: bool = False
    applicable: bool = True
    reason: Mapping[str, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form for the API (the exact Fraction as a 6-decimal string)."""
        return {
            "applicable": self.applicable,
            "reason": dict(self.reason) if self.reason else None,
            "key": self.key,
            "label": self.label,
            "kind": self.kind,
            "weight": self.weight,
            "points": self.points,
            "exact": format_number(self.exact, 6),
            "completion": self.completion,
            "unbounded": self.unbounded,
            "derivation": self.derivation.to_dict(),
        }


@dataclass(frozen=True)
class ScoreCard:
    """One unit's month under one scheme: items, sums, rank among the run's peers."""

    unit_id: str
    label: str
    scheme_code: str
    items: tuple[ItemScore, ...]
    quantitative: float
    qualitative: float
    total: float
    rank: float
    peers: int
    passed: bool | None
    derivation: Derivation

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form for the API and for storing a closed month's results."""
        return {
            "unit_id": self.unit_id,
            "label": self.label,
            "scheme_code": self.scheme_code,
            "items": [i.to_dict() for i in self.items],
            "quantitative": self.quantitative,
            "qualitative": self.qualitative,
            "total": self.total,
            "rank": self.rank,
            "peers": self.peers,
            "passed": self.passed,
            "derivation": self.derivation.to_dict(),
        }


def _to_float(x: Fraction | None, places: int = 6) -> float | None:
    return None if x is None else round_points(x, places)


#: up to this many units of one run, each unit's items are kept between working out
#: the totals and building the cards; above it they are worked out a second time, so
#: the memory of a run stays bounded whatever its size (the result is the same)
KEEP_ITEMS = 2000


def score_run(scheme: Scheme, inputs: Sequence[ScoreInput], *, places: int = 2) -> list[ScoreCard]:
    """Score every unit of one scheme for one period and rank them.

    Refuses (``ValidationFailed``) if :func:`validate_run` finds anything.
    Cards come back in the order of ``inputs``; ``rank`` is 1 for the highest
    total, ties share the average place, ``peers`` is the number of units in
    the run. Rank curves rank units on their completion (or, with measure
    "actual", on the actual, ascending when lower is better).
    """
    return list(score_run_iter(scheme, inputs, places=places))


def score_run_iter(
    scheme: Scheme,
    inputs: Sequence[ScoreInput],
    *,
    places: int = 2,
    keep_items: int | None = None,
) -> Iterator[ScoreCard]:
    """:func:`score_run` one card at a time, for a caller that writes them as they come.

    Ranks need every unit's total before the first card, so the items are worked out
    once for the totals; for runs above ``keep_items`` units they are dropped and
    worked out again card by card, which keeps memory flat at the price of scoring
    twice (``keep_items`` None: :data:`KEEP_ITEMS`). The problems are checked before
    the first card is given.
    """
    problems = validate_run(scheme, inputs)
    if problems:
        raise ValidationFailed(problems)

    # per indicator: completion and the value the curve reads
    comps: dict[tuple[str, str], Completion | None] = {}
    reads: dict[tuple[str, str], Fraction | None] = {}
    for inp in inputs:
        for ind in scheme.indicators:
            m = inp.measurements[ind.key]
            if m.not_applicable:
                continue
            if ind.measure == COMPLETION:
                comp = completion(m.target, m.actual, direction=ind.direction, form=ind.form)
                comps[inp.unit_id, ind.key] = comp
                reads[inp.unit_id, ind.key] = comp.value
            else:
                comps[inp.unit_id, ind.key] = None
                reads[inp.unit_id, ind.key] = _q(m.actual, "actual")

    rank_places: dict[str, dict[str, Fraction]] = {}
    for ind in scheme.indicators:
        if isinstance(ind.curve, RankCurve):
            higher_first = not (ind.measure == ACTUAL and ind.direction == LOWER)
            rank_places[ind.key] = rank_average(
                {
                    inp.unit_id: reads[inp.unit_id, ind.key]
                    for inp in inputs
                    if (inp.unit_id, ind.key) in reads
                },
                higher_first=higher_first,
            )

    n = len(inputs)

    def items_of(inp: ScoreInput) -> list[ItemScore]:
        items: list[ItemScore] = []
        weights = _effective_weights(scheme, inp)
        for ind in scheme.indicators:
            m = inp.measurements[ind.key]
            if m.not_applicable:
                items.append(_not_applicable_item(scheme, ind, m, places))
                continue
            items.append(
                _score_indicator(
                    ind,
                    m,
                    comps[inp.unit_id, ind.key],
                    reads[inp.unit_id, ind.key],
                    rank_places.get(ind.key, {}).get(inp.unit_id),
                    len(rank_places.get(ind.key, {})) or n,
                    places,
                    weights[ind.key],
                )
            )
        for q in scheme.qualitative:
            j = inp.judgements[q.key]
            pts = _q(j.points, "points")
            items.append(
                ItemScore(
                    key=q.key,
                    label=q.label,
                    kind="qualitative",
                    weight=round_points(q.max_points, places),
                    points=round_points(pts, places),
                    exact=pts,
                    completion=None,
                    derivation=Derivation(
                        label=q.label,
                        value=round_points(pts, places),
                        formula=Words("judgement.points", points=_fmt(pts), max=_fmt(q.max_points)),
                        inputs=(Fact("judgement", pts, source=j.by),),
                        notes=(Words("judgement.reason", reason=j.reason.strip()),),
                    ),
                )
            )
        return items

    keep = n <= (KEEP_ITEMS if keep_items is None else keep_items)
    kept: dict[str, list[ItemScore]] = {}
    totals: dict[str, Fraction] = {}
    for inp in inputs:
        items = items_of(inp)
        totals[inp.unit_id] = sum((Fraction(str(i.points)) for i in items), Fraction(0))
        if keep:
            kept[inp.unit_id] = items
    ranks = rank_average(totals)
    for inp in inputs:
        items = kept.pop(inp.unit_id) if keep else items_of(inp)
        yield _card(scheme, inp, items, totals[inp.unit_id], ranks[inp.unit_id], n, places)


def _card(
    scheme: Scheme,
    inp: ScoreInput,
    items: list[ItemScore],
    total: Fraction,
    rank: Fraction,
    n: int,
    places: int,
) -> ScoreCard:
    quant = sum((Fraction(str(i.points)) for i in items if i.kind == "quantitative"), Fraction(0))
    qual = sum((Fraction(str(i.points)) for i in items if i.kind == "qualitative"), Fraction(0))
    passed = None if scheme.pass_mark is None else total >= scheme.pass_mark
    notes = [Words("card.rank", rank=_fmt(rank), peers=str(n))]
    if passed is not None:
        verdict = "card.passed" if passed else "card.failed"
        notes.append(Words(verdict, mark=_fmt(scheme.pass_mark)))
    return ScoreCard(
        unit_id=inp.unit_id,
        label=inp.label,
        scheme_code=scheme.code,
        items=tuple(items),
        quantitative=float(quant),
        qualitative=float(qual),
        total=round_points(total, places),
        rank=float(rank),
        peers=n,
        passed=passed,
        derivation=Derivation(
            label=Words("card.total", subject=inp.label or inp.unit_id),
            value=round_points(total, places),
            formula=" + ".join(format_number(i.points, places) for i in items)
            + f" = {format_number(total, places)}",
            inputs=tuple(i.derivation for i in items),
            notes=tuple(notes),
        ),
    )


def _effective_weights(scheme: Scheme, inp: ScoreInput) -> dict[str, Fraction]:
    """Each indicator's weight on this card: as the scheme says, or, under the
    ``reweight`` rule, the weights of the items not applicable spread over the other
    quantitative items in proportion, w × W / (W − w_na), so the card keeps its total."""
    weights = {ind.key: ind.weight for ind in scheme.indicators}
    na = [ind for ind in scheme.indicators if inp.measurements[ind.key].not_applicable]
    if not na or scheme.not_applicable != REWEIGHT:
        return weights
    total = sum(weights.values(), Fraction(0))
    left = total - sum((ind.weight for ind in na), Fraction(0))
    if left <= 0:
        return weights  # nothing left to carry the weight: every item scores 0
    return {k: (w * total / left) for k, w in weights.items()}


def _not_applicable_item(scheme: Scheme, ind: Indicator, m: Measurement, places: int) -> ItemScore:
    reason = dict(m.not_applicable or {})
    rule = term(
        "its weight is spread over the other items"
        if scheme.not_applicable == REWEIGHT
        else "scored 0"
    )
    return ItemScore(
        key=ind.key,
        label=ind.label,
        kind="quantitative",
        weight=round_points(ind.weight, places),
        points=0.0,
        exact=Fraction(0),
        completion=None,
        derivation=Derivation(
            label=ind.label,
            value="—",
            formula=term("not applicable"),
            inputs=(),
            notes=(Words("item.not_applicable", reason=reason_words(reason), treatment=rule),),
            reason=reason,
        ),
        applicable=False,
        reason=reason,
    )


def _score_indicator(
    ind: Indicator,
    m: Measurement,
    comp: Completion | None,
    read: Fraction | None,
    place: Fraction | None,
    n: int,
    places: int,
    weight: Fraction | None = None,
) -> ItemScore:
    scheme_weight = ind.weight
    if weight is not None and weight != ind.weight:
        ind = replace(ind, weight=weight)
    unit = m.unit or ind.unit
    facts: list[Derivation | Fact] = []
    if m.target is not None:
        facts.append(Fact("target", _q(m.target), m.source, unit))
    facts.append(Fact("actual", _q(m.actual), m.source, unit))
    notes: list[Words] = []
    if m.parts:
        comp = None  # the pooled completion is not what the lines are scored on
    if comp is not None:
        facts.append(
            Derivation(
                "completion",
                comp.value if comp.value is not None else "∞",
                comp.formula,
                notes=comp.notes,
            )
        )
    curve = ind.curve
    if scheme_weight != ind.weight:
        notes.append(
            Words("item.reweighted", scheme_weight=_fmt(scheme_weight), weight=_fmt(ind.weight))
        )
    if m.parts and ind.measure == COMPLETION and not isinstance(curve, (RankCurve, BandCurve)):
        pts, formula, line_facts = _per_line_points(ind, m)
        facts.extend(line_facts)
        notes.append(term("scored per product line: each line on the curve, weighted by its share"))
    elif isinstance(curve, RankCurve):
        assert place is not None
        if n == 1:
            frac = curve.hi
            how = Words("rank.only_unit", hi=_fmt(curve.hi))
        else:
            frac = curve.lo + (curve.hi - curve.lo) * (n - place) / (n - 1)
            how = Words(
                "rank.fraction",
                lo=_fmt(curve.lo),
                hi=_fmt(curve.hi),
                peers=str(n),
                place=_fmt(place),
                fraction=_fmt(frac),
            )
        pts = ind.weight * frac
        formula = Words(
            "points.rank",
            place=_fmt(place),
            peers=str(n),
            weight=_fmt(ind.weight),
            how=how,
            points=_fmt(pts),
        )
    elif isinstance(curve, BandCurve):
        upper = ind.measure == ACTUAL and ind.direction == LOWER
        pts, formula = _band_points(curve, ind.weight, read, upper)
    else:
        pts, formula = _curve_points(curve, ind.weight, read)
    notes.append(curve.describe())
    shown = round_points(pts, places)
    summary = _summary(ind, m, comp, curve, formula, shown, places)
    return ItemScore(
        key=ind.key,
        label=ind.label,
        kind="quantitative",
        weight=round_points(ind.weight, places),
        points=shown,
        exact=pts,
        completion=_to_float(comp.value) if comp is not None else None,
        derivation=Derivation(
            label=ind.label,
            value=shown,
            formula=formula,
            inputs=tuple(facts),
            notes=(summary, *notes),
        ),
        unbounded=comp is not None and comp.value is None,
    )


def _per_line_points(ind: Indicator, m: Measurement) -> tuple[Fraction, str, list[Derivation]]:
    """Σ over lines of curve(weight × share, actual_l / target_l): a line's overshoot is
    capped on its own and cannot hide another line's shortfall."""
    total = Fraction(0)
    shown: list[str] = []
    facts: list[Derivation] = []
    for part in m.parts:
        comp = completion(part.target, part.actual, direction=ind.direction, form=ind.form)
        pts, how = _curve_points(ind.curve, ind.weight * part.share, comp.value)
        total += pts
        shown.append(_fmt(pts))
        facts.append(
            Derivation(
                Words("item.line", label=term(ind.label), line=term(part.line)),
                pts,
                Words("points.per_line", completion=comp.formula, points=how),
                (
                    Fact("target", _q(part.target)),
                    Fact("actual", _q(part.actual)),
                ),
                (Words("item.line_share", share=_fmt(part.share)),),
            )
        )
    return total, " + ".join(shown) + f" = {_fmt(total)}", facts


def _summary(
    ind: Indicator,
    m: Measurement,
    comp: Completion | None,
    curve: Curve,
    formula: Words | str,
    shown: float,
    places: int,
) -> str:
    """One sentence a grid manager can read: what, against what, how, how much."""
    unit = m.unit or ind.unit
    figures = {
        "label": term(ind.label),
        "actual": figure(_q(m.actual), unit),
        "curve": curve.describe(),
        "points": format_number(shown, places),
    }
    if m.target is None:
        return Words("summary.actual", **figures)
    figures["target"] = figure(_q(m.target), unit)
    if comp is None:
        return Words("summary.target", **figures)
    return Words(
        "summary.completion",
        direction=direction_words(ind.direction),
        completion=comp.formula,
        **figures,
    )
