"""One parser per kind of cell an operator's export holds.

Each parser takes what a CSV, XLSX or Parquet reader gives (a string, a number,
a date, None) and returns our value or raises ``CellProblem`` with the rule it
broke. They never guess: a phone number Excel turned into ``1.38E+10`` has lost
its last digits, so it is refused rather than rebuilt, and a third decimal in a
yuan amount is refused rather than rounded.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from wangge.core.money import MoneyError, to_cents

# Excel counts days from 1899-12-30 (its 1900 leap-year bug included).
EXCEL_EPOCH = dt.date(1899, 12, 30)
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2099, 12, 31)

# A rule key and the English words for it; the web layer translates the words.
EXPECTED: Mapping[str, str] = {
    "text": "text",
    "required": "a value (the column is required)",
    "code": "a code (letters, digits, - _ . /), not a number Excel reformatted",
    "phone": "a phone number of 5 to 20 digits, not one Excel turned into a number like 1.38E+10",
    "money": "an amount in yuan with at most two decimals",
    "money_not_negative": "an amount in yuan of zero or more",
    "integer": "a whole number",
    "integer_not_negative": "a whole number of zero or more",
    "day": "a date such as 2026-11-03, 2026/11/3, 20261103 or an Excel date",
    "day_range": "a date between 1900-01-01 and 2099-12-31",
    "month": "a month such as 2026-11",
    "choice": "one of: {choices}",
    "credit_code": "an 18-character unified social credit code",
    "formula": "a value, not a formula (paste the sheet as values)",
    "coordinate": "a coordinate in decimal degrees between -180 and 180",
}


class CellProblem(ValueError):
    """A cell that does not hold what its column expects; ``rule`` keys ``EXPECTED``."""

    def __init__(self, rule: str, **params: Any) -> None:
        self.rule = rule
        self.params = params
        super().__init__(EXPECTED[rule].format(**params))


Parser = Callable[[Any], Any]


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _formula_guard(value: Any) -> None:
    if isinstance(value, str) and value.startswith("=") and len(value) > 1:
        raise CellProblem("formula")


def text(value: Any) -> str | None:
    if blank(value):
        return None
    _formula_guard(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_CODE = re.compile(r"[0-9A-Za-z\u4e00-\u9fff][0-9A-Za-z\u4e00-\u9fff\-_./#]*")


def code(value: Any) -> str | None:
    """An identifier (customer code, unit code, staff number).

    An integer-valued number is taken as its digits (Excel stores ``1001`` as
    1001.0); a fractional or exponent form is refused because digits are lost.
    """
    if blank(value):
        return None
    _formula_guard(value)
    if isinstance(value, bool):
        raise CellProblem("code")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        raise CellProblem("code")
    result = str(value).strip()
    if "E+" in result.upper() and re.fullmatch(r"[0-9.]+[eE]\+?[0-9]+", result):
        raise CellProblem("code")
    if not _CODE.fullmatch(result):
        raise CellProblem("code")
    return result


def phone(value: Any) -> str | None:
    """A phone or account number, digits kept as text (leading zeros included)."""
    if blank(value):
        return None
    _formula_guard(value)
    if isinstance(value, bool):
        raise CellProblem("phone")
    if isinstance(value, int):
        raw = str(value)
    elif isinstance(value, float):
        # a float has already rounded away digits beyond 15-17 significant ones, and
        # Excel shows 13812345678 as 1.38E+10: only an exact integer is trusted
        if not value.is_integer() or abs(value) >= 1e15:
            raise CellProblem("phone")
        raw = str(int(value))
    else:
        raw = str(value).strip()
    digits = re.sub(r"[\s\-()]", "", raw)
    if digits.startswith("+"):
        digits = digits[1:]
    if not digits.isdigit() or not 5 <= len(digits) <= 20:
        raise CellProblem("phone")
    return digits


def money(value: Any) -> int | None:
    """Yuan to integer cents, exactly; ``1,234.50``, ``¥12.3`` and Excel numbers alike."""
    if blank(value):
        return None
    _formula_guard(value)
    if isinstance(value, bool):
        raise CellProblem("money")
    if isinstance(value, float):
        # the shortest repr of a float is what Excel showed; 0.1 + 0.2 is refused
        value = repr(value)
    if isinstance(value, Decimal):
        value = format(value, "f")
    try:
        return to_cents(value)
    except MoneyError:
        raise CellProblem("money") from None


def money_not_negative(value: Any) -> int | None:
    cents = money(value)
    if cents is not None and cents < 0:
        raise CellProblem("money_not_negative")
    return cents


def integer(value: Any) -> int | None:
    if blank(value):
        return None
    _formula_guard(value)
    if isinstance(value, bool):
        raise CellProblem("integer")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise CellProblem("integer")
    text_value = str(value).strip().replace(",", "")
    try:
        number = Decimal(text_value)
    except InvalidOperation:
        raise CellProblem("integer") from None
    if not number.is_finite() or number != number.to_integral_value():
        raise CellProblem("integer")
    return int(number)


def integer_not_negative(value: Any) -> int | None:
    number = integer(value)
    if number is not None and number < 0:
        raise CellProblem("integer_not_negative")
    return number


_DAY_PATTERNS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)


def _in_range(day: dt.date) -> dt.date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise CellProblem("day_range")
    return day


def day(value: Any) -> dt.date | None:
    """A calendar day from the forms operators' systems write, or an Excel serial."""
    if blank(value):
        return None
    _formula_guard(value)
    if isinstance(value, dt.datetime):
        return _in_range(value.date())
    if isinstance(value, dt.date):
        return _in_range(value)
    if isinstance(value, bool):
        raise CellProblem("day")
    if isinstance(value, int | float):
        if float(value).is_integer() and 1 <= value < 100_000:
            return _in_range(EXCEL_EPOCH + dt.timedelta(days=int(value)))
        if float(value).is_integer() and 10_000_000 <= value <= 99_999_999:
            value = str(int(value))
        else:
            raise CellProblem("day")
    raw = str(value).strip()
    # a time part ("2026-11-03 00:00:00") is dropped: the facts are daily
    raw = re.split(r"[ T]", raw, maxsplit=1)[0]
    if raw.isdigit() and len(raw) <= 5:
        return day(int(raw))
    for pattern in _DAY_PATTERNS:
        match = pattern.fullmatch(raw)
        if match:
            year, month, dom = (int(part) for part in match.groups())
            try:
                found = dt.date(year, month, dom)
            except ValueError:
                raise CellProblem("day") from None
            return _in_range(found)
    raise CellProblem("day")


