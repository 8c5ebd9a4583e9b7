"""Payslips: a person's lines for a month, their total, and corrections as diffs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from wangge.core.pay.common import COMPONENTS, Id, PayLine
from wangge.core.pay.distribution import Distribution


@dataclass(frozen=True)
class Payslip:
    """Everything one person is paid for a month, line by line."""

    person_id: Id
    month: date
    lines: tuple[PayLine, ...]

    @property
    def total_cents(self) -> int:
        return sum(line.cents for line in self.lines)

    def by_component(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for line in self.lines:
            out[line.component] = out.get(line.component, 0) + line.cents
        return out


def _order(line: PayLine) -> tuple[int, str, str]:
    comp = COMPONENTS.index(line.component) if line.component in COMPONENTS else len(COMPONENTS)
    return comp, str(line.unit_id), line.item


def build_payslips(month: date, *sources: Iterable[PayLine]) -> dict[Id, Payslip]:
    """Gather lines from distributions, points and clawbacks into one payslip per person.

    A person in two units gets the lines of both; lines are ordered by component
    (formula, discretionary, training, allowances, points, clawbacks), then unit.
    """
    grouped: dict[Id, list[PayLine]] = {}
    for source in sources:
        for line in source:
            grouped.setdefault(line.person_id, []).append(line)
    return {
        pid: Payslip(pid, month, tuple(sorted(lines, key=_order))) for pid, lines in grouped.items()
    }


@dataclass(frozen=True, slots=True)
class LineDiff:
    """One person's component before and after a correction."""

    person_id: Id
    unit_id: Id | None
    component: str
    item: str
    before_cents: int
    after_cents: int

    @property
    def delta_cents(self) -> int:
        return self.after_cents - self.before_cents


def diff_lines(
    before: Iterable[PayLine], after: Iterable[PayLine], *, include_unchanged: bool = False
) -> list[LineDiff]:
    """Per person, unit, component and item: the cents before and after a correction.

    Lines sharing a key are summed; a key present on one side only counts 0 on
    the other. Unchanged keys are left out unless ``include_unchanged``.
    """

    def totals(lines: Iterable[PayLine]) -> dict[tuple, int]:
        out: dict[tuple, int] = {}
        for line in lines:
            key = (line.person_id, line.unit_id, line.component, line.item)
            out[key] = out.get(key, 0) + line.cents
        return out

    b, a = totals(before), totals(after)
    keys = list(b) + [k for k in a if k not in b]
    out = []
    for key in keys:
        x, y = b.get(key, 0), a.get(key, 0)
        if x != y or include_unchanged:
            out.append(LineDiff(*key, x, y))
    return out


def diff_distributions(before: Distribution, after: Distribution) -> list[LineDiff]:
    """What a correction of a unit's distribution changes, person by person."""
    return diff_lines(before.lines, after.lines)
