"""Reverse appraisal (反向考核): the front line rates each support unit once a month
on the appraisal scheme's items (timeliness, quality of the help, attitude), 0 … 100
each; a unit's figure per item is the exact mean of its raters, which is what the
``back-office-reverse`` scheme scores (``scoring.reverse_appraisal_input``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from wangge.core.scoring import average_ratings

#: the default scheme's items: timeliness, problems solved (quality), attitude
ITEMS = ("responsiveness", "problem_solving", "attitude")
FULL_MARKS = 100


def rating_problem(value) -> str:
    """ "" for a whole number 0 … 100, else why not (``not_whole``, ``out_of_range``)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return "not_whole"
    if not 0 <= value <= FULL_MARKS:
        return "out_of_range"
    return ""


@dataclass(frozen=True)
class Rated:
    unit: int
    rater: int
    scores: Mapping[str, int]


@dataclass(frozen=True)
class UnitResult:
    unit: int
    raters: int
    averages: Mapping[str, Fraction]

    @property
    def overall(self) -> Fraction:
        return sum(self.averages.values(), Fraction(0)) / len(self.averages)


def aggregate(ratings: Iterable[Rated], items: Sequence[str] = ITEMS) -> list[UnitResult]:
    """Each rated unit's mean per item (every rater counted once), by unit id."""
    by_unit: dict[int, dict[int, Rated]] = defaultdict(dict)
    for r in ratings:
        by_unit[r.unit][r.rater] = r
    out = []
    for unit in sorted(by_unit):
        rows = list(by_unit[unit].values())
        averages = {k: average_ratings([r.scores[k] for r in rows]) for k in items}
        out.append(UnitResult(unit, len(rows), averages))
    return out