def month(value: Any) -> dt.date | None:
    """A month (``2026-11``, ``202611``, ``2026/11``, or any day of it) as its first day."""
    if blank(value):
        return None
    raw = value
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
        if number.is_integer() and 190_001 <= number <= 209_912:
            raw = str(int(number))
    if isinstance(raw, str):
        text_value = raw.strip()
        match = re.fullmatch(r"(\d{4})(?:[-/.]|年)?(\d{1,2})月?", text_value)
        if match and (len(text_value) != 6 or text_value.isdigit()):
            year, mon = int(match.group(1)), int(match.group(2))
            if 1 <= mon <= 12:
                return _in_range(dt.date(year, mon, 1))
            raise CellProblem("month")
    try:
        found = day(raw)
    except CellProblem:
        raise CellProblem("month") from None
    return found.replace(day=1) if found else None


def choice(choices: Mapping[str, str] | tuple[str, ...]) -> Parser:
    """A value from a closed list; a mapping also accepts its keys' synonyms."""
    allowed = dict(choices) if isinstance(choices, Mapping) else {c: c for c in choices}

    def parse(value: Any) -> str | None:
        found = text(value)
        if found is None:
            return None
        if found in allowed:
            return allowed[found]
        if found.lower() in allowed:
            return allowed[found.lower()]
        raise CellProblem("choice", choices=", ".join(dict.fromkeys(allowed.values())))

    parse.__name__ = "choice"
    return parse


_CREDIT_CODE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}")


def credit_code(value: Any) -> str | None:
    """A unified social credit code (统一社会信用代码), upper-cased, format checked."""
    found = text(value)
    if found is None:
        return None
    found = found.upper().replace(" ", "")
    if not _CREDIT_CODE.fullmatch(found):
        raise CellProblem("credit_code")
    return found


def coordinate(value: Any) -> float | None:
    """A longitude or latitude in decimal degrees (WGS-84 as exported)."""
    if blank(value):
        return None
    _formula_guard(value)
    if isinstance(value, bool):
        raise CellProblem("coordinate")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise CellProblem("coordinate") from None
    if not number.is_finite() or not -180 <= number <= 180:
        raise CellProblem("coordinate")
    return float(number)
