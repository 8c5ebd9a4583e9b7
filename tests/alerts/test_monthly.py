"""``wangge alerts run``: the month's alerts become work orders for the owners, with the
reasons in Chinese; re-running creates nothing twice; the holdout gets no order; the
model is used only when approved and complete."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from wangge.alerts.models import Alert, AlertRun
from wangge.alerts.monthly import run_month
from wangge.core.alerts.plan import WorkOptions
from wangge.work.models import WorkOrder

OCT = date(2026, 10, 1)
NOW = timezone.make_aware(datetime(2026, 11, 2, 9, 0))
NO_HOLDOUT = WorkOptions(holdout_percent=0)


def run(store, **kw):
    kw.setdefault("work", NO_HOLDOUT)
    return run_month(OCT, store, "duckdb", now=NOW, **kw)


def test_alerts_become_work_orders_for_the_customers_owner_with_chinese_reasons(alert_store):
    s = alert_store
    result = run(s["store"])
    zhang = Alert.objects.get(customer=s["customers"]["zhang"], rule="contract_ending")
    assert (zhang.rule, zhang.level, zhang.unit) == ("contract_ending", "red", s["units"]["x"])
    order = zhang.work_order
    # the community manager of 网格X answers for a residential customer
    assert (order.kind, order.assignee, order.customer) == (
        "alert",
        s["people"]["cm_x"],
        s["customers"]["zhang"],
    )
    assert "合约 45 天后到期" in order.title and "合约 45 天后到期" in order.description
    assert "续约" in order.description  # the suggested action, in Chinese
    assert timezone.localtime(order.due_at).date() == date(2026, 11, 5)  # red: 3 days
    li = Alert.objects.get(customer=s["customers"]["li"], rule="usage_drop")
    assert (li.rule, li.level) == ("usage_drop", "yellow")
    assert li.work_order.assignee == s["people"]["gm_y"]  # nobody else in 网格Y
    assert timezone.localtime(li.work_order.due_at).date() == date(2026, 11, 9)  # 7 days
    assert "用量比前三月平均下降 50%" in li.work_order.description
    # 王五's grid has nobody assigned: the alert is kept, the run says why there is no order
    wang = Alert.objects.get(customer=s["customers"]["wang"], rule="arrears_ageing")
    assert wang.work_order is None
    assert any("nobody assigned" in n for n in result.notes)
    assert result.counts["work_orders_created"] == 2
    # each grid's one customer is its guard list: listed, no task of its own
    assert Alert.objects.filter(rule="guard_list").count() == 3


def test_running_the_month_again_creates_no_duplicates(alert_store):
    run(alert_store["store"])
    alerts = sorted(Alert.objects.values_list("pk", "customer_id", "rule", "work_order_id"))
    orders = WorkOrder.objects.count()
    again = run(alert_store["store"])
    assert again.counts["work_orders_created"] == 0
    assert WorkOrder.objects.count() == orders
    assert sorted(Alert.objects.values_list("pk", "customer_id", "rule", "work_order_id")) == alerts
    assert AlertRun.objects.count() == 1


def test_the_holdout_gets_no_work_order_and_the_draw_is_reproducible(alert_store):
    result = run(alert_store["store"], work=WorkOptions(holdout_percent=100))
    assert WorkOrder.objects.filter(kind="alert").count() == 0
    assert set(Alert.objects.values_list("holdout", flat=True)) == {True}
    assert result.counts["held_out_customers"] == 3


def test_without_an_approved_model_the_rules_run_alone(alert_store):
    result = run(alert_store["store"])
    assert "no approved churn model version: rules only" in result.notes
    assert not Alert.objects.filter(rule="churn_risk").exists()


def test_the_approved_model_adds_each_grids_riskiest_customers_with_reasons(
    alert_store, approved_stub
):
    version = approved_stub()
    result = run(alert_store["store"])
    risky = Alert.objects.filter(rule="churn_risk")
    assert risky.count() == 3  # ceil(5 % of one) per grid, three grids
    assert result.run.model_version == version
    zhang = risky.get(customer=alert_store["customers"]["zhang"])
    assert zhang.level == "red" and zhang.risk == pytest.approx(0.9)
    assert "合约 45 天后到期" in zhang.work_order.description
    # one work order per customer, however many alerts
    assert WorkOrder.objects.filter(customer=alert_store["customers"]["zhang"]).count() == 1


def test_a_model_missing_a_feature_column_is_refused_by_name_and_the_rules_still_run(
    alert_store, approved_stub
):
    from wangge.core.churn.history import FEATURES

    approved_stub(columns=[*FEATURES, "roaming_minutes"])
    result = run(alert_store["store"])
    assert any("feature column missing: roaming_minutes" in n for n in result.notes)
    assert result.run.model_version is None
    assert not Alert.objects.filter(rule="churn_risk").exists()
    assert Alert.objects.filter(rule="contract_ending").exists()


def test_a_month_without_facts_writes_nothing(alert_store):
    with pytest.raises(FileNotFoundError, match="2026-11"):
        run_month(date(2026, 11, 1), alert_store["store"], "duckdb")
    assert not AlertRun.objects.exists() and not Alert.objects.exists()


def test_a_failure_half_way_leaves_nothing_written(alert_store, monkeypatch):
    import wangge.alerts.monthly as monthly

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(monthly, "_work_orders", boom)
    with pytest.raises(RuntimeError):
        run(alert_store["store"])
    assert not Alert.objects.exists() and not AlertRun.objects.exists()


def test_the_command_runs_the_month_and_refuses_bad_input(alert_store, capsys):
    call_command("alerts", "run", "--month", "2026-10", "--store", str(alert_store["store"]))
    out = capsys.readouterr().out
    assert "work_orders_created" in out
    with pytest.raises(CommandError, match="2026-11"):
        call_command("alerts", "run", "--month", "2026-11", "--store", str(alert_store["store"]))
    with pytest.raises(CommandError):
        call_command("alerts", "run", "--month", "2026-13", "--store", str(alert_store["store"]))


def test_training_on_too_little_history_says_so_and_the_rules_still_run(alert_store):
    with pytest.raises(CommandError, match="too little history"):
        call_command("churn", "train", "--store", str(alert_store["store"]))
    result = run(alert_store["store"])
    assert any("no approved churn model" in n for n in result.notes)
    assert Alert.objects.filter(rule="contract_ending").exists()


def test_a_stale_alert_nobody_acted_on_goes_on_re_run(alert_store):
    run(alert_store["store"])
    Alert.objects.filter(rule="arrears_ageing").update(rule="complaints")  # no longer raised
    run(alert_store["store"])
    assert not Alert.objects.filter(rule="complaints").exists()
    assert Alert.objects.filter(rule="arrears_ageing").count() == 1
