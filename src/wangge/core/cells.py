"""Cells that people typed, written so a spreadsheet never runs them as a formula.

A customer named ``=HYPERLINK("http://x","y")`` or a reason ``+1+1`` is text the
user gave us; Excel, LibreOffice and WPS would evaluate it (formula injection).
Every export writes such values through this module: in XLSX every text cell is
typed as a string (the value stays exactly as typed, so an exported sheet imports
back unchanged); in CSV, which has no types, text that a spreadsheet would read as
a formula gets a leading single quote. Numbers stay numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

#: how a cell starts when a spreadsheet would take it for a formula
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_NUMBER = re.compile(r"[+-]?\d[\d,]*(\.\d+)?")


def looks_like_formula(value: Any) -> bool:
    """True for text a spreadsheet would evaluate ("-12.50" is a number, not a formula)."""
    return (
        isinstance(value, str)
        and value.startswith(FORMULA_START)
        and not _NUMBER.fullmatch(value.strip())
    )


def csv_cell(value: Any) -> Any:
    """The value for a CSV writer: formula-like text behind a single quote."""
    return f"'{value}" if looks_like_formula(value) else value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_cell(v) for v in values]


def xlsx_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """The values for ``sheet.append``: every string as a cell typed text ("s").

    Works for normal and write-only openpyxl sheets; other values pass unchanged.
    """
    return [text_cell(sheet, v) if isinstance(v, str) else v for v in values]


def text_cell(sheet: Any, value: str) -> Any:
    """A cell for ``sheet.append`` holding ``value`` as text, whatever it starts with."""
    from openpyxl.cell import Cell

    cell = Cell(sheet, row=1, column=1, value=value)  # append places it
    cell.data_type = "s"
    return cell


def append_row(sheet: Any, values: Iterable[Any]) -> None:
    """``sheet.append(values)`` with every string typed text (see :func:`xlsx_row`)."""
    sheet.append(xlsx_row(sheet, values))
