"""Monthly appraisal: scoring indicators on curves, scorecards, ranking.

A scheme (考核方案) belongs to a role or post, optionally a grid class (A/B) and
a phase, and is in force between two dates. It lists quantitative indicators
(weight, direction, completion form, curve) and qualitative items (judgement
points entered by a director with a written reason). A run scores every unit
or person of one scheme at once, because the "rank" curve and the final ranking
need all peers.

Arithmetic is exact (``Fraction``) from the inputs to the points; only the
points shown are rounded, to ``places`` decimals (2 by default) half-up, so
the same inputs always give the same figures on every machine. A card's total
is the sum of its *rounded* item points, so the page adds up to what it shows.

Choices we made (documented here and in the tests):

* Completion, higher is better: ``A / T`` (form "ratio") or
  ``((A − T) + |T|) / |T|`` (form "negative_safe"; equals ``A / T`` when T > 0).
* Completion, lower is better: ``T / A`` ("ratio") or ``((T − A) + |T|) / |T|``
  ("negative_safe"; note for T > 0 this is ``2 − A/T``, a gentler slope than
  ``T / A``).
* A zero actual on a lower-is-better ratio indicator (no churn at all) is not
  an error: completion is unbounded and the curve pays its maximum (the cap,
  or the stretch level). It is shown as "∞ (no actual: best possible)".
* A zero target can't be a denominator: validation refuses it for every form.
  A negative target is refused for the "ratio" form (A / T flips meaning);
  use "negative_safe". A negative actual on a lower-is-better "ratio"
  indicator is refused for the same reason.
* Base/stretch: 0 below the threshold; from the threshold to the base the
  points rise linearly from 0 to w; from base to stretch linearly from w to
  1.2 w (the stretch factor); capped at 1.2 w above the stretch.
* Ranking: a higher total ranks first; equal totals (after rounding) share
  the average of the places they occupy (two units tied for first are both 1.5).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from wangge.core.explain import Derivation, Fact, format_number

__all__ = [
    "ACTUAL",
    "COMPLETION",
    "DEFAULT_SATISFACTION_BANDS",
    "HIGHER",
    "LOWER",
    "NEGATIVE_SAFE",
    "RATIO",
    "Band",
    "BandCurve",
    "BaseStretch",
    "Completion",
    "FloorCap",
    "Indicator",
    "ItemScore",
    "Judgement",
    "LinePart",
    "Measurement",
    "Problem",
    "QualitativeItem",
    "RankCurve",
    "Scheme",
    "SchemeError",
    "ScoreCard",
    "ScoreInput",
    "Subject",
    "ValidationFailed",
    "average_ratings",
    "completion",
    "curve_from_dict",
    "curve_to_dict",
    "rank_average",
    "reverse_appraisal_input",
    "round_points",
    "scheme_from_dict",
    "scheme_to_dict",
    "score_run",
    "select_scheme",
    "split_indicator_by_line",
    "validate_assignment",
    "validate_inputs",
    "validate_run",
    "validate_scheme",
]

Number = int | float | str | Fraction | Decimal

HIGHER = "higher"
LOWER = "lower"
RATIO = "ratio"
NEGATIVE_SAFE = "negative_safe"
COMPLETION = "completion"
ACTUAL = "actual"
REWEIGHT = "reweight"
ZERO = "zero"
#: what a card does with an item that is not applicable for one subject
NOT_APPLICABLE_RULES = (REWEIGHT, ZERO)

DIRECTIONS = (HIGHER, LOWER)
FORMS = (RATIO, NEGATIVE_SAFE)
MEASURES = (COMPLETION, ACTUAL)


class SchemeError(ValueError):
    """A scheme definition (e.g. stored JSON) that cannot be read."""


def _q(value: Number | None, what: str = "value") -> Fraction:
    """Exact fraction; floats via ``str`` so 0.6 is six tenths."""
    if value is None or isinstance(value, bool):
        raise SchemeError(f"{what} must be a number, got {value!r}")
    try:
        if isinstance(value, float):
            return Fraction(str(value))
        return Fraction(value)
    except (TypeError, ValueError, ZeroDivisionError) as exc:
        raise SchemeError(f"{what} must be a number, got {value!r}") from exc


def _opt_q(value: Number | None, what: str) -> Fraction | None:
    return None if value is None else _q(value, what)


def round_points(value: Fraction, places: int = 2) -> float:
    """Round exact points half-up to ``places`` decimals and return a float."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def _fmt(value: Fraction | None) -> str:
    return "∞" if value is None else format_number(value, 4)


# --- curves ----------------------------------------------------------------------


@dataclass(frozen=True)
class FloorCap:
    """Default curve: 0 below ``floor``; ``w × min(c, cap)`` from the floor up."""

    floor: Fraction = Fraction(6, 10)
    cap: Fraction = Fraction(12, 10)
    kind: str = field(default="floor_cap", init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "floor", _q(self.floor, "floor"))
        object.__setattr__(self, "cap", _q(self.cap, "cap"))

    def describe(self) -> str:
        return f"curve floor {_fmt(self.floor)} cap {_fmt(self.cap)}"


