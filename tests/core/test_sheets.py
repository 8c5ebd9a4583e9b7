"""The list-sheet writer: real numbers with formats, text as text, a frozen filterable header."""

import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from wangge.core.sheets import Column, SheetError, write_list

COLUMNS = [
    Column("客户名称", width=20),
    Column("月费", "yuan"),
    Column("完成率", "percent"),
    Column("用户数", "count"),
    Column("得分", "number", places=1),
    Column("排名", "rank"),
    Column("开户日期", "date"),
]


def _sheet(rows, **kw):
    return load_workbook(io.BytesIO(write_list("客户 [清单]: 2026/10", COLUMNS, rows, **kw))).active


def test_money_is_a_number_of_yuan_exact_from_cents_with_a_yuan_format():
    sheet = _sheet([["张三", 1_751_570_000, None, 0, None, None, None], ["李四", -5] + [None] * 5])
    big, negative = sheet["B2"], sheet["B3"]
    assert big.data_type == "n" and negative.value == -0.05
    assert big.number_format == '"¥"#,##0.00;-"¥"#,##0.00'
    # the file holds the amount as written: ¥1,234,567,890.12, not a float's 1234567890.1199999
    raw = write_list("t", COLUMNS[:2], [["x", 123_456_789_012]])
    xml = zipfile.ZipFile(io.BytesIO(raw)).read("xl/worksheets/sheet1.xml").decode()
    assert "<v>1234567890.12</v>" in xml


def test_rates_counts_numbers_ranks_and_dates_keep_their_kinds():
    sheet = _sheet(
        [
            [
                "张三",
                12800,
                Decimal("1.2345"),
                123608,
                Decimal("87.55"),
                Decimal("2.5"),
                date(2026, 10, 20),
            ]
        ]
    )
    rate, n, score, rank, day = (sheet.cell(2, i) for i in range(3, 8))
    assert rate.value == pytest.approx(1.2345) and rate.number_format == "0.00%"
    assert n.value == 123608 and n.number_format == "#,##0"
    assert score.value == pytest.approx(87.55) and score.number_format == "#,##0.0"
    assert rank.value == 2.5
    assert day.value.date() == date(2026, 10, 20) and day.number_format == "yyyy-mm-dd"


def test_typed_text_is_never_a_formula():
    sheet = _sheet(
        [['=HYPERLINK("http://x","y")', 1, None, None, None, None, None], ["+1+1"] + [None] * 6]
    )
    assert sheet["A2"].value == '=HYPERLINK("http://x","y")' and sheet["A2"].data_type == "s"
    assert sheet["A3"].value == "+1+1" and sheet["A3"].data_type == "s"


def test_the_header_is_bold_frozen_filterable_and_the_widths_set():
    sheet = _sheet([["张三"] + [None] * 6] * 3, freeze_columns=1)
    assert [c.value for c in sheet[1]] == [c.header for c in COLUMNS]
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == "A1:G4"
    assert sheet.column_dimensions["A"].width == 20
    assert sheet.column_dimensions["G"].width == 12  # 开户日期: four wide characters + 4
    assert sheet.title == "客户  清单   2026 10"


def test_an_empty_list_still_has_its_header_and_filter():
    sheet = _sheet([])
    assert sheet.max_row == 1 and sheet.auto_filter.ref == "A1:G1"


def test_a_row_of_the_wrong_length_or_a_fraction_of_a_cent_is_refused():
    with pytest.raises(SheetError, match="row 1: 2 values for 7 columns"):
        write_list("t", COLUMNS, [["张三", 1]])
    with pytest.raises(ValueError, match="whole number of cents"):
        write_list("t", COLUMNS[:2], [["张三", Decimal("1.5")]])
    with pytest.raises(SheetError, match="unknown kind"):
        Column("x", "money")


def test_progress_is_reported_every_thousand_rows():
    seen = []
    write_list("t", COLUMNS[:1], ([str(i)] for i in range(2500)), progress=seen.append)
    assert seen == [1000, 2000]
