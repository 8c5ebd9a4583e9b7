"""Numbers, constants and the error of the scoring package: exact fractions throughout."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from wangge.core.explain import format_number

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
