"""A grid manager opens the risk list on a phone, reads why each customer is at risk in
Chinese, and records the outcome of one work order: the order is done, the others stay
open."""

import pytest

from tests.alerts.conftest import alert_store  # noqa: F401  (the fixture)
from tests.browser.conftest import PHONE, watch_csp

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ran(alert_store):  # noqa: F811
    from datetime import date, datetime

    from django.utils import timezone

    from wangge.alerts.monthly import run_month
    from wangge.core.alerts.plan import WorkOptions

    run_month(
        date(2026, 10, 1),
        alert_store["store"],
        "duckdb",
        work=WorkOptions(holdout_percent=0),
        now=timezone.make_aware(datetime(2026, 11, 2, 9)),
    )
    return alert_store


def test_a_grid_manager_reads_the_reasons_and_records_an_outcome(
    ran, browser, live_server, password
):
    from wangge.alerts.models import Alert

    li = Alert.objects.get(customer=ran["customers"]["li"], rule="usage_drop")
    order = li.work_order
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    pg = context.new_page()
    pg.csp_violations = watch_csp(pg)
    try:
        pg.goto(f"{live_server.url}/login/")
        pg.fill("input[name=username]", "gm_y")
        pg.fill("input[name=password]", password)
        pg.click("main button[type=submit]")
        pg.wait_for_url(f"{live_server.url}/")
        pg.goto(f"{live_server.url}/alerts/")
        items = pg.locator("#risk-list li.risk")
        assert items.count() == 1
        item = items.first
        assert "K2" in item.inner_text()
        assert "用量比前三月平均下降 50%" in item.locator("ul.reasons").inner_text()
        assert pg.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        item.locator("select[name=outcome]").select_option("retained")
        item.locator("form.outcome-form button[type=submit]").click()
        pg.wait_for_selector("ul.messages li")
        assert "已完成" in pg.locator("ul.messages").inner_text()
        assert "已挽留" in pg.locator("#risk-list").inner_text()
        order.refresh_from_db()
        assert order.status == "done"
        li.refresh_from_db()
        assert li.outcome == "retained"
        others = Alert.objects.exclude(customer=ran["customers"]["li"])
        assert not others.exclude(outcome="").exists()
        for path in ("/alerts/center/", f"/alerts/customers/{li.customer_id}/"):
            pg.goto(f"{live_server.url}{path}")
            assert "网格Y" in pg.locator("main").inner_text()
            assert pg.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        assert not pg.csp_violations, pg.csp_violations
    finally:
        context.close()
