"""Expected attributable revenue as a function of what a unit is given.

Returns diminish: the first thousand yuan of SMS in a grid reaches the customers most
likely to answer, the tenth thousand reaches those already reached. The optimiser
needs this as a concave, piecewise-linear curve (segments of falling marginal
return), so a linear program can fill the best segments first.

Fitting (``fit``), per unit × kind × purpose, from the months of its history
(cents given, revenue attributed by ``loop.attribute``):

* the unit's return ρ = Σ revenue / Σ input, shrunk towards the kind's pooled return
  ρ₀ with the weight of ``prior_months`` months: ρ = (n·ρᵤ + w·ρ₀) / (n + w), so a
  grid with two lucky months does not take the whole budget;
* the saturating response R(x) = a·(1 − e^(−x/s)), with the scale s = ``scale`` × the
  unit's mean monthly input m, and a chosen so that spending m returns ρ·m on
  average (R(m) = ρ·m): the history's level is where the unit is known to earn ρ;
* R is cut at breakpoints s·(¼, ½, 1, 2, 4) and at the line's capacity, each piece a
  segment whose rate is the chord's slope (revenue per cent), falling by construction.

A unit without history takes the kind's pooled return and its median input.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

BREAKS = (0.25, 0.5, 1.0, 2.0, 4.0)


class CurveError(ValueError):
    """A response curve that is not concave, or not made of whole cents."""


@dataclass(frozen=True)
class Segment:
    width_cents: int
    rate: float  # expected attributable revenue per cent spent inside this segment


@dataclass(frozen=True)
class Curve:
    """Segments in the order they are filled; their widths add to the capacity."""

    segments: tuple[Segment, ...] = ()

    def __post_init__(self) -> None:
        previous = math.inf
        for s in self.segments:
            if not isinstance(s.width_cents, int) or s.width_cents <= 0:
                raise CurveError(f"segment width must be a positive whole cent: {s.width_cents!r}")
            if not math.isfinite(s.rate) or s.rate < 0:
                raise CurveError(f"segment rate must be finite and not negative: {s.rate!r}")
            if s.rate > previous:
                raise CurveError("segment rates must not rise: returns diminish")
            previous = s.rate

    @property
    def capacity(self) -> int:
        return sum(s.width_cents for s in self.segments)

    def value(self, cents: int | float) -> float:
        """Expected revenue (cents) of spending ``cents`` on this line."""
        left, total = cents, 0.0
        for s in self.segments:
            if left <= 0:
                break
            used = min(left, s.width_cents)
            total += used * s.rate
            left -= used
        return total

    @classmethod
    def linear(cls, rate: float, capacity: int) -> Curve:
        return cls((Segment(capacity, rate),)) if capacity > 0 else cls()


@dataclass(frozen=True)
class Fit:
    """A fitted line: the return used, its scale, and the curve."""

    rate: float
    mean_input_cents: float
    curve: Curve


def pooled_rate(histories: Sequence[Sequence[tuple[int, int]]]) -> float:
    """The kind's return over every unit: Σ revenue / Σ input (0 without input)."""
    spent = sum(x for h in histories for x, _ in h)
    earned = sum(r for h in histories for _, r in h)
    return earned / spent if spent > 0 else 0.0


def fit(
    history: Sequence[tuple[int, int]],
    *,
    capacity: int,
    pooled: float,
    default_input: float,
    scale: float = 2.0,
    prior_months: float = 3.0,
) -> Fit:
    """The curve of one line from its months of (input cents, attributed revenue cents).

    ``pooled`` is the kind's return, ``default_input`` the kind's median monthly input
    (used when the line has no input on record), ``capacity`` the most it may receive.
    """
    months = [(x, r) for x, r in history if x > 0]
    n = len(months)
    own = sum(r for _, r in months) / sum(x for x, _ in months) if n else pooled
    rho = max((n * own + prior_months * pooled) / (n + prior_months), 0.0)
    m = sum(x for x, _ in months) / n if n else default_input
    return Fit(rho, m, saturating(rho, max(m, 1.0), capacity, scale=scale))


def saturating(rate: float, mean_input: float, capacity: int, *, scale: float = 2.0) -> Curve:
    """R(x) = a·(1 − e^(−x/s)), s = scale·m, R(m) = rate·m; cut into chords up to capacity."""
    if capacity <= 0:
        return Curve()
    s = scale * mean_input
    a = rate * mean_input / (1 - math.exp(-mean_input / s))

    def response(x: float) -> float:
        return a * (1 - math.exp(-x / s))

    points = sorted({min(round(b * s), capacity) for b in BREAKS} | {capacity})
    segments, last, prev_rate = [], 0, math.inf
    for p in points:
        if p <= last:
            continue
        slope = min((response(p) - response(last)) / (p - last), prev_rate)
        segments.append(Segment(p - last, max(slope, 0.0)))
        prev_rate, last = slope, p
    return Curve(tuple(segments))