@dataclass(frozen=True)
class BaseStretch:
    """Level scoring: 0 → w linear from threshold to base, w → factor·w to stretch."""

    threshold: Fraction = Fraction(8, 10)
    base: Fraction = Fraction(1)
    stretch: Fraction = Fraction(12, 10)
    stretch_factor: Fraction = Fraction(12, 10)
    kind: str = field(default="base_stretch", init=False)

    def __post_init__(self) -> None:
        for name in ("threshold", "base", "stretch", "stretch_factor"):
            object.__setattr__(self, name, _q(getattr(self, name), name))

    def describe(self) -> str:
        return (
            f"curve threshold {_fmt(self.threshold)} base {_fmt(self.base)} "
            f"stretch {_fmt(self.stretch)} (×{_fmt(self.stretch_factor)})"
        )


@dataclass(frozen=True)
class RankCurve:
    """Points by place among peers: ``w × (lo + (hi − lo) × (N − rank) / (N − 1))``."""

    lo: Fraction = Fraction(6, 10)
    hi: Fraction = Fraction(1)
    kind: str = field(default="rank", init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lo", _q(self.lo, "lo"))
        object.__setattr__(self, "hi", _q(self.hi, "hi"))

    def describe(self) -> str:
        return f"rank curve lo {_fmt(self.lo)} hi {_fmt(self.hi)}"


@dataclass(frozen=True)
class Band:
    """One band: a value at least ``bound`` earns ``share`` of the weight.

    For a lower-is-better indicator measured on the actual, ``bound`` is an
    upper bound instead (a value at most ``bound`` earns ``share``).
    """

    bound: Fraction
    share: Fraction
    label: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "bound", _q(self.bound, "band bound"))
        object.__setattr__(self, "share", _q(self.share, "band share"))


@dataclass(frozen=True)
class BandCurve:
    """Banded points (e.g. satisfaction): the best band reached pays; none pays 0."""

    bands: tuple[Band, ...]
    kind: str = field(default="band", init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "bands", tuple(self.bands))

    def describe(self) -> str:
        parts = [f"{b.label or '≥' + _fmt(b.bound)}→{_fmt(b.share)}" for b in self.bands]
        return "bands " + ", ".join(parts)


Curve = FloorCap | BaseStretch | RankCurve | BandCurve

#: *practice* bands, shares *ours*: very satisfied 90–100 full weight,
#: satisfied 80–90 four fifths, fairly satisfied 70–80 three fifths, below 0.
DEFAULT_SATISFACTION_BANDS = BandCurve(
    (
        Band(Fraction(90), Fraction(1), "very satisfied 90–100"),
        Band(Fraction(80), Fraction(8, 10), "satisfied 80–90"),
        Band(Fraction(70), Fraction(6, 10), "fairly satisfied 70–80"),
    )
)


# --- scheme --------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    """A quantitative item of a scheme.

    ``weight`` is in points of the scheme's total (100). ``measure`` says what
    the curve reads: the completion (default) or the actual value itself (bands
    on a satisfaction score, ranking on a raw rate).
    """

    key: str
    label: str
    weight: Fraction
    direction: str = HIGHER
    curve: Curve = field(default_factory=FloorCap)
    form: str = RATIO
    measure: str = COMPLETION
    unit: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "weight", _q(self.weight, f"weight of {self.key}"))


@dataclass(frozen=True)
class QualitativeItem:
    """A judgement item: a director enters 0 … ``max_points`` with a reason."""

    key: str
    label: str
    max_points: Fraction

    def __post_init__(self) -> None:
        object.__setattr__(self, "max_points", _q(self.max_points, f"max of {self.key}"))


@dataclass(frozen=True)
class Scheme:
    """An appraisal scheme in force for a role/post, grid class and phase.

    ``role`` is a post (``grid_manager`` …) for persons or a unit kind
    (``grid``, ``county``, ``back_office`` …) for units. ``grid_class`` and
    ``phase`` of ``None`` match any. ``valid_from`` is inclusive, ``valid_to``
    exclusive, ``None`` open. Quantitative weights plus qualitative maxima must
    make ``total_points``; qualitative maxima may not exceed
    ``qualitative_cap`` so judgement stays the minority. ``pass_mark`` (e.g.
    80 for the standardisation audit) makes each card say passed or not.
    """

    code: str
    name: str
    role: str
    indicators: tuple[Indicator, ...]
    qualitative: tuple[QualitativeItem, ...] = ()
    grid_class: str | None = None
    phase: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    total_points: Fraction = Fraction(100)
    qualitative_cap: Fraction = Fraction(20)
    pass_mark: Fraction | None = None
    description: str = ""
    not_applicable: str = REWEIGHT
    """An item not applicable to one subject (growth of a grid with no revenue a year
    ago): ``reweight`` spreads its weight over the card's other quantitative items in
    proportion to their weights; ``zero`` scores it 0 and leaves the others as they are."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "indicators", tuple(self.indicators))
        object.__setattr__(self, "qualitative", tuple(self.qualitative))
        object.__setattr__(self, "total_points", _q(self.total_points, "total_points"))
        object.__setattr__(self, "qualitative_cap", _q(self.qualitative_cap, "qualitative_cap"))
        object.__setattr__(self, "pass_mark", _opt_q(self.pass_mark, "pass_mark"))

    def in_force(self, on: dt.date) -> bool:
        """True if the scheme applies on ``on``."""
        if self.valid_from is not None and on < self.valid_from:
            return False
        return not (self.valid_to is not None and on >= self.valid_to)

    def indicator(self, key: str) -> Indicator:
        for ind in self.indicators:
            if ind.key == key:
                return ind
        raise KeyError(key)


