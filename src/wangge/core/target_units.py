"""A target as people type and read it, against the integer the store keeps.

Targets are stored as integers: a count, cents for money, ten-thousandths (万分之)
for a ratio. People think in units: a revenue target of 1,250,000.50 yuan, a churn
target of 2 (per cent), 350 new mobile adds. Pages show a stored target with
:func:`target_text` and read a typed one back with :func:`stored_target`, so
nobody types 20000 to mean 2 %, and a value that the store cannot hold exactly (a
third decimal of yuan, a fifth of a per cent) is refused rather than rounded.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction

from wangge.core import formatting
from wangge.core.appraisal import CENTS, PERCENT_RATES, POINTS, RATIO, RATIO_SCALE
from wangge.core.money import MoneyError, to_cents

__all__ = [
    "TargetTyping",
    "places_of",
    "stored_target",
    "target_text",
    "typed_target",
    "unit_of",
]


class TargetTyping(ValueError):
    """A typed target the store cannot hold; ``args[0]`` is an English template with
    ``%(value)s`` (and ``%(places)s``), worded in the person's language by the page."""


def _percent(measure: str, indicator_key: str) -> bool:
    return measure == RATIO and indicator_key in PERCENT_RATES


def unit_of(measure: str, indicator_key: str) -> str:
    """The unit a person types the target in: "元", "%", or "" (a count, a ratio)."""
    if measure == CENTS:
        return "元"
    return "%" if _percent(measure, indicator_key) else ""


def _ratio(value: int, indicator_key: str) -> Fraction:
    """A stored ratio on the scale people read: percent for the five rates' kind."""
    return Fraction(value, 100 if indicator_key in PERCENT_RATES else RATIO_SCALE)


def target_text(value: int | None, measure: str, indicator_key: str) -> str:
    """A stored target as a page shows it: ¥1,250,000.50, 2%, 1.5, 350."""
    if value is None:
        return formatting.MISSING
    if measure == CENTS:
        return formatting.yuan(value)
    if measure == RATIO:
        shown = formatting.number(_ratio(value, indicator_key), 4)
        return f"{shown}%" if indicator_key in PERCENT_RATES else shown
    if measure == POINTS:
        return formatting.number(value)
    return formatting.count(value)


def typed_target(value: int | None, measure: str, indicator_key: str) -> str:
    """A stored target as a person would type it back (a form's initial value)."""
    if value is None:
        return ""
    if measure == CENTS:
        return formatting.plain_yuan(value)
    if measure == RATIO:
        return formatting.number(_ratio(value, indicator_key), 4).replace(",", "")
    return str(value)


def stored_target(text: str, measure: str, indicator_key: str) -> int:
    """A typed target as the store keeps it; refused when it is not exact there.

    Money through :func:`wangge.core.money.to_cents` (yuan, up to two decimals,
    separators allowed); a percent rate in per cent with at most two decimals; any
    other ratio with at most four; a count or points as a whole number.
    """
    raw = (text or "").strip().replace(",", "").removesuffix("%").removesuffix("元").strip()
    if measure == CENTS:
        try:
            return to_cents(raw)
        except MoneyError:
            raise TargetTyping(
                "%(value)s is not an amount in yuan (two decimals at most)"
            ) from None
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise TargetTyping("%(value)s is not a number") from None
    if not number.is_finite() or "e" in raw.lower():  # 1.38E+10 is a spreadsheet's, not a person's
        raise TargetTyping("%(value)s is not a number")
    if measure == RATIO:
        scale = 100 if indicator_key in PERCENT_RATES else RATIO_SCALE
        stored = number * scale
        if stored != stored.to_integral_value():
            raise TargetTyping("%(value)s has more than %(places)s decimals")
        return int(stored)
    if number != number.to_integral_value():
        raise TargetTyping("%(value)s is not a whole number")
    return int(number)


def places_of(measure: str, indicator_key: str) -> int:
    """How many decimals :func:`stored_target` accepts (for the refusal's wording)."""
    if measure == CENTS or _percent(measure, indicator_key):
        return 2
    return 4 if measure == RATIO else 0
