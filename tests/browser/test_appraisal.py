"""A grid manager opens the month's scorecard, clicks the churn rate and sees the
derivation listing the churned subscriptions."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]

OCT = date(2026, 10, 1)


def _helpers():
    path = Path(__file__).resolve().parents[1] / "appraisal" / "appraisal_store.py"
    spec = importlib.util.spec_from_file_location("appraisal_store", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def store(city, tmp_path, settings):
    root = tmp_path / "store"
    ids = _helpers().build_store(root, city)
    settings.STORE_DIR = root
    return {"root": root, "subs": ids}


@pytest.fixture
def month_inputs(city, store):
    return _helpers().fill_month(city)


def test_grid_manager_drills_into_churn(month_inputs, store, log_in, live_server, password):
    from wangge.appraisal.close import close_month, publish_month

    close_month(OCT)
    publish_month(OCT)
    page = log_in("gm_x", password)
    page.goto(f"{live_server.url}/appraisal/?month=2026-10")
    page.click("a.fig:has-text('网格X')")
    page.wait_for_selector("table.items")
    assert page.inner_text("#total") == "65.75"
    page.click("tr[data-key=churn] a[data-item=churn]")
    page.wait_for_selector("section.evidence")
    derivation = page.inner_text("section.derivation")
    assert "1 / ((5 + 5) / 2) × 100 = 20 %" in derivation
    assert "0.5 < 下限 0.6 → 0" in derivation
    evidence = page.inner_text("section.evidence")
    # the churned subscription s2: its customer, its number, its status in Chinese
    assert "张三" in evidence and "13900000000" in evidence
    assert "拆机" in evidence and "disconnected" not in evidence
    assert page.locator("section.evidence tbody tr").count() == 1  # only s2 churned
    page.click("section.evidence a:has-text('张三')")
    page.wait_for_url("**/customers/*/")


def test_the_rates_chart_draws_with_the_shared_number_format(store, log_in, live_server, password):
    """The rates-by-period chart plots stored rates and labels them with wg.percent."""
    page = log_in("gm_x", password)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server.url}/appraisal/figures/?period=2026-10..2026-10&level=grid")
    page.wait_for_selector("#figures-chart canvas")
    page.select_option("#figures-rate", "arrears_rate")
    assert page.evaluate("wg.percent(4000 / 52500)") == "7.62%"
    table = page.inner_text("#figures-table")
    assert "¥270.00" in table and "14.81%" in table  # billed; arrears 40 / 270
    assert errors == []