# --- inputs ----------------------------------------------------------------------


@dataclass(frozen=True)
class LinePart:
    """One product line of a development item scored per line: its own target and actual,
    and its share of the item's weight."""

    line: str
    target: Number
    actual: Number
    share: Fraction


@dataclass(frozen=True)
class Measurement:
    """Target and actual of one indicator for one unit (either may be missing).

    ``source`` is shown in the derivation ("billing 2026-10"); ``unit`` is a
    display unit ("%"), purely cosmetic: completion is a ratio either way.
    ``not_applicable`` (a structured reason, e.g. ``{"key": "no_base_revenue",
    "month": "2025-10"}``) marks an item that has no figure for this subject by
    definition: it is not refused, the scheme's ``not_applicable`` rule scores it.
    ``parts`` score a completion item per product line (each line on the curve,
    weighted by its share) instead of on the pooled target and actual.
    """

    target: Number | None
    actual: Number | None
    source: str = ""
    unit: str = ""
    not_applicable: Mapping[str, str] | None = None
    parts: tuple[LinePart, ...] = ()


@dataclass(frozen=True)
class Judgement:
    """A qualitative score entered by a director; the reason is mandatory."""

    points: Number
    reason: str
    by: str = ""


@dataclass(frozen=True)
class ScoreInput:
    """Everything needed to score one unit or person under one scheme."""

    unit_id: str
    measurements: Mapping[str, Measurement] = field(default_factory=dict)
    judgements: Mapping[str, Judgement] = field(default_factory=dict)
    label: str = ""


@dataclass(frozen=True)
class Subject:
    """Who is being appraised, for picking the scheme in force."""

    unit_id: str
    role: str
    grid_class: str | None = None
    phase: str | None = None


@dataclass(frozen=True)
class Problem:
    """One reason a run can't proceed, naming scheme, unit and field."""

    scheme: str
    unit: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.scheme}" + (f" / {self.unit}" if self.unit else "")
        return f"{where} / {self.field}: {self.message}"


class ValidationFailed(ValueError):
    """Raised by :func:`score_run` when validation found problems (in ``.problems``)."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


# --- validation ----------------------------------------------------------------


def validate_scheme(scheme: Scheme) -> list[Problem]:
    """Problems in a scheme's own definition, before any unit is looked at."""
    out: list[Problem] = []

    def bad(fld: str, msg: str) -> None:
        out.append(Problem(scheme.code, "", fld, msg))

    keys = [i.key for i in scheme.indicators] + [q.key for q in scheme.qualitative]
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        bad(key, "item key used twice")
    quant = sum((i.weight for i in scheme.indicators), Fraction(0))
    qual = sum((q.max_points for q in scheme.qualitative), Fraction(0))
    if quant + qual != scheme.total_points:
        bad(
            "weights",
            f"quantitative {_fmt(quant)} + qualitative {_fmt(qual)} = {_fmt(quant + qual)}, "
            f"not {_fmt(scheme.total_points)}",
        )
    if qual > scheme.qualitative_cap:
        bad(
            "qualitative",
            f"qualitative items total {_fmt(qual)}, above the cap of "
            f"{_fmt(scheme.qualitative_cap)}",
        )
    if qual and qual * 2 >= scheme.total_points:
        bad(
            "qualitative",
            f"judgement worth {_fmt(qual)} of {_fmt(scheme.total_points)} would not be the "
            "minority of the points",
        )
    if (
        scheme.valid_from is not None
        and scheme.valid_to is not None
        and scheme.valid_from >= scheme.valid_to
    ):
        bad("valid_to", f"ends {scheme.valid_to}, not after it starts {scheme.valid_from}")
    for q in scheme.qualitative:
        if q.max_points <= 0:
            bad(q.key, "a qualitative item needs a positive maximum")
    for ind in scheme.indicators:
        out.extend(_indicator_problems(scheme.code, ind))
    if scheme.not_applicable not in NOT_APPLICABLE_RULES:
        bad("not_applicable", f"is one of {', '.join(NOT_APPLICABLE_RULES)}")
    return out


