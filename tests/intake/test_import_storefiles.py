"""Marketing inputs, complaints and business-registry extracts: each written to its
analytics-store file only after the run is recorded, replaced (a month's inputs) or
merged by the operator's own codes (complaints, registry entries), refused whole on
one bad row, rolled back to the file as it was."""

from __future__ import annotations

import csv
from datetime import date

import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

from wangge.intake.models import ImportRun
from wangge.intake.services import ImportRefused, rollback, run_import
from wangge.intake.storefiles import stable_id

INPUTS = (
    "账期,网格编码,渠道佣金,终端补贴,营销费用,直接人工\n"
    '2026-11,LX-G01,"1,234.50",￥200,300.1,8000\n'
    "2026-11,LX-G02,0,,99.99,6500\n"
)
COMPLAINTS = (
    "投诉单号,客户编码,用户编码,受理时间,要求完成时间,办结时间,投诉类别\n"
    "TS20261101001,K1,,2026-11-01,2026-11-03,2026/11/2,宽带网速慢\n"
    "20261105002,K2,,20261105,2026-11-07,,资费争议\n"
)
REGISTRY = (
    "企业名称,统一社会信用代码,法定代表人,住所,所属行业,成立日期,注册资本(元),登记状态\n"
    '济南泉城饭店有限公司,91370102MA3C4XYW1K,刘一,济南市历下区泉城路8号,住宿和餐饮业,2015-06-01,"5,000,000",存续\n'
    "山东齐鲁软件有限责任公司,91370100MA3D5ABC2L,陈二,济南市高新区舜华路1号,软件和信息技术服务业,2018/3/9,10000000.00,在业\n"
    "历下区老王修车铺,,王三,历下区和平路12号,居民服务业,20200101,,存续\n"
)


