"""Training hours: each attendance's hours, a day's total per person, the year's sum
against the yearly minimum (40 h by default, the pay configuration's), and who falls
short so far.

Hours are exact (``Fraction``): a session of 1.5 h attended by a person twice a day
adds up as people add it, and the pay rule reads the same sum.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

#: nobody trains more than a day has hours
DAY_LIMIT = Fraction(24)
DEFAULT_YEARLY_MINIMUM = Fraction(40)


@dataclass(frozen=True)
class Attended:
    """One person's hours at one session on one day."""

    person: int
    day: dt.date
    hours: Fraction


@dataclass(frozen=True)
class HoursProblem:
    """Why hours cannot be recorded: ``code`` is ``not_positive``, ``over_session``
    (more than the session lasted) or ``over_day`` (the person's day would pass 24 h)."""

    code: str
    person: int | None
    day: dt.date | None
    hours: Fraction
    limit: Fraction


def hours_problem(hours: Fraction, session_hours: Fraction | None = None) -> HoursProblem | None:
    """One attendance on its own: more than zero, at most the session's length and a day."""
    if hours <= 0:
        return HoursProblem("not_positive", None, None, hours, Fraction(0))
    if session_hours is not None and hours > session_hours:
        return HoursProblem("over_session", None, None, hours, session_hours)
    if hours > DAY_LIMIT:
        return HoursProblem("over_day", None, None, hours, DAY_LIMIT)
    return None


def day_problems(recorded: Iterable[Attended], new: Iterable[Attended]) -> list[HoursProblem]:
    """The persons' days that would pass 24 h if ``new`` were added to ``recorded``
    (training hours that do not add up), one problem per person and day."""
    totals: dict[tuple[int, dt.date], Fraction] = defaultdict(Fraction)
    for a in recorded:
        totals[(a.person, a.day)] += a.hours
    touched: list[tuple[int, dt.date]] = []
    for a in new:
        key = (a.person, a.day)
        if key not in touched:
            touched.append(key)
        totals[key] += a.hours
    return [
        HoursProblem("over_day", person, day, totals[(person, day)], DAY_LIMIT)
        for person, day in touched
        if totals[(person, day)] > DAY_LIMIT
    ]


def hours_by_person(attended: Iterable[Attended], year: int,
                    until: dt.date | None = None) -> dict[int, Fraction]:  # fmt: skip
    """Each person's hours in ``year`` (up to ``until`` inclusive when given)."""
    out: dict[int, Fraction] = defaultdict(Fraction)
    for a in attended:
        if a.day.year == year and (until is None or a.day <= until):
            out[a.person] += a.hours
    return dict(out)


def expected_so_far(minimum: Fraction, month: int, pace: str = "pro_rata") -> Fraction:
    """The hours a person should have by the end of ``month``: the minimum × month / 12
    when the pace is pro rata (the pay rule's default), else the whole minimum."""
    if pace == "pro_rata":
        return minimum * month / 12
    return minimum


@dataclass(frozen=True)
class Shortfall:
    person: int
    done: Fraction
    expected: Fraction

    @property
    def missing(self) -> Fraction:
        return max(self.expected - self.done, Fraction(0))


def shortfalls(people: Iterable[int], hours: Mapping[int, Fraction],
               expected: Fraction) -> list[Shortfall]:  # fmt: skip
    """Everyone below ``expected`` hours, most missing first (then by id)."""
    rows = [Shortfall(p, hours.get(p, Fraction(0)), expected) for p in people]
    short = [r for r in rows if r.done < expected]
    return sorted(short, key=lambda r: (-r.missing, r.person))
