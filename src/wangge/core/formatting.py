"""Numbers as people read them: yuan from cents, percentages, counts, ranks.

The one set of display helpers for every page, export and chart label (the
template filters in ``wangge.base.templatetags.wangge`` and the sheet writer in
``wangge.core.sheets`` call these; nothing else converts cents or rates).
Arithmetic is integer or ``Decimal``: a float never touches money, and a rate
given as a float is read through its shortest ``repr`` so 0.1 stays 0.1.

Conventions (the product's, decided once here):

* **Money** is ``¥1,234.50``: the yuan sign in front, thousands separators, always
  two decimals. A negative amount is ``-¥1,234.50`` (ASCII hyphen-minus, the sign
  before the yuan sign, as Excel's and WPS's currency formats show it, so a
  pasted figure still parses). Zero is ``¥0.00``.
* **Rates** (completion, churn, shares: 0.9383) are ``93.83%``, rounded half up
  to ``places`` decimals; above 100 % is fine (``123.40%``), so are negatives.
* **Counts** are integers with thousands separators: ``123,608``.
* **Ranks** are integers (``3``); a rank averaged over a tie (two units sharing
  2nd and 3rd place rank 2.5) stays ``2.5``: rounding it would claim an order
  the scores do not have. Averages over consecutive places are always whole or
  a half, so one decimal is exact.
* **Missing** (``None``) is ``—`` everywhere, never ``0`` or an empty string, so a
  figure that was not computed is not mistaken for a zero.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

#: what a figure that does not exist looks like
MISSING = "—"
#: the yuan sign the product writes in front of amounts
YUAN_SIGN = "¥"

Number = int | Decimal | Fraction | float | str


class FormattingError(ValueError):
    """A value a formatting helper cannot show as the number it claims to be."""


def exact(value: Number) -> Decimal:
    """An exact ``Decimal`` for ``value``; a float by its shortest repr, never its binary value."""
    if isinstance(value, bool):
        raise FormattingError(f"not a number: {value!r}")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise FormattingError(f"not a finite number: {value!r}")
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except ArithmeticError:
            raise FormattingError(f"not a number: {value!r}") from None
    raise FormattingError(f"not a number: {value!r}")


def cents_of(value: Any) -> int:
    """Integer cents from an int-like value (an int, a whole Decimal, "12345")."""
    if isinstance(value, bool):
        raise FormattingError(f"not an amount in cents: {value!r}")
    if isinstance(value, int):
        return value
    d = exact(value)
    if d != d.to_integral_value():
        raise FormattingError(f"not a whole number of cents: {value!r}")
    return int(d)


def _grouped(d: Decimal, places: int) -> str:
    """``d`` half up to ``places`` decimals with thousands separators; sign kept apart."""
    q = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{abs(q):,.{places}f}"
    return ("-" if q < 0 else "") + text


def yuan(cents: Any, *, sign: bool = True) -> str:
    """Integer cents as yuan: 123450 → "¥1,234.50", -5 → "-¥0.05", None → "—".

    ``sign=False`` leaves out the yuan sign (a column whose header names the unit).
    """
    if cents is None:
        return MISSING
    c = cents_of(cents)
    whole, frac = divmod(abs(c), 100)
    body = f"{YUAN_SIGN if sign else ''}{whole:,}.{frac:02d}"
    return f"-{body}" if c < 0 else body


def signed_yuan(cents: Any) -> str:
    """A change in money with its direction: "+¥12.00", "-¥3.50", "¥0.00", None → "—"."""
    if cents is None:
        return MISSING
    c = cents_of(cents)
    return f"+{yuan(c)}" if c > 0 else yuan(c)


def yuan_amount(cents: Any) -> Decimal | None:
    """Cents as an exact ``Decimal`` of yuan with two places (12345 → Decimal("123.45")).

    For a spreadsheet cell (a real number with a yuan number format), a form's
    initial value, or a chart's data point; ``None`` stays ``None``.
    """
    if cents is None:
        return None
    return Decimal(cents_of(cents)).scaleb(-2)


def plain_yuan(cents: Any) -> str:
    """Cents as yuan a person types or a payroll file holds: "1234.50", no sign or separators."""
    if cents is None:
        return ""
    return str(yuan_amount(cents))


def percent(rate: Any, places: int = 2) -> str:
    """A rate as a percentage, half up: 0.9383 → "93.83%", 1.234 → "123.40%", None → "—"."""
    if rate is None:
        return MISSING
    return _grouped(exact(rate) * 100, places) + "%"


def signed_percent(rate: Any, places: int = 2) -> str:
    """A change of a rate with its direction: 0.0125 → "+1.25%", -0.5 → "-50.00%"."""
    if rate is None:
        return MISSING
    text = percent(rate, places)
    shows_zero = not text.strip("0.%")
    return f"+{text}" if exact(rate) > 0 and not shows_zero else text


def count(n: Any) -> str:
    """A count with thousands separators: 123608 → "123,608", None → "—"."""
    if n is None:
        return MISSING
    return f"{cents_of(n):,}"


def rank(x: Any) -> str:
    """A rank: 3 → "3", an averaged tie 2.5 → "2.5", None → "—"."""
    if x is None:
        return MISSING
    d = exact(x).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return str(int(d)) if d == d.to_integral_value() else f"{d:f}"


def number(value: Any, places: int = 2) -> str:
    """A plain figure (a score, points, a ratio) half up to at most ``places`` decimals,
    trailing zeros dropped, thousands separated: 1234.5 → "1,234.5", None → "—"."""
    if value is None:
        return MISSING
    text = _grouped(exact(value), places)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def signed_number(value: Any, places: int = 2) -> str:
    """A change of a plain figure with its direction: "+2.5", "-1", "0"."""
    if value is None:
        return MISSING
    text = number(value, places)
    return f"+{text}" if exact(value) > 0 and text != "0" else text


def mean_cents(total_cents: Any, n: int) -> int | None:
    """An average amount per head to the cent, half up (away from zero), for display:
    ``mean_cents(1000, 3)`` → 333, ``mean_cents(1001, 2)`` → 501; ``None`` for nobody."""
    if not n:
        return None
    q = Fraction(cents_of(total_cents), n)
    whole = (abs(q.numerator) * 2 + q.denominator) // (2 * q.denominator)
    return whole if q >= 0 else -whole