def _indicator_problems(code: str, ind: Indicator) -> list[Problem]:
    out: list[Problem] = []

    def bad(fld: str, msg: str) -> None:
        out.append(Problem(code, "", f"{ind.key}.{fld}", msg))

    if ind.weight <= 0:
        bad("weight", f"weight must be positive, got {_fmt(ind.weight)}")
    if ind.direction not in DIRECTIONS:
        bad("direction", f"must be one of {DIRECTIONS}, got {ind.direction!r}")
    if ind.form not in FORMS:
        bad("form", f"must be one of {FORMS}, got {ind.form!r}")
    if ind.measure not in MEASURES:
        bad("measure", f"must be one of {MEASURES}, got {ind.measure!r}")
    curve = ind.curve
    if isinstance(curve, FloorCap | BaseStretch) and ind.measure != COMPLETION:
        bad("measure", f"the {curve.kind} curve reads completion, not the actual")
    if isinstance(curve, FloorCap):
        if curve.floor < 0:
            bad("floor", f"floor must not be negative, got {_fmt(curve.floor)}")
        if curve.floor > curve.cap:
            bad("floor", f"floor {_fmt(curve.floor)} is above cap {_fmt(curve.cap)}")
        if curve.cap < 1:
            bad("cap", f"cap {_fmt(curve.cap)} below 1 would cut on-target scores")
    elif isinstance(curve, BaseStretch):
        if not curve.threshold < curve.base < curve.stretch:
            bad(
                "threshold",
                f"threshold {_fmt(curve.threshold)}, base {_fmt(curve.base)}, "
                f"stretch {_fmt(curve.stretch)} must be strictly increasing",
            )
        if curve.stretch_factor < 1:
            bad("stretch_factor", f"must be at least 1, got {_fmt(curve.stretch_factor)}")
    elif isinstance(curve, RankCurve):
        if not 0 <= curve.lo <= curve.hi:
            bad("lo", f"need 0 ≤ lo ≤ hi, got lo {_fmt(curve.lo)} hi {_fmt(curve.hi)}")
    elif isinstance(curve, BandCurve):
        if not curve.bands:
            bad("bands", "a band curve needs at least one band")
        bounds = [b.bound for b in curve.bands]
        if len(set(bounds)) != len(bounds):
            bad("bands", "two bands share a bound")
        for b in curve.bands:
            if b.share < 0:
                bad("bands", f"band {_fmt(b.bound)} pays a negative share")
    else:
        bad("curve", f"unknown curve {curve!r}")
    return out


def validate_inputs(scheme: Scheme, inputs: Sequence[ScoreInput]) -> list[Problem]:
    """Problems with the month's data for a scheme: missing facts, unusable targets.

    Missing actuals (a month without billing facts) and missing judgements stop
    the run rather than scoring zero, because a zero would look like a result.
    """
    out: list[Problem] = []
    seen: set[str] = set()
    for inp in inputs:
        if inp.unit_id in seen:
            out.append(Problem(scheme.code, inp.unit_id, "unit_id", "unit listed twice"))
        seen.add(inp.unit_id)
        for ind in scheme.indicators:
            out.extend(_measurement_problems(scheme.code, inp, ind))
        for q in scheme.qualitative:
            j = inp.judgements.get(q.key)
            if j is None:
                out.append(Problem(scheme.code, inp.unit_id, q.key, "judgement missing"))
                continue
            if not j.reason or not j.reason.strip():
                out.append(
                    Problem(scheme.code, inp.unit_id, q.key, "a judgement needs a written reason")
                )
            try:
                pts = _q(j.points, "points")
            except SchemeError as exc:
                out.append(Problem(scheme.code, inp.unit_id, q.key, str(exc)))
                continue
            if not 0 <= pts <= q.max_points:
                out.append(
                    Problem(
                        scheme.code,
                        inp.unit_id,
                        q.key,
                        f"{_fmt(pts)} points is outside 0 … {_fmt(q.max_points)}",
                    )
                )
        known = {q.key for q in scheme.qualitative}
        for key in sorted(set(inp.judgements) - known):
            out.append(Problem(scheme.code, inp.unit_id, key, "no such qualitative item"))
    return out


def _measurement_problems(code: str, inp: ScoreInput, ind: Indicator) -> list[Problem]:
    def bad(msg: str) -> list[Problem]:
        return [Problem(code, inp.unit_id, ind.key, msg)]

    m = inp.measurements.get(ind.key)
    if m is not None and m.not_applicable:
        return []
    if m is None or m.actual is None:
        return bad("actual missing (no facts for the month?)")
    try:
        actual = _q(m.actual, "actual")
        target = _opt_q(m.target, "target")
    except SchemeError as exc:
        return bad(str(exc))
    if ind.measure == ACTUAL:
        return []
    if target is None:
        return bad("target missing")
    if target == 0:
        return bad("target is zero: completion has no denominator")
    if target < 0 and ind.form == RATIO:
        return bad(
            "negative target with the ratio form; use the negative_safe form ((A − T) + |T|) / |T|"
        )
    if ind.direction == LOWER and ind.form == RATIO and actual < 0:
        return bad("negative actual on a lower-is-better ratio; use the negative_safe form")
    return []


def validate_run(scheme: Scheme, inputs: Sequence[ScoreInput]) -> list[Problem]:
    """Everything :func:`score_run` checks: the scheme, then the month's inputs."""
    return validate_scheme(scheme) + validate_inputs(scheme, inputs)


def validate_assignment(
    subjects: Sequence[Subject], schemes: Sequence[Scheme], on: dt.date
) -> list[Problem]:
    """One problem per unit or person with no scheme (or two equally fitting) on ``on``."""
    out: list[Problem] = []
    for s in subjects:
        try:
            select_scheme(schemes, s, on)
        except LookupError as exc:
            out.append(Problem("", s.unit_id, "scheme", str(exc)))
    return out


