"""Validating every row of a file against its kind, before anything is written.

``Checker.records`` turns a ``Table`` into clean records (our field names, our
values) while it collects every problem: a cell that does not parse, a required
cell left empty, a key seen twice, a month other than the import's. The caller
stages the records as they come and swaps them in only when ``problems`` is
empty at the end, so a file with one bad row writes nothing. Problems beyond
``limit`` are counted, not kept, so a wrong file of two million rows still
answers quickly and small.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from wangge.core.intake import values as v
from wangge.core.intake.kinds import Kind
from wangge.core.intake.mapping import Profile, normalise_header
from wangge.core.intake.sources import Table, column_letter

PROBLEM_LIMIT = 1_000
MEMO_SIZE = 4_096
_MISSING = object()

# Rules of a row as a whole, beside the cell rules in ``values.EXPECTED``.
ROW_RULES: Mapping[str, str] = {
    "duplicate_key": "a row with the same {key} was already given in row {first}",
    "wrong_month": "a row of month {found} in an import for {month}",
    "extra_cells": "at most {wanted} cells (the header's columns); the row has {found}",
    # raised by the layer that resolves codes against what is already stored
    "unknown_code": "a {what} code that exists here",
    "unit_cycle": "a parent that is not the unit itself nor one of the units below it",
    "one_subject": "a customer code or a place code (one of them, not both)",
    "link_order": "an end day after the start day {start}",
    "link_overlap": "a period that does not overlap the one in row {other}",
    "file": "{message}",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file, where a person finds it and what was expected."""

    file: str
    row: int
    column: str  # the file's header, or "" for the whole row
    letter: str  # the spreadsheet column (A, B, ...), or ""
    value: str
    rule: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def expected(self) -> str:
        template = v.EXPECTED.get(self.rule) or ROW_RULES[self.rule]
        return template.format(**self.params)

    def __str__(self) -> str:
        where = f"{self.file}, row {self.row}"
        if self.column:
            where += f", column {self.letter} {self.column!r}"
        shown = f" {self.value!r}:" if self.value else ""
        return f"{where}:{shown} expected {self.expected}"


def _shown(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


class Checker:
    """Reads one table of one kind through one profile; see the module docstring."""

    def __init__(
        self,
        kind: Kind,
        profile: Profile,
        table: Table,
        *,
        month: dt.date | None = None,
        limit: int = PROBLEM_LIMIT,
    ) -> None:
        self.kind = kind
        self.table = table
        self.month = month
        self.limit = limit
        self.problems: list[Problem] = []
        self.problem_count = 0
        self.rows_read = 0
        positions = {normalise_header(h): i for i, h in enumerate(table.header)}
        self.columns: list[tuple[str, int, str]] = []
        for name, header in profile.columns.items():
            if name in kind.by_name and normalise_header(header) in positions:
                self.columns.append((name, positions[normalise_header(header)], header))
        self.values = {name: dict(m) for name, m in profile.values.items()}
        missing = [
            n
            for n in kind.required
            if n not in {c[0] for c in self.columns} and not self._implied(n)
        ]
        self.missing = missing

    def _implied(self, name: str) -> bool:
        """A monthly file may leave the month out when the import names it."""
        return name == "month" and self.month is not None

    def _problem(
        self, row: int, position: int | None, value: Any, rule: str, **params: Any
    ) -> None:
        self.problem_count += 1
        if len(self.problems) >= self.limit:
            return
        header = self.table.header[position] if position is not None else ""
        letter = column_letter(position) if position is not None else ""
        self.problems.append(
            Problem(self.table.file, row, header, letter, _shown(value), rule, params)
        )

    def records(self) -> Iterator[dict[str, Any]]:
        """Clean records, one per good row; bad rows are only reported."""
        if self.missing:
            return
        seen: dict[tuple[Any, ...], int] = {}
        width = len(self.table.header)
        fields = self.kind.by_name
        # months, statuses and codes repeat on most rows: each distinct cell is parsed once
        memos: dict[str, dict[Any, Any] | None] = {name: {} for name, _p, _h in self.columns}
        # ... but a column of distinct values (codes, names, phones) only pays for the
        # look-up: once its memo is full and most look-ups missed, it is parsed directly
        misses: dict[str, int] = dict.fromkeys(memos, 0)
        looked = 0
        for number, cells in self.table.rows:
            if not any(c is not None and str(c).strip() for c in cells):
                continue
            self.rows_read += 1
            if len(cells) > width and any(c is not None and str(c).strip() for c in cells[width:]):
                self._problem(number, None, "", "extra_cells", found=len(cells), wanted=width)
                continue
            record: dict[str, Any] = {}
            good = True
            looked += 1
            if looked == 2 * MEMO_SIZE:
                for name, missed in misses.items():
                    if missed > MEMO_SIZE:
                        memos[name] = None
            for name, position, _header in self.columns:
                raw = cells[position] if position < len(cells) else None
                mapped = self.values.get(name)
                if mapped and raw is not None and str(raw).strip() in mapped:
                    raw = mapped[str(raw).strip()]
                memo = memos[name]
                value = _MISSING if memo is None else memo.get(raw, _MISSING)
                if value is _MISSING:
                    try:
                        value = fields[name].parse(raw)
                    except v.CellProblem as exc:
                        value = exc
                    if memo is not None:
                        misses[name] += 1
                        if len(memo) < MEMO_SIZE and isinstance(raw, str | int | None):
                            memo[raw] = value
                if isinstance(value, v.CellProblem):
                    self._problem(number, position, raw, value.rule, **value.params)
                    good = False
                    continue
                if value is None and fields[name].required:
                    self._problem(number, position, raw, "required")
                    good = False
                    continue
                record[name] = value
            if not good:
                continue
            if self.month is not None and self.kind.monthly:
                found = record.get("month")
                if found is None:
                    record["month"] = self.month
                elif found != self.month:
                    position = next(p for n, p, _ in self.columns if n == "month")
                    self._problem(
                        number,
                        position,
                        found.isoformat()[:7],
                        "wrong_month",
                        found=found.isoformat()[:7],
                        month=self.month.isoformat()[:7],
                    )
                    continue
            key = tuple(record.get(k) for k in self.kind.key)
            if key in seen:
                self._problem(
                    number,
                    None,
                    " / ".join("" if k is None else str(k) for k in key),
                    "duplicate_key",
                    key=" + ".join(self.kind.key),
                    first=seen[key],
                )
                continue
            seen[key] = number
            for name in fields:
                record.setdefault(name, None)
            yield record

    @property
    def ok(self) -> bool:
        return not self.missing and self.problem_count == 0
