"""Properties over many generated inputs: any amount an operator writes in yuan becomes
exactly its cents, and a mangled file is either refused whole or imported whole."""

from __future__ import annotations

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wangge.core.intake import values as v
from wangge.customers.models import Customer
from wangge.intake.services import run_import

CENTS = st.integers(min_value=-(10**13), max_value=10**13)


def _yuan(cents: int, style: int) -> str:
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    grouped = f"{whole:,}" if style & 1 else str(whole)
    decimals = f"{part:02d}"
    if style & 2:  # 12.30 written 12.3, 12.00 written 12
        decimals = decimals.rstrip("0")
    text = f"{grouped}.{decimals}" if decimals else grouped
    prefix = ("", "¥", "￥")[style % 3]
    return f"{sign}{prefix}{text}"


@given(CENTS, st.integers(min_value=0, max_value=11), st.booleans())
def test_any_yuan_string_becomes_exactly_its_cents(cents, style, spaced):
    text = _yuan(cents, style)
    if spaced:
        text = f" {text} "
    assert v.money(text) == cents


@given(CENTS)
def test_a_third_decimal_is_refused_never_rounded(cents):
    text = _yuan(cents, 0) + "1"
    try:
        v.money(text)
    except v.CellProblem as exc:
        assert exc.rule == "money"
    else:
        raise AssertionError(f"{text!r} was accepted")


GOOD = [
    ["K20", "甲", "个人", "在网", "LX-G01", "", "13800000020", "2026-11-03"],
    ["K21", "乙", "政企", "他网", "LX-G02", "P1", "13800000021", "2026/11/3"],
    ["K22", "丙", "家庭", "潜在", "SZ-G01", "", "13800000022", "20261103"],
]
HEADER = [
    "客户编码",
    "客户名称",
    "客户类型",
    "在网状态",
    "所属网格编码",
    "场所编码",
    "联系电话",
    "生效日期",
]
JUNK = st.sampled_from(
    ["", "1.38E+10", "=SUM(A1)", "2026-13-01", "外星人", "NOPE", "K20", "ü", '"', ",", "  "]
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.integers(min_value=0, max_value=len(GOOD) - 1),
    st.integers(min_value=0, max_value=len(HEADER) - 1),
    JUNK,
)
def test_a_mangled_file_is_refused_whole_or_imported_whole(city, tmp_path, row, column, junk):
    rows = [list(r) for r in GOOD]
    rows[row][column] = junk
    path = tmp_path / "客户.csv"
    lines = [",".join(HEADER)] + [
        ",".join('"' + c.replace('"', '""') + '"' if "," in c or '"' in c else c for c in r)
        for r in rows
    ]
    path.write_bytes(("\n".join(lines) + "\n").encode("gb18030"))
    before = set(Customer.objects.values_list("code", flat=True))
    with transaction.atomic():
        outcome = run_import("customer", path)
        after = set(Customer.objects.values_list("code", flat=True))
        if outcome.ok:
            codes = {r[0] for r in rows}
            assert after == before | codes
        else:
            assert after == before
            assert all(
                p.file == "客户.csv" and (p.row or p.rule == "file") for p in outcome.problems
            )
        transaction.set_rollback(True)


UNIT_HEADER = ["组织编码", "组织名称", "层级", "上级编码", "户数", "生效日期"]
UNIT_GOOD = [
    ["LX-G30", "网格甲", "网格", "LX", "900", "2026-11-03"],
    ["LX-A30", "东片区", "片区", "LX", "", "2026/11/3"],
    ["LX-G31", "网格乙", "网格", "LX-A30", "120", "20261103"],
]
INPUT_HEADER = ["账期", "网格编码", "渠道佣金", "终端补贴", "营销费用", "直接人工"]
INPUT_GOOD = [
    ["2026-11", "LX-G01", "1,234.50", "￥200", "300.1", "8000"],
    ["2026-11", "LX-G02", "0", "", "99.99", "6500"],
    ["202611", "SZ-G01", "12", "0.5", "", "7000"],
]
UNIT_JUNK = st.sampled_from(
    ["", "1.5", "-3", "=A1", "2026-02-30", "街道", "LX-G31", "QQ", "LX-G30", "ü", ",", "2025-13"]
)


def _csv(path, header, rows):
    lines = [",".join(header)] + [
        ",".join('"' + c.replace('"', '""') + '"' if "," in c or '"' in c else c for c in r)
        for r in rows
    ]
    path.write_bytes(("\n".join(lines) + "\n").encode("gb18030"))


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.sampled_from(["unit", "marketing_input"]),
    st.integers(min_value=0, max_value=2),
    st.integers(min_value=0, max_value=5),
    UNIT_JUNK,
)
def test_a_mangled_unit_or_input_file_is_refused_whole_or_imported_whole(
    city, tmp_path, kind, row, column, junk
):
    from datetime import date

    import pyarrow.parquet as pq
    from django.conf import settings as django_settings

    from wangge.org.models import Unit, UnitLink

    header, good = (UNIT_HEADER, UNIT_GOOD) if kind == "unit" else (INPUT_HEADER, INPUT_GOOD)
    rows = [list(r) for r in good]
    rows[row][column] = junk
    path = tmp_path / f"{kind}.csv"
    _csv(path, header, rows)
    store = tmp_path / "store"
    django_settings.STORE_DIR = store
    target = store / "facts" / "marketing_input" / "2026-11.parquet"
    before = (
        list(Unit.objects.order_by("pk").values()),
        list(UnitLink.objects.order_by("pk").values()),
    )
    month = date(2026, 11, 1) if kind == "marketing_input" else None
    with transaction.atomic():
        outcome = run_import(kind, path, month=month)
        after = (
            list(Unit.objects.order_by("pk").values()),
            list(UnitLink.objects.order_by("pk").values()),
        )
        if outcome.ok:
            if kind == "unit":
                assert {r[0] for r in rows} <= {u["code"] for u in after[0]}
            else:
                assert len(pq.read_table(target)) == 3
        else:
            assert after == before
            assert not target.exists()
            assert all(
                p.file == path.name and (p.row or p.rule == "file") for p in outcome.problems
            )
        transaction.set_rollback(True)
    target.unlink(missing_ok=True)