# --- selection -----------------------------------------------------------------


def select_scheme(schemes: Sequence[Scheme], subject: Subject, on: dt.date) -> Scheme:
    """The scheme in force for ``subject`` on ``on``.

    Candidates: same role, in force on the date, grid class and phase equal to
    the subject's or left open (``None``). The most specific wins (a class or
    phase named beats one left open); among equally specific ones the latest
    ``valid_from`` wins. Raises ``LookupError`` when none fits or two fit equally.
    """
    fits = [
        s
        for s in schemes
        if s.role == subject.role
        and s.in_force(on)
        and s.grid_class in (None, subject.grid_class)
        and s.phase in (None, subject.phase)
    ]
    if not fits:
        raise LookupError(
            f"no scheme for role {subject.role!r}, class {subject.grid_class!r}, "
            f"phase {subject.phase!r} on {on}"
        )

    def key(s: Scheme) -> tuple[int, dt.date]:
        specific = (s.grid_class is not None) + (s.phase is not None)
        return (specific, s.valid_from or dt.date.min)

    fits.sort(key=key, reverse=True)
    if len(fits) > 1 and key(fits[0]) == key(fits[1]):
        raise LookupError(
            f"schemes {fits[0].code!r} and {fits[1].code!r} fit {subject.unit_id} equally on {on}"
        )
    return fits[0]


# --- completion and curves -----------------------------------------------------------


@dataclass(frozen=True)
class Completion:
    """Completion of one indicator; ``value`` None means unbounded (best possible)."""

    value: Fraction | None
    formula: str
    notes: tuple[str, ...] = ()


def completion(
    target: Number, actual: Number, *, direction: str = HIGHER, form: str = RATIO
) -> Completion:
    """Completion of ``actual`` against ``target`` (see the module notes for the forms)."""
    t = _q(target, "target")
    a = _q(actual, "actual")
    if t == 0:
        raise ZeroDivisionError("a zero target has no completion; validation refuses it")
    ts, as_ = _fmt(t), _fmt(a)
    if form == NEGATIVE_SAFE:
        mag = abs(t)
        if direction == HIGHER:
            c = ((a - t) + mag) / mag
            formula = f"(({as_} − {ts}) + {_fmt(mag)}) / {_fmt(mag)} = {_fmt(c)}"
        else:
            c = ((t - a) + mag) / mag
            formula = f"(({ts} − {as_}) + {_fmt(mag)}) / {_fmt(mag)} = {_fmt(c)}"
        return Completion(c, formula, (f"{direction} is better", "negative-safe form"))
    if form != RATIO:
        raise SchemeError(f"unknown completion form {form!r}")
    if t < 0:
        raise SchemeError("the ratio form refuses a negative target; use negative_safe")
    if direction == HIGHER:
        c = a / t
        return Completion(c, f"{as_} / {ts} = {_fmt(c)}", ("higher is better",))
    if a == 0:
        return Completion(
            None,
            f"{ts} / 0 = ∞",
            ("lower is better", "zero actual: best possible, the curve pays its maximum"),
        )
    c = t / a
    return Completion(c, f"{ts} / {as_} = {_fmt(c)}", ("lower is better",))


def _curve_points(curve: Curve, weight: Fraction, c: Fraction | None) -> tuple[Fraction, str]:
    """Points on a completion-reading curve and the formula with numbers."""
    w = _fmt(weight)
    if isinstance(curve, FloorCap):
        if c is None:
            pts = weight * curve.cap
            return pts, f"{w} × cap {_fmt(curve.cap)} = {_fmt(pts)}"
        if c < curve.floor:
            return Fraction(0), f"{_fmt(c)} < floor {_fmt(curve.floor)} → 0"
        used = min(c, curve.cap)
        pts = weight * used
        capped = " (capped)" if c > curve.cap else ""
        return pts, f"{w} × {_fmt(used)}{capped} = {_fmt(pts)}"
    if isinstance(curve, BaseStretch):
        top = weight * curve.stretch_factor
        if c is None or c >= curve.stretch:
            return top, f"at or above stretch → {w} × {_fmt(curve.stretch_factor)} = {_fmt(top)}"
        if c < curve.threshold:
            return Fraction(0), f"{_fmt(c)} < threshold {_fmt(curve.threshold)} → 0"
        if c < curve.base:
            pts = weight * (c - curve.threshold) / (curve.base - curve.threshold)
            return pts, (
                f"{w} × ({_fmt(c)} − {_fmt(curve.threshold)}) / "
                f"({_fmt(curve.base)} − {_fmt(curve.threshold)}) = {_fmt(pts)}"
            )
        pts = weight + (top - weight) * (c - curve.base) / (curve.stretch - curve.base)
        return pts, (
            f"{w} + ({_fmt(top)} − {w}) × ({_fmt(c)} − {_fmt(curve.base)}) / "
            f"({_fmt(curve.stretch)} − {_fmt(curve.base)}) = {_fmt(pts)}"
        )
    raise SchemeError(f"curve {curve.kind} does not read completion alone")


