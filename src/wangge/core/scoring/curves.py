"""Curves that turn a completion (or an actual) into points, and completion itself."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from wangge.core.explain import Words, term
from wangge.core.scoring.basics import (
    HIGHER,
    LOWER,
    NEGATIVE_SAFE,
    RATIO,
    Number,
    SchemeError,
    _fmt,
    _q,
)
from wangge.core.scoring.wording import direction_words

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

    def describe(self) -> Words:
        return Words("curve.floor_cap", floor=_fmt(self.floor), cap=_fmt(self.cap))


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

    def describe(self) -> Words:
        return Words(
            "curve.base_stretch",
            threshold=_fmt(self.threshold),
            base=_fmt(self.base),
            stretch=_fmt(self.stretch),
            factor=_fmt(self.stretch_factor),
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

    def describe(self) -> Words:
        return Words("curve.rank", lo=_fmt(self.lo), hi=_fmt(self.hi))


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
        parts = [Words("curve.band", band=band_name(b), share=_fmt(b.share)) for b in self.bands]
        return Words("curve.bands", bands=parts)


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


# --- completion and curves -----------------------------------------------------------


@dataclass(frozen=True)
class Completion:
    """Completion of one indicator; ``value`` None means unbounded (best possible)."""

    value: Fraction | None
    formula: Words
    notes: tuple[Words, ...] = ()


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
            rule = "completion.higher_negative_safe"
        else:
            c = ((t - a) + mag) / mag
            rule = "completion.lower_negative_safe"
        formula = Words(rule, actual=as_, target=ts, magnitude=_fmt(mag), completion=_fmt(c))
        return Completion(c, formula, (direction_words(direction), term("negative-safe form")))
    if form != RATIO:
        raise SchemeError(f"unknown completion form {form!r}")
    if t < 0:
        raise SchemeError("the ratio form refuses a negative target; use negative_safe")
    if direction == HIGHER:
        c = a / t
        return Completion(
            c,
            Words("completion.higher_ratio", actual=as_, target=ts, completion=_fmt(c)),
            (direction_words(HIGHER),),
        )
    if a == 0:
        return Completion(
            None,
            Words("completion.lower_ratio_zero", target=ts),
            (
                direction_words(LOWER),
                term("zero actual: best possible, the curve pays its maximum"),
            ),
        )
    c = t / a
    return Completion(
        c,
        Words("completion.lower_ratio", target=ts, actual=as_, completion=_fmt(c)),
        (direction_words(LOWER),),
    )


def _curve_points(curve: Curve, weight: Fraction, c: Fraction | None) -> tuple[Fraction, Words]:
    """Points on a completion-reading curve and the formula with numbers."""
    w = _fmt(weight)
    if isinstance(curve, FloorCap):
        if c is None:
            pts = weight * curve.cap
            return pts, Words(
                "points.floor_cap_unbounded", weight=w, cap=_fmt(curve.cap), points=_fmt(pts)
            )
        if c < curve.floor:
            return Fraction(0), Words(
                "points.below_floor", completion=_fmt(c), floor=_fmt(curve.floor)
            )
        used = min(c, curve.cap)
        pts = weight * used
        rule = "points.floor_cap_capped" if c > curve.cap else "points.floor_cap"
        return pts, Words(rule, weight=w, used=_fmt(used), points=_fmt(pts))
    if isinstance(curve, BaseStretch):
        top = weight * curve.stretch_factor
        if c is None or c >= curve.stretch:
            return top, Words(
                "points.at_stretch", weight=w, factor=_fmt(curve.stretch_factor), points=_fmt(top)
            )
        if c < curve.threshold:
            return Fraction(0), Words(
                "points.below_threshold", completion=_fmt(c), threshold=_fmt(curve.threshold)
            )
        if c < curve.base:
            pts = weight * (c - curve.threshold) / (curve.base - curve.threshold)
            return pts, Words(
                "points.threshold_to_base",
                weight=w,
                completion=_fmt(c),
                threshold=_fmt(curve.threshold),
                base=_fmt(curve.base),
                points=_fmt(pts),
            )
        pts = weight + (top - weight) * (c - curve.base) / (curve.stretch - curve.base)
        return pts, Words(
            "points.base_to_stretch",
            weight=w,
            top=_fmt(top),
            completion=_fmt(c),
            base=_fmt(curve.base),
            stretch=_fmt(curve.stretch),
            points=_fmt(pts),
        )
    raise SchemeError(f"curve {curve.kind} does not read completion alone")


def _band_points(
    curve: BandCurve, weight: Fraction, value: Fraction | None, upper: bool
) -> tuple[Fraction, Words]:
    if value is None:  # unbounded completion: the best band
        best = max(curve.bands, key=lambda b: b.share)
        return weight * best.share, Words(
            "points.best_band", weight=_fmt(weight), share=_fmt(best.share)
        )
    ordered = sorted(curve.bands, key=lambda b: b.bound, reverse=not upper)
    for band in ordered:
        if (value <= band.bound) if upper else (value >= band.bound):
            pts = weight * band.share
            return pts, Words(
                "points.in_band",
                value=_fmt(value),
                band=band_name(band, upper),
                weight=_fmt(weight),
                share=_fmt(band.share),
            )
    return Fraction(0), Words("points.below_bands", value=_fmt(value))


def band_name(band: Band, upper: bool = False) -> Words:
    """A band's label (a catalogue phrase), or its bound: "≥ 90", "≤ 2"."""
    if band.label:
        return term(band.label)
    return Words("band.at_most" if upper else "band.at_least", bound=_fmt(band.bound))


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
