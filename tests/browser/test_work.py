"""A seller checks in at a customer from a phone: the page takes the position from the
browser (geolocation, no inline script) and the server keeps the distance; without a
position it is refused with the reason."""

import pytest

from tests.browser.conftest import watch_csp

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _phone(browser, **kw):
    context = browser.new_context(locale="zh-CN", viewport=PHONE, **kw)
    pg = context.new_page()
    pg.csp_violations = watch_csp(pg)
    return context, pg


def _log_in(pg, live_server, username, password):
    pg.goto(f"{live_server.url}/login/")
    pg.fill("input[name=username]", username)
    pg.fill("input[name=password]", password)
    pg.click("main button[type=submit]")
    pg.wait_for_url(f"{live_server.url}/")


def test_a_seller_checks_in_at_a_customer_with_the_phones_position(
    city, browser, live_server, password
):
    from wangge.work.models import Visit

    context, pg = _phone(
        browser,
        geolocation={"latitude": 36.651, "longitude": 117.05},
        permissions=["geolocation"],
    )
    try:
        _log_in(pg, live_server, "cm_x", password)
        pg.goto(f"{live_server.url}/work/check-in/")
        pg.select_option("#id_customer", label="张三")
        pg.click("#check-in button[type=submit]")
        pg.wait_for_selector("ul.messages li")
        assert "已签到" in pg.locator("ul.messages").inner_text()
        visit = Visit.objects.get()
        assert round(visit.in_distance_m) == 111 and not visit.in_outside
        assert "111 m" in pg.locator("#recent-visits").inner_text()
        assert not pg.csp_violations, pg.csp_violations
    finally:
        context.close()


def test_without_a_position_the_check_in_is_refused_with_the_reason(
    city, browser, live_server, password
):
    from wangge.work.models import Visit

    context, pg = _phone(browser)  # the site was not allowed the location
    try:
        _log_in(pg, live_server, "cm_x", password)
        pg.goto(f"{live_server.url}/work/check-in/")
        pg.select_option("#id_customer", label="张三")
        pg.click("#check-in button[type=submit]")
        pg.wait_for_selector("#check-in .error")
        assert "GPS" in pg.locator("#check-in").inner_text()
        assert not Visit.objects.exists()
        assert not pg.csp_violations, pg.csp_violations
    finally:
        context.close()