def _band_points(
    curve: BandCurve, weight: Fraction, value: Fraction | None, upper: bool
) -> tuple[Fraction, str]:
    if value is None:  # unbounded completion: the best band
        best = max(curve.bands, key=lambda b: b.share)
        return weight * best.share, f"best band → {_fmt(weight)} × {_fmt(best.share)}"
    ordered = sorted(curve.bands, key=lambda b: b.bound, reverse=not upper)
    for band in ordered:
        if (value <= band.bound) if upper else (value >= band.bound):
            pts = weight * band.share
            name = band.label or (("≤ " if upper else "≥ ") + _fmt(band.bound))
            return pts, f"{_fmt(value)} in band {name} → {_fmt(weight)} × {_fmt(band.share)}"
    return Fraction(0), f"{_fmt(value)} below every band → 0"


def rank_average(
    values: Mapping[str, Fraction | float | int | None], *, higher_first: bool = True
) -> dict[str, Fraction]:
    """Average-rank places (1 = best); ties share the mean of their places.

    ``None`` stands for "unbounded" and is better than any number. Example:
    values 90, 80, 80, 70 (higher first) → ranks 1, 2.5, 2.5, 4.
    """

    def key(item: tuple[str, Any]) -> tuple[int, Fraction]:
        v = item[1]
        if v is None:
            return (0, Fraction(0))
        fv = _q(v, "rank value")
        return (1, -fv if higher_first else fv)

    ordered = sorted(values.items(), key=key)
    ranks: dict[str, Fraction] = {}
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and key(ordered[j + 1]) == key(ordered[i]):
            j += 1
        place = Fraction(i + 1 + j + 1, 2)
        for k in range(i, j + 1):
            ranks[ordered[k][0]] = place
        i = j + 1
    return ranks


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


