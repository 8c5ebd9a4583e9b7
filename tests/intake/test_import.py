"""Operators' own files in: exact rows in the database, every problem named, nothing
half-written, the same file twice changes nothing, and a run rolls back as a unit.

The files are what a city's BSS and billing exports look like: GBK CSV with Chinese
headers, XLSX with a title above the header, money as "1,234.50" and "¥12.3", dates
in four forms.
"""

from __future__ import annotations

from datetime import date

import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook, load_workbook

from wangge.customers.models import Customer, CustomerGrid, Subscription
from wangge.intake.models import ImportRun
from wangge.intake.services import ImportRefused, RollbackRefused, rollback, run_import

CUSTOMERS = (
    "客户编码,客户名称,客户类型,在网状态,所属网格编码,场所编码,联系电话,地址,生效日期\n"
    "K1,张三,个人,在网,LX-G01,P1,13812341234,历下区文化东路1号,2025-01-01\n"
    "K10,泉城饭店,政企,在网,LX-G02,,053188886666,历下区泉城路8号,2026/11/3\n"
    "K11,赵六,家庭,他网,SZ-G01,,13900001111,市中区经十路2号,20261103\n"
)


def write(tmp_path, name, text, encoding="gbk"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def subscriptions_xlsx(tmp_path, rows):
    book = Workbook()
    ws = book.active
    ws.append(["2026年11月 用户资料导出"])
    ws.append([])
    ws.append(
        [
            "用户编码",
            "客户编码",
            "业务类型",
            "套餐名称",
            "号码",
            "月费(元)",
            "入网时间",
            "状态",
            "发展渠道编码",
            "发展人工号",
        ]
    )
    for r in rows:
        ws.append(r)
    path = tmp_path / "用户资料.xlsx"
    book.save(path)
    return path


def test_a_gbk_customer_file_lands_as_exactly_these_rows(city, tmp_path, settings):
    settings.STORE_DIR = tmp_path / "store"
    path = write(tmp_path, "客户资料.csv", CUSTOMERS)
    outcome = run_import("customer", path)
    assert outcome.ok, [str(p) for p in outcome.problems]
    assert (outcome.added, outcome.changed, outcome.unchanged) == (2, 1, 0)
    k10 = Customer.objects.get(code="K10")
    assert (k10.name, k10.kind, k10.ownership, k10.phone) == (
        "泉城饭店",
        "business",
        "ours",
        "053188886666",
    )
    k11 = Customer.objects.get(code="K11")
    assert (k11.kind, k11.ownership) == ("household", "competitor")
    link = CustomerGrid.objects.get(customer=k11, valid_to=None)
    assert (link.grid.code, link.valid_from) == ("SZ-G01", date(2026, 11, 3))
    assert CustomerGrid.objects.get(customer=k10).valid_from == date(2026, 11, 3)
    # 张三 was there already: the address is what changed
    assert Customer.objects.get(code="K1").address == "历下区文化东路1号"
    run = ImportRun.objects.get(pk=outcome.run_id)
    assert (run.status, run.rows_read, run.added, run.changed) == ("done", 3, 2, 1)


def test_the_same_file_twice_changes_nothing_and_is_not_read_again(city, tmp_path, settings):
    settings.STORE_DIR = tmp_path / "store"
    path = write(tmp_path, "客户资料.csv", CUSTOMERS)
    first = run_import("customer", path)
    before = list(Customer.objects.order_by("code").values())
    again = run_import("customer", path)
    assert again.already == first.run_id and again.run_id is None
    assert list(Customer.objects.order_by("code").values()) == before
    # the same rows under another file name: matched on customer codes, nothing changes
    copy = write(tmp_path, "客户资料-副本.csv", CUSTOMERS + "\n")
    third = run_import("customer", copy)
    assert (third.added, third.changed, third.unchanged) == (0, 0, 3)
    assert CustomerGrid.objects.filter(customer__code="K10").count() == 1


def test_a_file_with_bad_cells_writes_nothing_and_names_each_cell(city, tmp_path, settings):
    settings.STORE_DIR = tmp_path / "store"
    bad = CUSTOMERS + (
        "K12,钱七,个人,在网,NOPE-G9,,13900002222,,2026-11-03\n"  # unknown grid
        "K13,孙八,个人,在网,LX-G01,,1.38E+10,,2026-11-03\n"  # Excel's phone number
        "K14,周九,外星人,在网,LX-G01,,13900003333,,2026-11-31\n"  # kind and day
    )
    path = write(tmp_path, "客户资料.csv", bad)
    before = list(Customer.objects.order_by("code").values_list("code", "address"))
    outcome = run_import("customer", path)
    assert not outcome.ok
    found = {(p.row, p.letter, p.column, p.rule) for p in outcome.problems}
    assert found == {
        (5, "E", "所属网格编码", "unknown_code"),
        (6, "G", "联系电话", "phone"),
        (7, "C", "客户类型", "choice"),
        (7, "I", "生效日期", "day"),
    }
    assert list(Customer.objects.order_by("code").values_list("code", "address")) == before
    run = ImportRun.objects.get(pk=outcome.run_id)
    assert (run.status, run.rejected) == ("refused", 3)
    sheet = load_workbook(outcome.error_file).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "行" and rows[0][-1] == "错误"
    assert rows[1][:3] == (5, "K12", "钱七")
    assert "E 列“所属网格编码”" in rows[1][-1] and "网格" in rows[1][-1]
    assert rows[2][7] == "1.38E+10" and "联系电话" in rows[2][-1]
    assert "客户类型" in rows[3][-1] and "生效日期" in rows[3][-1]


def test_subscriptions_from_an_xlsx_with_a_title_row(city, tmp_path, settings):
    settings.STORE_DIR = tmp_path / "store"
    path = subscriptions_xlsx(
        tmp_path,
        [
            [
                "U1001",
                "K1",
                "移动",
                "畅享199",
                "13812341234",
                "1,234.50",
                "2026-11-03",
                "在用",
                "C1",
                "S001",
            ],
            ["U1002", "K2", "宽带", "千兆宽带", "053112345", "¥12.3", 46329, "拆机", None, None],
            ["U1003", "K3", "IPTV", "天翼高清", None, 30, "2026/1/5", "销户", None, None],
        ],
    )
    outcome = run_import("subscription", path)
    assert outcome.ok, [str(p) for p in outcome.problems]
    u1 = Subscription.objects.get(code="U1001")
    assert (u1.customer.code, u1.monthly_fee_cents, u1.start_date, u1.status) == (
        "K1",
        123_450,
        date(2026, 11, 3),
        "active",
    )
    assert (u1.channel.code, u1.sold_by.staff_no) == ("C1", "S001")
    u2 = Subscription.objects.get(code="U1002")
    assert (u2.monthly_fee_cents, u2.start_date, u2.status, u2.number) == (
        1_230,
        date(2026, 11, 3),
        "disconnected",
        "053112345",
    )
    assert Subscription.objects.get(code="U1003").monthly_fee_cents == 3_000


def test_a_dry_run_counts_and_writes_nothing(city, tmp_path, settings):
    settings.STORE_DIR = tmp_path / "store"
    path = write(tmp_path, "客户资料.csv", CUSTOMERS)
    outcome = run_import("customer", path, dry_run=True)
    assert outcome.ok and (outcome.added, outcome.changed) == (2, 1)
    assert not Customer.objects.filter(code="K10").exists()
    assert not ImportRun.objects.exists()


def test_a_rollback_undoes_the_run_as_a_unit(city, tmp_path, settings):
    settings.STORE_DIR = tmp_path / "store"
    before = list(Customer.objects.order_by("code").values())
    links = list(CustomerGrid.objects.order_by("pk").values())
    moved = CUSTOMERS.replace("K1,张三,个人,在网,LX-G01", "K1,张三,个人,在网,LX-G02")
    outcome = run_import("customer", write(tmp_path, "客户资料.csv", moved))
    assert CustomerGrid.objects.get(customer__code="K1", valid_to=None).grid.code == "LX-G02"
    rollback(outcome.run_id)
    assert list(Customer.objects.order_by("code").values()) == before
    assert list(CustomerGrid.objects.order_by("pk").values()) == links
    assert ImportRun.objects.get(pk=outcome.run_id).status == "rolled_back"
    with pytest.raises(RollbackRefused):
        rollback(outcome.run_id)


def test_only_the_latest_run_rolls_back(city, tmp_path, settings):
    settings.STORE_DIR = tmp_path / "store"
    first = run_import("customer", write(tmp_path, "a.csv", CUSTOMERS))
    second = run_import(
        "customer", write(tmp_path, "b.csv", CUSTOMERS.replace("泉城饭店", "泉城大饭店"))
    )
    with pytest.raises(RollbackRefused, match=f"#{second.run_id}"):
        rollback(first.run_id)
    rollback(second.run_id)
    assert Customer.objects.get(code="K10").name == "泉城饭店"
    rollback(first.run_id)
    assert not Customer.objects.filter(code="K10").exists()


def test_an_unknown_kind_is_refused_plainly(city, tmp_path):
    with pytest.raises(ImportRefused, match="'invoice' cannot be imported; one of: unit, person"):
        run_import("invoice", write(tmp_path, "x.csv", CUSTOMERS))


NOV = date(2026, 11, 1)
FACTS = (
    "2026年11月 出账明细\n"
    "\n"
    "账期,用户编码,状态,出账收入,实收,欠费,90天以上欠费,流量(MB)\n"
    '202611,U1001,在用,"1,234.50",￥1200,34.5,0,2048\n'
    "202611,U1002,拆机,¥12.3,12.30,0,0,0\n"
)


@pytest.fixture
def coded(city, tmp_path):
    path = subscriptions_xlsx(
        tmp_path,
        [
            [
                "U1001",
                "K1",
                "移动",
                "畅享199",
                "13812341234",
                "199",
                "2025-01-01",
                "在用",
                None,
                None,
            ],
            [
                "U1002",
                "K2",
                "宽带",
                "千兆宽带",
                "053112345",
                "100",
                "2025-03-01",
                "在用",
                None,
                None,
            ],
        ],
    )
    assert run_import("subscription", path).ok
    return city


def _month(store):
    from wangge.engines import month_files

    files = month_files(store, NOV)
    return sorted(
        (
            r["subscription_id"],
            r["status"],
            r["billed_cents"],
            r["paid_cents"],
            r["arrears_cents"],
            r["usage"],
        )
        for f in files
        for r in pq.read_table(f).to_pylist()
    )


def test_monthly_facts_become_the_months_partition_exactly(coded, tmp_path, settings):
    store = settings.STORE_DIR = tmp_path / "store"
    outcome = run_import(
        "subscription_month", write(tmp_path, "出账.csv", FACTS, "gb18030"), month=NOV
    )
    assert outcome.ok, [str(p) for p in outcome.problems]
    u1, u2 = (Subscription.objects.get(code=c) for c in ("U1001", "U1002"))
    assert _month(store) == [
        (u1.pk, "active", 123_450, 120_000, 3_450, 2048),
        (u2.pk, "disconnected", 1_230, 1_230, 0, 0),
    ]
    row = pq.read_table(next((store / "facts/subscription_month/2026-11").glob("*.parquet")))
    assert row.column("customer_id").to_pylist() == [u1.customer_id, u2.customer_id]
    assert row.column("product_line").to_pylist() == ["mobile", "broadband"]


def test_a_corrected_facts_file_replaces_the_month_and_rolls_back(coded, tmp_path, settings):
    store = settings.STORE_DIR = tmp_path / "store"
    first = run_import(
        "subscription_month", write(tmp_path, "出账.csv", FACTS, "gb18030"), month=NOV
    )
    written = _month(store)
    fixed = FACTS.replace("¥12.3,12.30", "13.3,13.30")
    second = run_import(
        "subscription_month", write(tmp_path, "出账-更正.csv", fixed, "utf-8-sig"), month=NOV
    )
    assert second.ok and [r[2] for r in _month(store)] == [123_450, 1_330]
    with pytest.raises(RollbackRefused):
        rollback(first.run_id)
    rollback(second.run_id)
    assert _month(store) == written
    rollback(first.run_id)
    assert _month(store) == []


def test_a_facts_file_with_problems_leaves_the_month_untouched(coded, tmp_path, settings):
    store = settings.STORE_DIR = tmp_path / "store"
    run_import("subscription_month", write(tmp_path, "出账.csv", FACTS, "gb18030"), month=NOV)
    written = _month(store)
    bad = FACTS + (
        "202611,U1003,在用,1.234,0,-1,0,0\n"  # a third decimal; negative arrears
        "202610,U1001,在用,1,1,0,0,0\n"  # October's row in November's file
        "202611,U9999,在用,1,1,0,0,0\n"  # no such subscription
        "202611,U1002,在用,1,1,0,0,0\n"  # U1002 twice
    )
    outcome = run_import(
        "subscription_month", write(tmp_path, "出账2.csv", bad, "gb18030"), month=NOV
    )
    assert [(p.row, p.letter, p.rule) for p in outcome.problems] == [
        (6, "D", "money"),
        (6, "F", "money_not_negative"),
        (7, "A", "wrong_month"),
        (8, "B", "unknown_code"),
        (9, "", "duplicate_key"),
    ]
    assert _month(store) == written
    hidden = [p.name for p in (store / "facts/subscription_month").iterdir() if ".new-" in p.name]
    assert hidden == []


def test_a_published_month_refuses_new_facts(coded, tmp_path, settings, publish_run):
    settings.STORE_DIR = tmp_path / "store"
    publish_run(NOV, {}, {})
    with pytest.raises(ImportRefused, match="published"):
        run_import("subscription_month", write(tmp_path, "出账.csv", FACTS, "gb18030"), month=NOV)
