"""Schemes, their items, the month's inputs, and which scheme is in force for whom."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from wangge.core.explain import Words
from wangge.core.scoring.basics import (
    COMPLETION,
    HIGHER,
    RATIO,
    REWEIGHT,
    Number,
    SchemeError,
    _opt_q,
    _q,
)
from wangge.core.scoring.curves import Curve, FloorCap

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
            source=Words("source.raters", raters=str(len(values))),
        )
        for key, values in ratings.items()
    }
    return ScoreInput(unit_id=unit_id, measurements=measurements, label=label)