def score_run(scheme: Scheme, inputs: Sequence[ScoreInput], *, places: int = 2) -> list[ScoreCard]:
    """Score every unit of one scheme for one period and rank them.

    Refuses (``ValidationFailed``) if :func:`validate_run` finds anything.
    Cards come back in the order of ``inputs``; ``rank`` is 1 for the highest
    total, ties share the average place, ``peers`` is the number of units in
    the run. Rank curves rank units on their completion (or, with measure
    "actual", on the actual, ascending when lower is better).
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
    partial: list[tuple[ScoreInput, list[ItemScore]]] = []
    for inp in inputs:
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
                        formula=f"judgement {_fmt(pts)} of {_fmt(q.max_points)}",
                        inputs=(Fact("judgement", pts, source=j.by),),
                        notes=(f"reason: {j.reason.strip()}",),
                    ),
                )
            )
        partial.append((inp, items))

    totals = {
        inp.unit_id: sum((Fraction(str(i.points)) for i in items), Fraction(0))
        for inp, items in partial
    }
    ranks = rank_average(totals)
    cards: list[ScoreCard] = []
    for inp, items in partial:
        quant = sum(
            (Fraction(str(i.points)) for i in items if i.kind == "quantitative"), Fraction(0)
        )
        qual = sum((Fraction(str(i.points)) for i in items if i.kind == "qualitative"), Fraction(0))
        total = totals[inp.unit_id]
        passed = None if scheme.pass_mark is None else total >= scheme.pass_mark
        notes = [f"rank {_fmt(ranks[inp.unit_id])} of {n} (higher total first, ties averaged)"]
        if passed is not None:
            notes.append(f"{'passed' if passed else 'failed'}: pass mark {_fmt(scheme.pass_mark)}")
        cards.append(
            ScoreCard(
                unit_id=inp.unit_id,
                label=inp.label,
                scheme_code=scheme.code,
                items=tuple(items),
                quantitative=float(quant),
                qualitative=float(qual),
                total=round_points(total, places),
                rank=float(ranks[inp.unit_id]),
                peers=n,
                passed=passed,
                derivation=Derivation(
                    label=f"total {inp.label or inp.unit_id}",
                    value=round_points(total, places),
                    formula=" + ".join(format_number(i.points, places) for i in items)
                    + f" = {format_number(total, places)}",
                    inputs=tuple(i.derivation for i in items),
                    notes=tuple(notes),
                ),
            )
        )
    return cards


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
    rule = (
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
            formula="not applicable",
            inputs=(),
            notes=(f"not applicable: {_reason_words(reason)}; {rule}",),
            reason=reason,
        ),
        applicable=False,
        reason=reason,
    )


def _reason_words(reason: Mapping[str, str]) -> str:
    """English words of a structured reason (pages word it through the catalogue)."""
    key, month = reason.get("key", ""), reason.get("month", "")
    if key == "no_base_revenue":
        return f"no revenue in {month}"
    if key == "month_missing":
        return f"month {month} is not in the store"
    return reason.get("text", key)


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
    notes: list[str] = []
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
            f"weight {_fmt(scheme_weight)} re-weighted to {_fmt(ind.weight)}: "
            "an item of this card is not applicable"
        )
    if m.parts and ind.measure == COMPLETION and not isinstance(curve, (RankCurve, BandCurve)):
        pts, formula, line_facts = _per_line_points(ind, m)
        facts.extend(line_facts)
        notes.append("scored per product line: each line on the curve, weighted by its share")
    elif isinstance(curve, RankCurve):
        assert place is not None
        if n == 1:
            frac = curve.hi
            how = f"only unit → hi {_fmt(curve.hi)}"
        else:
            frac = curve.lo + (curve.hi - curve.lo) * (n - place) / (n - 1)
            how = (
                f"{_fmt(curve.lo)} + ({_fmt(curve.hi)} − {_fmt(curve.lo)}) × "
                f"({n} − {_fmt(place)}) / ({n} − 1) = {_fmt(frac)}"
            )
        pts = ind.weight * frac
        formula = f"rank {_fmt(place)} of {n}: {_fmt(ind.weight)} × {how} → {_fmt(pts)}"
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
                f"{ind.label} ({part.line})",
                pts,
                f"completion {comp.formula}; {how}",
                (
                    Fact("target", _q(part.target)),
                    Fact("actual", _q(part.actual)),
                ),
                (f"share {_fmt(part.share)} of the weight",),
            )
        )
    return total, " + ".join(shown) + f" = {_fmt(total)}", facts


def _summary(
    ind: Indicator,
    m: Measurement,
    comp: Completion | None,
    curve: Curve,
    formula: str,
    shown: float,
    places: int,
) -> str:
    """One sentence a grid manager can read: what, against what, how, how much."""
    unit = m.unit or ind.unit
    sep = "" if unit in ("%", "") else " "
    actual = f"{_fmt(_q(m.actual))}{sep}{unit}"
    text = f"{ind.label} {actual}"
    if m.target is not None:
        text += f" vs target {_fmt(_q(m.target))}{sep}{unit}"
    if comp is not None:
        text += f": {ind.direction} is better, completion = {comp.formula}"
    return f"{text}; {curve.describe()} → {format_number(shown, places)} points"


# --- product-line phases in a scheme ----------------------------------------------------


def split_indicator_by_line(
    scheme: Scheme, key: str, line_weights: Mapping[str, Number], *, code: str | None = None
) -> Scheme:
    """Replace indicator ``key`` by one indicator per product line, sharing its weight.

    Used with ``targets.weights_in_force``: a former fixed-line salesperson's
    "development" worth 30 points becomes ``development.fixed`` 24 and
    ``development.mobile`` 6 while the 80/20 phase is in force. Weights stay
    exact fractions, so the scheme still adds up to its total. The new
    indicators keep the curve, direction and form; measurements are keyed
    ``"<key>.<line>"``.
    """
    shares = {line: _q(w, f"line weight {line}") for line, w in line_weights.items()}
    if any(w < 0 for w in shares.values()) or sum(shares.values()) != 1:
        raise SchemeError(f"line weights must be non-negative and sum to 1, got {shares}")
    original = scheme.indicator(key)
    replaced: list[Indicator] = []
    for ind in scheme.indicators:
        if ind.key != key:
            replaced.append(ind)
            continue
        for line, share in shares.items():
            if share == 0:
                continue
            replaced.append(
                Indicator(
                    key=f"{key}.{line}",
                    label=f"{original.label} ({line})",
                    weight=original.weight * share,
                    direction=original.direction,
                    curve=original.curve,
                    form=original.form,
                    measure=original.measure,
                    unit=original.unit,
                )
            )
    return Scheme(
        code=code or scheme.code,
        name=scheme.name,
        role=scheme.role,
        indicators=tuple(replaced),
        qualitative=scheme.qualitative,
        grid_class=scheme.grid_class,
        phase=scheme.phase,
        valid_from=scheme.valid_from,
        valid_to=scheme.valid_to,
        total_points=scheme.total_points,
        qualitative_cap=scheme.qualitative_cap,
        pass_mark=scheme.pass_mark,
        description=scheme.description,
        not_applicable=scheme.not_applicable,
    )


# --- reverse appraisal helpers ----------------------------------------------------------


def average_ratings(ratings: Sequence[Number]) -> Fraction | None:
    """Exact mean of the front line's ratings of a support unit; None if nobody rated."""
    if not ratings:
        return None
    values = [_q(r, "rating") for r in ratings]
    return sum(values, Fraction(0)) / len(values)


def reverse_appraisal_input(
    unit_id: str,
    ratings: Mapping[str, Sequence[Number]],
    *,
    full_marks: Number = 100,
    label: str = "",
) -> ScoreInput:
    """Turn raters' scores (0 … ``full_marks`` per item) into a :class:`ScoreInput`.

    Each item's actual is the average of its raters against a target of
    ``full_marks``, to be scored on a floor 0 / cap 1 curve (as the default
    reverse-appraisal scheme does), so points = weight × average / full marks.
    An item nobody rated has no actual and stops the run in validation.
    """
    measurements = {
        key: Measurement(
            target=_q(full_marks, "full marks"),
            actual=average_ratings(values),
            source=f"average of {len(values)} raters",
        )
        for key, values in ratings.items()
    }
    return ScoreInput(unit_id=unit_id, measurements=measurements, label=label)


# --- JSON form -------------------------------------------------------------------------


