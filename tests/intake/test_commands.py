"""``wangge import`` and ``wangge imports``: the messages in Chinese, exit 1 with the
error workbook's path on a bad file, a dry run that writes nothing, and a rollback."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wangge.customers.models import Customer
from wangge.intake.models import ImportRun

GOOD = "客户编码,客户名称,客户类型,所属网格编码\nK40,千佛山药房,政企,LX-G01\n"


def _file(tmp_path, text, name="客户.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode("gbk"))
    return path


def _call(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_bad_file_exits_1_names_the_cell_and_points_at_the_error_workbook(
    city, tmp_path, settings
):
    settings.STORE_DIR = tmp_path / "store"
    settings.EXPORT_DIR = tmp_path / "exports"
    path = _file(tmp_path, GOOD.replace("LX-G01", "LX-G77"))
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import", "customer", str(path), stdout=io.StringIO(), stderr=err)
    assert refused.value.returncode == 1
    text = err.getvalue()
    assert "客户.csv，第 2 行，D 列“所属网格编码”：“LX-G77”：应为系统中已有的网格编码" in text
    assert "未写入任何数据。错误清单：" in text
    workbook = text.split("错误清单：")[1].split()[0]
    assert workbook.endswith(".xlsx") and (tmp_path / "exports" / "imports").is_dir()
    assert not Customer.objects.filter(code="K40").exists()


def test_dry_run_then_import_then_list_show_and_rollback(city, tmp_path, settings):
    settings.STORE_DIR = tmp_path / "store"
    path = _file(tmp_path, GOOD)
    out, _ = _call("import", "customer", str(path), "--dry-run")
    assert "试运行" in out and "新增 1" in out
    assert not Customer.objects.filter(code="K40").exists()
    out, _ = _call("import", "customer", str(path), "--encoding", "gbk")
    run = ImportRun.objects.get()
    assert f"第 #{run.pk} 次" in out and Customer.objects.filter(code="K40").exists()
    out, _ = _call("import", "customer", str(path))
    assert "无需处理" in out
    listed, _ = _call("imports", "list")
    assert f"#{run.pk}" in listed and "客户.csv" in listed
    shown, _ = _call("imports", "show", str(run.pk))
    assert run.sha256 in shown
    out, _ = _call("imports", "rollback", str(run.pk))
    assert "已回滚" in out and not Customer.objects.filter(code="K40").exists()
    with pytest.raises(CommandError):
        _call("imports", "rollback", str(run.pk))


def test_monthly_facts_without_a_month_are_refused(city, tmp_path):
    with pytest.raises(CommandError, match="--month"):
        _call("import", "subscription_month", str(_file(tmp_path, GOOD)))


def test_every_kind_is_a_choice_of_the_command_and_units_then_people_come_in(
    city, tmp_path, settings
):
    settings.STORE_DIR = tmp_path / "store"
    from wangge.org.models import Assignment, Unit

    units = "组织编码,组织名称,层级,上级编码,生效日期\nLX-G50,网格五十,网格,LX,2026-11-01\n"
    out, _ = _call("import", "unit", str(_file(tmp_path, units, "组织.csv")))
    assert "新增 1" in out and Unit.objects.get(code="LX-G50").kind == "grid"
    staff = "工号,姓名,岗位,所属单元编码,生效日期\nS500,郑五十,网格经理,LX-G50,2026-11-01\n"
    out, _ = _call("import", "person", str(_file(tmp_path, staff, "人员.csv")))
    assert Assignment.objects.get(person__staff_no="S500").unit.code == "LX-G50"
    with pytest.raises(CommandError, match=r"came after"):
        _call("imports", "rollback", str(ImportRun.objects.get(kind="unit").pk))
    _call("imports", "rollback", str(ImportRun.objects.get(kind="person").pk))
    _call("imports", "rollback", str(ImportRun.objects.get(kind="unit").pk))
    assert not Unit.objects.filter(code="LX-G50").exists()
    inputs = '网格编码,渠道佣金\nLX-G01,"1,000.00"\n'
    with pytest.raises(CommandError, match="--month"):
        _call("import", "marketing_input", str(_file(tmp_path, inputs, "投入.csv")))
    out, _ = _call(
        "import", "marketing_input", str(_file(tmp_path, inputs, "投入.csv")), "--month", "2026-11"
    )
    assert "新增 1" in out
    assert (tmp_path / "store" / "facts" / "marketing_input" / "2026-11.parquet").exists()
