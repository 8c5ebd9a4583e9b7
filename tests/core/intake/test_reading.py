"""Operators' files read as they come: GBK and UTF-8 CSV, XLSX under a title, Parquet."""

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

from wangge.core.intake.check import Checker
from wangge.core.intake.kinds import CUSTOMER, SUBSCRIPTION_MONTH
from wangge.core.intake.mapping import Profile, header_score, propose
from wangge.core.intake.sources import SourceError, open_table

BILLING_HEADER = "账期,用户编码,状态,出账收入(元),实收(元),欠费,流量(MB)"
BILLING_ROWS = [
    '202611,U0001,在用,"1,234.50",1234.50,0,20480',
    "202611,U0002,拆机,58,0,58.00,0",
    "202611,U0003,在用,￥19.9,19.9,,512",
]


def billing_csv(tmp_path, encoding="utf-8", rows=BILLING_ROWS, name="出账明细.csv"):
    path = tmp_path / name
    path.write_bytes("\r\n".join([BILLING_HEADER, *rows]).encode(encoding))
    return path


def read_all(path, kind=SUBSCRIPTION_MONTH, month=None, **options):
    table = open_table(path, score=header_score(kind), **options)
    checker = Checker(kind, propose(kind, table.header), table, month=month)
    return list(checker.records()), checker


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_a_billing_export_reads_the_same_in_every_encoding_operators_use(tmp_path, encoding):
    records, checker = read_all(billing_csv(tmp_path, encoding))
    assert checker.ok
    assert [(r["code"], r["status"], r["billed_cents"], r["arrears_cents"]) for r in records] == [
        ("U0001", "active", 123450, 0),
        ("U0002", "disconnected", 5800, 5800),
        ("U0003", "active", 1990, None),
    ]
    assert records[0]["month"] == dt.date(2026, 11, 1)
    assert records[0]["usage"] == 20480


def test_the_mapping_is_proposed_from_chinese_headers():
    profile = propose(SUBSCRIPTION_MONTH, BILLING_HEADER.split(","))
    assert profile.columns == {
        "month": "账期",
        "code": "用户编码",
        "status": "状态",
        "billed_cents": "出账收入(元)",
        "paid_cents": "实收(元)",
        "arrears_cents": "欠费",
        "usage": "流量(MB)",
    }


def test_a_bad_row_is_named_by_file_row_and_column_and_nothing_comes_through_for_it(tmp_path):
    rows = [*BILLING_ROWS, "202611,U0004,在用,12.345,0,0,0", "202611,U0001,在用,1,1,0,0"]
    records, checker = read_all(billing_csv(tmp_path, rows=rows))
    assert not checker.ok
    assert [r["code"] for r in records] == ["U0001", "U0002", "U0003"]
    money, duplicate = checker.problems
    assert (money.file, money.row, money.letter, money.column, money.value) == (
        "出账明细.csv",
        5,
        "D",
        "出账收入(元)",
        "12.345",
    )
    assert "at most two decimals" in money.expected
    assert duplicate.rule == "duplicate_key" and duplicate.params["first"] == 2
    assert str(money).startswith("出账明细.csv, row 5, column D '出账收入(元)': '12.345'")


def test_a_row_of_another_month_is_refused_in_a_months_import(tmp_path):
    rows = [*BILLING_ROWS, "202610,U0009,在用,1,1,0,0"]
    _records, checker = read_all(billing_csv(tmp_path, rows=rows), month=dt.date(2026, 11, 1))
    [problem] = checker.problems
    assert problem.rule == "wrong_month" and problem.row == 5


def test_a_month_named_by_the_import_may_be_left_out_of_the_file(tmp_path):
    path = tmp_path / "facts.csv"
    path.write_text("用户编码,状态,出账收入\nU1,在用,10\n", encoding="utf-8")
    records, checker = read_all(path, month=dt.date(2026, 11, 1))
    assert checker.ok and records[0]["month"] == dt.date(2026, 11, 1)
    _records, without = read_all(path)
    assert without.missing == ["month"]


