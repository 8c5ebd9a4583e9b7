"""Typed text is written as text: no exported cell can become a formula."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from wangge.core.cells import append_row, csv_row, looks_like_formula

ATTACKS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
IN_XLSX = ATTACKS[:-1]  # XML turns a lone CR into LF: the cell is text either way


@pytest.mark.parametrize("text", ATTACKS)
def test_formula_like_text_is_quoted_in_csv(text):
    assert looks_like_formula(text)
    assert csv_row([text]) == [f"'{text}"]


def test_numbers_and_plain_text_stay_as_they_are_in_csv():
    row = ["S001", "张三", "-12.50", "1,234.00", 5, Decimal("-1.5"), None]
    assert csv_row(row) == row


@pytest.mark.parametrize("write_only", [False, True])
def test_xlsx_text_cells_are_typed_text_and_keep_their_value(write_only):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("s") if write_only else book.active
    append_row(sheet, [*IN_XLSX, 12, Decimal("-1.50")])
    buf = io.BytesIO()
    book.save(buf)
    cells = next(load_workbook(io.BytesIO(buf.getvalue())).worksheets[0].iter_rows())
    assert [(c.value, c.data_type) for c in cells[: len(IN_XLSX)]] == [(t, "s") for t in IN_XLSX]
    assert [(c.value, c.data_type) for c in cells[len(IN_XLSX) :]] == [(12, "n"), (-1.5, "n")]


def test_csv_written_through_the_helper_reads_back_quoted():
    out = io.StringIO()
    csv.writer(out).writerow(csv_row(["=1+1", "-3.00"]))
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["'=1+1", "-3.00"]
