"""A director distributes 历下中心's pool, the check flags a person over the cap, the
director fixes it and submits; the marketing department approves; a grid manager
reads their payslip and its derivation; a second grid manager cannot open it."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

OCT = date(2026, 10, 1)


@pytest.fixture
def pay_ready(pay_city):
    """October published (centers 95 / 80, people 90 / 80 / 100), pools computed, cap k = 1.2."""
    from wangge.pay.pools import compute_pools

    compute_pools(OCT)
    return pay_city


def test_distribute_check_fix_submit_approve_payslip(pay_ready, log_in, live_server, password):
    u, p = pay_ready["units"], pay_ready["people"]
    gm_x, cm_x, gm_y = p["gm_x"].pk, p["cm_x"].pk, p["gm_y"].pk

    # the director drafts
    page = log_in("director", password)
    page.goto(f"{live_server.url}/pay/?month=2026-10")
    page.click(f"#start-{u['lixia'].pk}")
    page.wait_for_selector("#editor")
    # a selector, not wait_for_function: the page's CSP forbids the eval that would need
    page.wait_for_selector("#editor[data-checked]:not([data-checked=''])", state="attached")

    # everything to 赵网格: over the cap, flagged live without a reload
    for pid in (gm_x, cm_x):
        page.fill(f"tr[data-person='{pid}'] input.amount", "")
    page.fill(f"tr[data-person='{gm_y}'] input.amount", "6840.00")
    page.fill(f"tr[data-person='{gm_y}'] input.reason", "冲刺月表现突出")
    page.wait_for_selector(f"tr[data-person='{gm_y}'].bad", timeout=10000)
    assert "cap" in (page.get_attribute(f"tr[data-person='{gm_y}']", "data-rules") or "")
    assert "赵网格 (S003)" in page.locator("#violations").inner_text()
    assert page.locator(f"tr[data-person='{gm_y}'] td.pay").inner_text() == "¥18,083.84"

    # the director fixes it: 2,280 yuan each, with reasons
    for pid in (gm_x, cm_x, gm_y):
        page.fill(f"tr[data-person='{pid}'] input.amount", "2280")
        page.fill(f"tr[data-person='{pid}'] input.reason", "完成移动新增目标")
    page.wait_for_selector("#violations.ok", timeout=10000)
    assert page.locator("tr.bad").count() == 0
    assert page.locator(f"tr[data-person='{gm_y}'] td.pay").inner_text() == "¥13,523.84"
    page.click("#submit")
    page.wait_for_selector("#status.submitted")

    # the marketing department approves
    page = log_in("marketing", password)
    page.goto(f"{live_server.url}/pay/queue/")
    page.click("#waiting a")
    asked = []
    page.once("dialog", lambda d: (asked.append(d.message), d.accept()))
    page.click("#decide button[value=approve]")
    page.wait_for_selector("#status.approved")
    assert asked and "批准" in asked[0]  # approving asked first, in Chinese
    assert page.locator("#chart-pay canvas").count() == 1
    # the chart script found the shared formatter and drew without an error
    assert page.evaluate("typeof wg.yuan") == "function"
    assert page.evaluate("wg.yuan(-123450)") == "-¥1,234.50"

    # 王网格 reads the payslip and why
    page = log_in("gm_x", password)
    page.goto(f"{live_server.url}/pay/")
    page.click("#my-pay a")
    page.wait_for_selector("#payslip")
    slip = page.locator("#payslip").inner_text()
    assert "12,399.45" in page.locator("#total").inner_text()  # 10,119.45 + 2,280.00
    assert "完成移动新增目标" in slip  # the director's written reason
    assert "移动新增" in slip and "90.00" in slip  # down to the appraisal score and item
    assert "公式部分 × 本人权重" in slip and "weight" not in slip  # the formula in Chinese

    # 赵网格 cannot open it
    page = log_in("gm_y", password)
    response = page.goto(f"{live_server.url}/pay/payslip/2026-10/{gm_x}/")
    assert response.status == 404
