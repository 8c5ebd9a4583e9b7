"""The one Excel writer for list pages: what the page shows, as a sheet people hand around.

A list page (customers, rates by period, scores, pay) describes its columns once
(:class:`Column`: a header, a kind, a width) and hands over the rows it shows, in
the order it shows them, already filtered and masked. This module writes them:

* a bold header row, frozen, with an autofilter over the whole table;
* column widths from the column (or from the header's length);
* money as a real number of yuan (integer cents in, an exact ``Decimal`` out,
  ``wangge.core.formatting.yuan_amount``) with a ``¥#,##0.00`` format, rates as
  real numbers with a ``0.00%`` format, counts with ``#,##0``: a sheet that sums
  and sorts, never numbers stored as text;
* every text cell typed as text (``wangge.core.cells``): a customer named
  ``=HYPERLINK(...)`` stays a name, never a formula.

Streaming (openpyxl write-only), so a province's list does not sit in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from wangge.core import formatting
from wangge.core.cells import text_cell

#: kinds of column and the Excel number format each is written with
FORMATS = {
    "text": "@",
    "yuan": '"¥"#,##0.00;-"¥"#,##0.00',
    "percent": "0.00%",
    "count": "#,##0",
    "number": "#,##0.00",
    "rank": "General",
    "figure": "General",
    "date": "yyyy-mm-dd",
}


class SheetError(ValueError):
    """A row that does not fit the columns it is written under."""


@dataclass(frozen=True)
class Column:
    """One column of a list: its header (in the reader's language), its kind, its width.

    ``kind`` is one of :data:`FORMATS`: "yuan" takes integer cents, "percent" a
    rate (0.9383 is 93.83 %), "count" an integer, "number" and "rank" a figure,
    "figure" a number whose unit varies by row (a target: a count, a rate, yuan),
    shown as stored, "date" a date, "text" anything else (written as typed text). ``places`` is the
    decimals of a "percent" or "number" column.
    """

    header: str
    kind: str = "text"
    width: float | None = None
    places: int = 2

    def __post_init__(self) -> None:
        if self.kind not in FORMATS:
            raise SheetError(f"column {self.header!r}: unknown kind {self.kind!r}")

    @property
    def number_format(self) -> str:
        if self.kind == "percent":
            return "0%" if self.places == 0 else "0." + "0" * self.places + "%"
        if self.kind == "number":
            return "#,##0" if self.places == 0 else "#,##0." + "0" * self.places
        return FORMATS[self.kind]

    @property
    def shown_width(self) -> float:
        """The width in characters: given, or the header's (a CJK character is two)."""
        if self.width is not None:
            return self.width
        wide = sum(2 if ord(ch) > 0x2E7F else 1 for ch in str(self.header))
        return max(10.0, wide + 4.0)


def _value(col: Column, value: Any) -> Any:
    """The cell value for one column: yuan from cents, exact numbers, text stays text."""
    if value is None or value == "":
        return None
    if col.kind == "text" or isinstance(value, str):
        return str(value)
    if col.kind == "yuan":
        return formatting.yuan_amount(value)
    if col.kind == "count":
        return formatting.cents_of(value)
    if col.kind == "date":
        if not isinstance(value, date | datetime):
            raise SheetError(f"column {col.header!r}: not a date: {value!r}")
        return value
    return formatting.exact(value) if not isinstance(value, int) else value


def _cell(sheet: Any, col: Column, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    v = _value(col, value)
    if isinstance(v, str):
        cell = text_cell(sheet, v)
    else:
        cell = WriteOnlyCell(sheet, value=v)
    cell.number_format = col.number_format
    return cell


@dataclass(frozen=True)
class ListSheet:
    """One sheet of a workbook: a title, its columns, its rows (see :func:`write_list`)."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    freeze_columns: int = 0


def write_list(
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    path: Path | str | None = None,
    *,
    freeze_columns: int = 0,
    progress: Any = None,
) -> bytes:
    """Write ``rows`` under ``columns`` as one sheet; the bytes, saved to ``path`` if given.

    The header row is frozen, and ``freeze_columns`` key columns on the left with it
    (code and name, so they stay in view while scrolling across the figures).
    ``progress(done)`` is called every 1,000 rows (a background job's reporter).
    Returns the workbook's bytes (empty when written to ``path``, to spare memory).
    """
    return write_book([ListSheet(title, columns, rows, freeze_columns)], path, progress=progress)


def write_book(
    sheets: Sequence[ListSheet], path: Path | str | None = None, *, progress: Any = None
) -> bytes:
    """Several lists in one workbook (a month's scores, their items, their derivations),
    each sheet written as :func:`write_list` writes one."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for spec in sheets:
        _write_sheet(book, spec, progress)
    if path is not None:
        book.save(path)
        return b""
    buf = BytesIO()
    book.save(buf)
    return buf.getvalue()


def _write_sheet(book: Any, spec: ListSheet, progress: Any) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    columns = spec.columns
    sheet = book.create_sheet(_sheet_title(spec.title))
    for i, col in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = col.shown_width
    sheet.freeze_panes = f"{get_column_letter(spec.freeze_columns + 1)}2"
    bold = Font(bold=True)
    header = []
    for col in columns:
        cell = text_cell(sheet, str(col.header))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    n = 0
    for n, row in enumerate(spec.rows, start=1):
        if len(row) != len(columns):
            raise SheetError(f"row {n}: {len(row)} values for {len(columns)} columns")
        sheet.append([_cell(sheet, col, v) for col, v in zip(columns, row, strict=True)])
        if progress is not None and n % 1000 == 0:
            progress(n)
    last = get_column_letter(max(len(columns), 1))
    sheet.auto_filter.ref = f"A1:{last}{n + 1}"


def _sheet_title(title: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return (cleaned or "sheet")[:31]
