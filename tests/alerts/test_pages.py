"""The risk list and the alerts API: each person sees the alerts of their grids only,
reads the reasons in Chinese, and records an outcome on their own work order; the
attacks (another grid's order, a made-up outcome, a foreign redirect) are refused."""

from __future__ import annotations

from datetime import date, datetime

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


def order_of(ran, key, rule):
    return Alert.objects.get(customer=ran["customers"][key], rule=rule).work_order


def test_a_grid_manager_sees_their_grids_risk_list_with_reasons(ran, login):
    page = login("gm_y").get("/alerts/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "用量比前三月平均下降 50%" in html
    assert "K2" in html and "K1" not in html and "K3" not in html
    assert f"/work/orders/{order_of(ran, 'li', 'usage_drop').pk}/" in html


def test_the_director_sees_the_centers_grids_and_filters_by_level_and_rule(ran, login):
    client = login("director")
    html = client.get("/alerts/").content.decode()
    assert "K1" in html and "K2" in html and "K3" not in html  # 网格Z is another center
    red = client.get("/alerts/?level=red").content.decode()
    assert "K1" in red and "K2" not in red
    usage = client.get("/alerts/?rule=usage_drop&month=2026-10").content.decode()
    assert "K2" in usage and "K1" not in usage


@pytest.mark.parametrize("query", ["level=purple", "rule=nope", "month=2026-13"])
def test_a_bad_filter_is_a_400_naming_it(ran, login, query):
    response = login("director").get(f"/alerts/?{query}")
    assert response.status_code == 400


def test_the_assignee_records_an_outcome_and_the_order_is_done(ran, login):
    order = order_of(ran, "zhang", "contract_ending")
    client = login("cm_x")
    response = client.post(
        f"/alerts/orders/{order.pk}/outcome/", {"outcome": "retained", "next": "/alerts/?level=red"}
    )
    assert response.status_code == 302 and response["Location"] == "/alerts/?level=red"
    order.refresh_from_db()
    assert order.status == "done"
    assert set(Alert.objects.filter(work_order=order).values_list("outcome", flat=True)) == {
        "retained"
    }


def test_another_grids_order_is_not_found(ran, login):
    order = order_of(ran, "zhang", "contract_ending")
    response = login("gm_y").post(f"/alerts/orders/{order.pk}/outcome/", {"outcome": "churned"})
    assert response.status_code == 404
    order.refresh_from_db()
    assert order.status == "assigned"
    assert not Alert.objects.exclude(outcome="").exists()


def test_a_made_up_outcome_changes_nothing(ran, login):
    order = order_of(ran, "zhang", "contract_ending")
    login("cm_x").post(f"/alerts/orders/{order.pk}/outcome/", {"outcome": "vanished"})
    order.refresh_from_db()
    assert order.status == "assigned" and not Alert.objects.exclude(outcome="").exists()


def test_the_way_back_never_leaves_the_risk_list(ran, login):
    order = order_of(ran, "zhang", "contract_ending")
    response = login("cm_x").post(
        f"/alerts/orders/{order.pk}/outcome/",
        {"outcome": "retained", "next": "//evil.example.com/alerts/"},
    )
    assert response["Location"] == "/alerts/"


def test_the_grid_manager_who_assigns_work_there_may_record_too(ran, login, city):
    # 王网格 (grid manager of 网格X) assigns work there: a manager may record
    order = order_of(ran, "zhang", "contract_ending")
    assert (
        login("gm_x")
        .post(f"/alerts/orders/{order.pk}/outcome/", {"outcome": "not_at_risk"})
        .status_code
        == 302
    )
    order.refresh_from_db()
    assert order.status == "done"


def test_the_api_lists_alerts_in_scope_with_reasons_in_words(ran, login):
    data = login("gm_y").get("/api/alerts/").json()
    rows = data["results"] if isinstance(data, dict) else data
    assert {r["customer_code"] for r in rows} == {"K2"}
    usage = next(r for r in rows if r["rule"] == "usage_drop")
    assert usage["reason_texts"] == ["用量比前三月平均下降 50%"]
    assert usage["work_order"] is not None


def test_the_api_masks_customers_names_for_the_auditor(ran, login, city):
    data = login("auditor").get("/api/alerts/?rule=contract_ending").json()
    rows = data["results"] if isinstance(data, dict) else data
    assert [r["customer_name"] for r in rows] == ["张*"]


def test_another_grids_alert_is_not_found_in_the_api(ran, login):
    zhang = Alert.objects.filter(customer=ran["customers"]["zhang"]).first()
    assert login("gm_y").get(f"/api/alerts/{zhang.pk}/").status_code == 404


def test_signed_out_there_is_nothing(ran, client):
    assert client.get("/api/alerts/").status_code in (401, 403)
    assert client.get("/alerts/").status_code == 302
