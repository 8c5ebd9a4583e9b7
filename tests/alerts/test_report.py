"""The centre's early-warning report and a customer's risk history: each reads only the
units in scope; on-time handling counts an order done by its due time; the retention
effect compares the contacted in time with the held out; bad filters are a 400."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from wangge.alerts.models import Alert
from wangge.alerts.monthly import run_month
from wangge.core.alerts.plan import WorkOptions

OCT = date(2026, 10, 1)


@pytest.fixture
def ran(alert_store):
    run_month(
        OCT,
        alert_store["store"],
        "duckdb",
        work=WorkOptions(holdout_percent=0),
        now=timezone.make_aware(datetime(2026, 11, 2, 9)),
    )
    return alert_store


def test_the_director_sees_the_centers_grids_only(ran, login):
    page = login("director").get("/alerts/center/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "预警报表" in html
    assert "网格X" in html and "网格Y" in html and "网格Z" not in html
    assert "2026-10" in html


def test_a_grid_manager_sees_their_grid_only(ran, login):
    html = login("gm_y").get("/alerts/center/").content.decode()
    assert "网格Y" in html and "网格X" not in html


def test_on_time_and_retention_against_the_holdout(ran, login):
    from wangge.alerts import report
    from wangge.customers.models import Subscription

    c = ran["customers"]
    zhang = Alert.objects.get(customer=c["zhang"], rule="contract_ending").work_order
    zhang.due_at = timezone.now() + timedelta(days=1)
    zhang.save(update_fields=["due_at"])
    login("cm_x").post(f"/alerts/orders/{zhang.pk}/outcome/", {"outcome": "retained"})
    # 王五 is held out; 李四's line is gone a month after the alert month
    Alert.objects.filter(customer=c["wang"]).update(holdout=True)
    Subscription.objects.filter(customer=c["li"]).update(
        status="disconnected", end_date=date(2026, 11, 20)
    )
    alerts, subs = Alert.objects.all(), Subscription.objects.all()
    rows = {r["name"]: r for r in report.handling(alerts, subs, OCT)}
    assert (rows["网格X"]["orders"], rows["网格X"]["on_time"]) == (1, 1)
    assert rows["网格X"]["contacted"]["rate"] == 1.0
    assert (rows["网格Y"]["orders"], rows["网格Y"]["on_time"], rows["网格Y"]["open"]) == (1, 0, 1)
    assert rows["网格Z"]["held"] == {"customers": 1, "stayed": 1, "rate": 1.0, "small": True}
    total = next(r for r in report.handling(alerts, subs, OCT) if r["total"])
    assert total["contacted"]["customers"] == 1 and total["held"]["customers"] == 1
    assert total["effect"] == 0.0
    trend = {r["month"]: r["churned"] for r in report.churn_trend(subs, [OCT, date(2026, 11, 1)])}
    assert trend == {OCT: 0, date(2026, 11, 1): 1}
    per_person = report.handling(alerts, subs, OCT, "person")
    assert {r["name"] for r in per_person if not r["total"]} == {"李社区", "赵网格"}


def test_the_report_per_person_and_its_bad_filters(ran, login):
    client = login("director")
    assert client.get("/alerts/center/?by=person").status_code == 200
    assert client.get("/alerts/center/?by=nobody").status_code == 400
    assert client.get("/alerts/center/?month=2026-13").status_code == 400


def test_a_customers_risk_history_with_reasons(ran, login):
    li = ran["customers"]["li"]
    page = login("gm_y").get(f"/alerts/customers/{li.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "风险历史" in html and "2026-10" in html and "用量比前三月平均下降 50%" in html


def test_the_customer_page_links_to_the_risk_history(ran, login):
    li = ran["customers"]["li"]
    html = login("gm_y").get(f"/customers/{li.pk}/").content.decode()
    assert f"/alerts/customers/{li.pk}/" in html


def test_another_grids_customer_history_is_not_found(ran, login):
    zhang = ran["customers"]["zhang"]
    assert login("gm_y").get(f"/alerts/customers/{zhang.pk}/").status_code == 404


def test_the_auditor_reads_masked_names_in_the_history(ran, login):
    zhang = ran["customers"]["zhang"]
    response = login("auditor").get(f"/alerts/customers/{zhang.pk}/")
    if response.status_code == 200:
        html = response.content.decode()
        assert "张三" not in html and "张*" in html
    else:
        assert response.status_code in (403, 404)


def test_signed_out_there_is_no_report(client):
    assert client.get("/alerts/center/").status_code == 302
    assert client.get("/alerts/customers/1/").status_code == 302
