"""The department accepts an optimised allocation after editing one line; a grid manager
confirms a delivery on a phone."""

import pytest

from tests.browser.conftest import watch_csp
from tests.resources.conftest import OCT, build

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def res_city(city):
    return build(city)


def _phone(browser):
    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    pg = context.new_page()
    pg.csp_violations = watch_csp(pg)
    return context, pg


def _log_in(pg, live_server, username, password):
    pg.goto(f"{live_server.url}/login/")
    pg.fill("input[name=username]", username)
    pg.fill("input[name=password]", password)
    pg.click("main button[type=submit]")
    pg.wait_for_url(f"{live_server.url}/")


def test_the_department_accepts_an_optimised_allocation_with_one_edit(
    res_city,
    browser,
    live_server,
    password,
):
    from wangge.resources.models import Plan, PlanEdit, PlanLine

    context, pg = _phone(browser)
    try:
        _log_in(pg, live_server, "marketing", password)
        pg.goto(f"{live_server.url}/resources/?month=2026-10")
        assert "资源分配" in pg.locator("h1").inner_text()
        pg.once("dialog", lambda d: d.accept())
        pg.click("#propose")
        pg.wait_for_selector("#lines")
        assert "优化器已提出分配方案" in pg.locator("ul.messages").inner_text()
        line = PlanLine.objects.get(unit=res_city["units"]["x"], kind="gift", purpose="base")
        row = pg.locator(f"#line-{line.pk}")
        row.locator("summary").click()
        row.locator("input[name=amount]").fill(str((line.cents - 10_000) // 100))
        row.locator("input[name=reason]").fill("部分礼品留作下月活动")
        row.locator("button[type=submit]").click()
        pg.wait_for_selector("ul.messages li")
        assert "原因已记录" in pg.locator("ul.messages").inner_text()
        assert "部分礼品留作下月活动" in pg.locator(f"#line-{line.pk}").inner_text()
        pg.once("dialog", lambda d: d.accept())
        pg.click("#accept")
        pg.wait_for_selector("#plan-status")
        assert "已确认" in pg.locator("ul.messages").inner_text()
        plan = Plan.objects.get()
        assert plan.status == "accepted"
        edit = PlanEdit.objects.get()
        assert edit.before_cents - edit.after_cents == 10_000
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
        assert not pg.csp_violations, pg.csp_violations
    finally:
        context.close()


def test_a_grid_manager_confirms_a_delivery(res_city, browser, live_server, password):
    from wangge.resources import delivery
    from wangge.resources.models import DeliveryOrder

    order = delivery.send(res_city["people"]["support"].user, res_city["stock"],
                          res_city["units"]["x"], 10, OCT)  # fmt: skip
    context, pg = _phone(browser)
    try:
        _log_in(pg, live_server, "gm_x", password)
        pg.goto(f"{live_server.url}/resources/deliveries/")
        row = pg.locator(f"#delivery-{order.pk}")
        assert "保温杯" in row.inner_text() and "已发出" in row.inner_text()
        row.locator("button[type=submit]").click()
        pg.wait_for_selector("ul.messages li")
        assert "已确认签收" in pg.locator("ul.messages").inner_text()
        assert "已签收" in pg.locator(f"#delivery-{order.pk}").inner_text()
        assert DeliveryOrder.objects.get().status == "received"
        assert not pg.csp_violations, pg.csp_violations
    finally:
        context.close()