def write(tmp_path, name, text, encoding="gbk"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_a_month_of_marketing_inputs_lands_in_its_store_file(city, tmp_path, settings):
    store = settings.STORE_DIR = tmp_path / "store"
    outcome = run_import(
        "marketing_input", write(tmp_path, "营销投入.csv", INPUTS), month=date(2026, 11, 1)
    )
    assert outcome.ok, [str(p) for p in outcome.problems]
    rows = pq.read_table(store / "facts" / "marketing_input" / "2026-11.parquet").to_pylist()
    by_grid = {r["grid_id"]: r for r in rows}
    x = by_grid[city["units"]["x"].pk]
    assert (x["commission_cents"], x["subsidy_cents"], x["promotion_cents"], x["labour_cents"]) == (
        123_450,
        20_000,
        30_010,
        800_000,
    )
    assert sorted(r["subsidy_cents"] for r in rows) == [0, 20_000]
    # a corrected file for the month replaces the month, not adds to it
    fixed = INPUTS.replace("300.1", "310").replace("2026-11,LX-G02,0,,99.99,6500\n", "")
    second = run_import(
        "marketing_input", write(tmp_path, "营销投入-更正.csv", fixed), month=date(2026, 11, 1)
    )
    assert (second.added, second.changed, second.unchanged) == (0, 1, 0)
    rows = pq.read_table(store / "facts" / "marketing_input" / "2026-11.parquet").to_pylist()
    assert [r["promotion_cents"] for r in rows] == [31_000]
    rollback(second.run_id)
    rows = pq.read_table(store / "facts" / "marketing_input" / "2026-11.parquet").to_pylist()
    assert sorted(r["promotion_cents"] for r in rows) == [9_999, 30_010]
    rollback(outcome.run_id)
    assert not (store / "facts" / "marketing_input" / "2026-11.parquet").exists()
    assert not list((store / "facts" / "marketing_input").iterdir())


def test_bad_marketing_inputs_name_the_cell_and_write_nothing(city, tmp_path, settings):
    store = settings.STORE_DIR = tmp_path / "store"
    bad = (
        INPUTS
        + "2026-11,SZ-G01,-5,,,\n2026-11,NO-SUCH,1,,,\n"
        + "2026-10,SZ-G01,1,,,\n2026-11,LX-G01,1.234,,,\n"
    )
    outcome = run_import(
        "marketing_input", write(tmp_path, "营销投入.csv", bad), month=date(2026, 11, 1)
    )
    found = {(p.row, p.column, p.rule) for p in outcome.problems}
    assert found == {
        (4, "渠道佣金", "money_not_negative"),
        (5, "网格编码", "unknown_code"),
        (6, "账期", "wrong_month"),
        (7, "渠道佣金", "money"),
    }
    assert not (store / "facts" / "marketing_input").exists() or not list(
        (store / "facts" / "marketing_input").iterdir()
    )


def test_marketing_inputs_need_their_month(city, tmp_path, settings):
    settings.STORE_DIR = tmp_path / "store"
    with pytest.raises(ImportRefused, match="--month"):
        run_import("marketing_input", write(tmp_path, "营销投入.csv", INPUTS))


def test_complaints_merge_by_ticket_and_resolve_customers(city, tmp_path, settings):
    store = settings.STORE_DIR = tmp_path / "store"
    first = run_import("complaint", write(tmp_path, "投诉.csv", COMPLAINTS, "utf-8-sig"))
    assert first.ok, [str(p) for p in first.problems]
    path = store / "facts" / "complaint.parquet"
    rows = {r["complaint_id"]: r for r in pq.read_table(path).to_pylist()}
    assert set(rows) == {stable_id("TS20261101001"), 20261105002}
    zhang = rows[stable_id("TS20261101001")]
    assert zhang["customer_id"] == city["customers"]["zhang"].pk
    assert (zhang["opened_at"], zhang["resolved_at"], zhang["category"]) == (
        date(2026, 11, 1),
        date(2026, 11, 2),
        "宽带网速慢",
    )
    # next week's extract: one ticket closed since, one new; the first stays
    later = (
        "投诉单号,客户编码,用户编码,受理时间,要求完成时间,办结时间,投诉类别\n"
        "20261105002,K2,,20261105,2026-11-07,2026-11-06,资费争议\n"
        "20261109003,K3,,2026-11-09,,,信号差\n"
    )
    second = run_import("complaint", write(tmp_path, "投诉-第二周.csv", later))
    assert (second.added, second.changed, second.unchanged) == (1, 1, 0)
    rows = {r["complaint_id"]: r for r in pq.read_table(path).to_pylist()}
    assert len(rows) == 3 and rows[20261105002]["resolved_at"] == date(2026, 11, 6)
    bad = later + "20261110004,K404,,2026-11-10,,,信号差\n20261110005,K1,,2026-13-10,,,\n"
    refused = run_import("complaint", write(tmp_path, "投诉-有误.csv", bad))
    assert {(p.row, p.column, p.rule) for p in refused.problems} == {
        (4, "客户编码", "unknown_code"),
        (5, "受理时间", "day"),
    }
    assert len(pq.read_table(path)) == 3
    rollback(second.run_id)
    assert len(pq.read_table(path)) == 2


def test_a_registry_extract_in_xlsx_lands_in_the_store(city, tmp_path, settings):
    store = settings.STORE_DIR = tmp_path / "store"
    book = Workbook()
    sheet = book.active
    sheet.title = "工商登记"
    sheet.append(["历下区工商登记信息（2026年11月）"])
    for line in REGISTRY.strip().split("\n"):
        sheet.append(next(csv.reader([line])))
    path = tmp_path / "工商登记.xlsx"
    book.save(path)
    outcome = run_import("registry", path, sheet="工商登记")
    assert outcome.ok, [str(p) for p in outcome.problems]
    rows = pq.read_table(store / "registry" / "registry.parquet").to_pylist()
    by_name = {r["name"]: r for r in rows}
    hotel = by_name["济南泉城饭店有限公司"]
    assert (hotel["credit_code"], hotel["capital_cents"], hotel["registered_on"]) == (
        "91370102MA3C4XYW1K",
        500_000_000,
        date(2015, 6, 1),
    )
    assert by_name["历下区老王修车铺"]["registry_id"] == stable_id("历下区老王修车铺")
    again = run_import("registry", path, sheet="工商登记")
    assert again.already == outcome.run_id
    assert ImportRun.objects.filter(kind="registry").count() == 1