def test_gbk_text_after_the_first_megabyte_is_reported_with_its_row(tmp_path):
    head = [f"202611,U{i:06d},active,1,1,0,0" for i in range(60_000)]
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        ("\n".join([BILLING_HEADER, *head]) + "\n").encode("utf-8")
        + "202611,U9,在用,1,1,0,0\n".encode("gbk")
    )
    table = open_table(path, score=header_score(SUBSCRIPTION_MONTH))
    checker = Checker(SUBSCRIPTION_MONTH, propose(SUBSCRIPTION_MONTH, table.header), table)
    with pytest.raises(SourceError) as caught:
        list(checker.records())
    assert caught.value.row == 60_002
    assert "--encoding gb18030" in str(caught.value)


def test_an_xlsx_with_a_title_above_the_header_and_a_named_sheet(tmp_path):
    book = Workbook()
    book.active.title = "说明"
    book.active.append(["本表为说明页"])
    sheet = book.create_sheet("客户清单")
    sheet.append(["2026年11月 客户清单（城东中心）"])
    sheet.append([])
    sheet.append(["客户编码", "客户名称", "客户类型", "所属网格编码", "联系电话", "地址"])
    sheet.append(["KH001", "杭州某某科技有限公司", "政企", "G-01", 13812345678, "文三路 1 号"])
    sheet.append(["KH002", "张三", "个人", "G-01", "1.38E+10", "文三路 2 号"])
    path = tmp_path / "客户.xlsx"
    book.save(path)
    records, checker = read_all(path, kind=CUSTOMER, sheet="客户清单")
    assert [r["code"] for r in records] == ["KH001"]
    assert records[0]["kind"] == "business" and records[0]["phone"] == "13812345678"
    [problem] = checker.problems
    assert (problem.row, problem.letter, problem.rule) == (5, "E", "phone")
    with pytest.raises(SourceError, match="no sheet '客户'"):
        open_table(path, sheet="客户")


def test_formulas_and_merged_headers_in_a_workbook_are_refused(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["客户编码", "客户名称", "客户类型", "所属网格编码", None, "地址"])
    sheet.append(["KH001", '=A2&"公司"', "政企", "G-01", None, "x"])
    sheet.append(["KH001", "x", "政企", "G-01", 5, "x"])
    path = tmp_path / "bad.xlsx"
    book.save(path)
    with pytest.raises(SourceError) as caught:
        open_table(path, score=header_score(CUSTOMER))
    assert (caught.value.row, caught.value.column) == (1, "E")
    sheet.delete_cols(5)
    book.save(path)
    _records, checker = read_all(path, kind=CUSTOMER)
    assert [(p.row, p.rule) for p in checker.problems] == [(2, "formula")]


def test_parquet_facts_read_by_column_name(tmp_path):
    path = tmp_path / "facts.parquet"
    pq.write_table(
        pa.table(
            {
                "账期": ["2026-11"] * 2,
                "用户编码": ["U1", "U2"],
                "状态": ["在用", "销户"],
                "出账收入": ["10.00", "0"],
            }
        ),
        path,
    )
    records, checker = read_all(path)
    assert checker.ok and [r["status"] for r in records] == ["active", "cancelled"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\n\n", "holds no rows"),
        ("客户编码,客户编码\n1,2".encode(), "appears twice"),
    ],
)
def test_files_that_are_not_tables_say_so(tmp_path, content, message):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(SourceError, match=message):
        open_table(path)


def test_a_saved_profile_maps_other_headers_and_code_words(tmp_path):
    path = tmp_path / "crm.csv"
    path.write_text("CUST_ID,CUST_NAME,TYPE,GRID\nC1,王五,P,G-02\n", encoding="utf-8")
    profile = Profile(
        "customer",
        columns={"code": "CUST_ID", "name": "CUST_NAME", "kind": "TYPE", "grid_code": "GRID"},
        values={"kind": {"P": "individual", "B": "business"}},
    )
    assert profile.problems(CUSTOMER, ["CUST_ID", "CUST_NAME", "TYPE", "GRID"]) == []
    assert profile.problems(CUSTOMER, ["CUST_ID"]) == [
        "column 'CUST_NAME' for name is not in the file",
        "column 'TYPE' for kind is not in the file",
        "column 'GRID' for grid_code is not in the file",
    ]
    table = open_table(path)
    checker = Checker(CUSTOMER, Profile.from_json(profile.to_json()), table)
    assert [r["kind"] for r in checker.records()] == ["individual"]
