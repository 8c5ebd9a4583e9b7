"""Calendar months, the period every monthly record of the product is keyed by.

A month is named by its first day. One module does the arithmetic so that the
rates, the close, pay, periods and the demo generator cannot disagree about it.
"""

from __future__ import annotations

from datetime import date, timedelta


def month_start(day: date) -> date:
    """First day of ``day``'s month: the key every monthly record uses."""
    return date(day.year, day.month, 1)


def add_months(day: date, k: int) -> date:
    """First day of the month ``k`` months after ``day``'s month (negative goes back)."""
    n = day.year * 12 + day.month - 1 + k
    return date(n // 12, n % 12 + 1, 1)


def same_day_months_later(day: date, k: int) -> date:
    """``day`` moved by ``k`` whole months, the day of month clipped to that month's length.

    Windows counted from an event (a clawback within six months of the sale) end
    on the same day of a later month, not on a month boundary.
    """
    first = add_months(day, k)
    return first + timedelta(days=min(day.day, month_end(first).day) - 1)


def month_end(day: date) -> date:
    """Last day of ``day``'s month: the day assignments are read at for that month."""
    return add_months(day, 1) - timedelta(days=1)


def months_between(start: date, end: date) -> list[date]:
    """First days of every month from ``start``'s to ``end``'s, inclusive."""
    n = (end.year - start.year) * 12 + end.month - start.month
    return [add_months(start, k) for k in range(n + 1)]


def parse_month(value: object) -> date:
    """A month as people write it (``2026-10``, ``2026-10-23``) or a date, as its first day.

    Refuses anything else with a message that shows what was given, so every
    command, page and import words the error the same way.
    """
    if isinstance(value, date):
        return month_start(value)
    text = str(value).strip()
    try:
        year, month = (int(part) for part in text.split("-")[:2])
        return date(year, month, 1)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"expected a month as YYYY-MM, got {text!r}") from exc