def _s(x: Fraction) -> str:
    """Exact string for JSON: a plain decimal when finite, else "p/q"."""
    d = x.denominator
    while d % 2 == 0:
        d //= 2
    while d % 5 == 0:
        d //= 5
    if d == 1:
        return format_number(x, places=12)
    return f"{x.numerator}/{x.denominator}"


def curve_to_dict(curve: Curve) -> dict[str, Any]:
    """JSON-able curve (numbers as exact strings)."""
    if isinstance(curve, FloorCap):
        return {"kind": curve.kind, "floor": _s(curve.floor), "cap": _s(curve.cap)}
    if isinstance(curve, BaseStretch):
        return {
            "kind": curve.kind,
            "threshold": _s(curve.threshold),
            "base": _s(curve.base),
            "stretch": _s(curve.stretch),
            "stretch_factor": _s(curve.stretch_factor),
        }
    if isinstance(curve, RankCurve):
        return {"kind": curve.kind, "lo": _s(curve.lo), "hi": _s(curve.hi)}
    return {
        "kind": curve.kind,
        "bands": [
            {"bound": _s(b.bound), "share": _s(b.share), "label": b.label} for b in curve.bands
        ],
    }


def curve_from_dict(data: Mapping[str, Any] | None) -> Curve:
    """Read a curve; missing parameters take their defaults, unknown keys are refused."""
    if data is None:
        return FloorCap()
    data = dict(data)
    kind = data.pop("kind", "floor_cap")
    classes: dict[str, Any] = {
        "floor_cap": FloorCap,
        "base_stretch": BaseStretch,
        "rank": RankCurve,
    }
    if kind == "band":
        bands = data.pop("bands", None)
        if data:
            raise SchemeError(f"band curve: unknown keys {sorted(data)}")
        if bands is None:
            return DEFAULT_SATISFACTION_BANDS
        return BandCurve(tuple(Band(b["bound"], b["share"], b.get("label", "")) for b in bands))
    if kind not in classes:
        raise SchemeError(f"unknown curve kind {kind!r}")
    try:
        return classes[kind](**data)
    except TypeError as exc:
        raise SchemeError(f"{kind} curve: {exc}") from exc


def scheme_to_dict(scheme: Scheme) -> dict[str, Any]:
    """JSON-able scheme for storage (e.g. a Django JSONField); exact numbers as strings."""
    return {
        "code": scheme.code,
        "name": scheme.name,
        "role": scheme.role,
        "grid_class": scheme.grid_class,
        "phase": scheme.phase,
        "valid_from": scheme.valid_from.isoformat() if scheme.valid_from else None,
        "valid_to": scheme.valid_to.isoformat() if scheme.valid_to else None,
        "total_points": _s(scheme.total_points),
        "qualitative_cap": _s(scheme.qualitative_cap),
        "pass_mark": None if scheme.pass_mark is None else _s(scheme.pass_mark),
        "description": scheme.description,
        "not_applicable": scheme.not_applicable,
        "indicators": [
            {
                "key": i.key,
                "label": i.label,
                "weight": _s(i.weight),
                "direction": i.direction,
                "form": i.form,
                "measure": i.measure,
                "unit": i.unit,
                "curve": curve_to_dict(i.curve),
            }
            for i in scheme.indicators
        ],
        "qualitative": [
            {"key": q.key, "label": q.label, "max_points": _s(q.max_points)}
            for q in scheme.qualitative
        ],
    }


def _date(value: Any, what: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise SchemeError(f"{what} must be an ISO date, got {value!r}") from exc


def scheme_from_dict(data: Mapping[str, Any]) -> Scheme:
    """Read a scheme stored by :func:`scheme_to_dict` (or written by hand).

    Numbers may be ints, floats or strings ("0.6", "3/10"); omitted optional
    fields take the defaults. This only reads: call :func:`validate_scheme` to
    check the content.
    """
    try:
        indicators = tuple(
            Indicator(
                key=i["key"],
                label=i.get("label", i["key"]),
                weight=i["weight"],
                direction=i.get("direction", HIGHER),
                curve=curve_from_dict(i.get("curve")),
                form=i.get("form", RATIO),
                measure=i.get("measure", COMPLETION),
                unit=i.get("unit", ""),
            )
            for i in data.get("indicators", ())
        )
        qualitative = tuple(
            QualitativeItem(q["key"], q.get("label", q["key"]), q["max_points"])
            for q in data.get("qualitative", ())
        )
        return Scheme(
            code=data["code"],
            name=data.get("name", data["code"]),
            role=data["role"],
            indicators=indicators,
            qualitative=qualitative,
            grid_class=data.get("grid_class"),
            phase=data.get("phase"),
            valid_from=_date(data.get("valid_from"), "valid_from"),
            valid_to=_date(data.get("valid_to"), "valid_to"),
            total_points=data.get("total_points", 100),
            qualitative_cap=data.get("qualitative_cap", 20),
            pass_mark=data.get("pass_mark"),
            description=data.get("description", ""),
            not_applicable=data.get("not_applicable", REWEIGHT),
        )
    except KeyError as exc:
        raise SchemeError(f"scheme is missing {exc.args[0]!r}") from exc
