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


def test_a_survey_typed_with_no_network_is_kept_on_the_phone_and_sent_later(
    city, browser, live_server, password
):
    """李社区 surveys 阳光小区 on a 390 px phone; the network drops as she sends it: the
    page says so and keeps what she typed, which is still there when she opens the
    page again; once recorded, the phone forgets it."""
    from wangge.work.models import Survey

    context, pg = _phone(
        browser,
        geolocation={"latitude": 36.6501, "longitude": 117.0502},
        permissions=["geolocation"],
    )
    try:
        _log_in(pg, live_server, "cm_x", password)
        pg.goto(f"{live_server.url}/work/survey/")
        pg.select_option("#id_place", label="阳光小区")
        pg.fill("#id_met_name", "刘店长")
        pg.select_option("#id_broadband", value="china_unicom")
        pg.fill("#id_needs", "门店需要300M宽带")
        width = pg.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the survey page is {width} px wide on a 390 px phone"
        context.set_offline(True)
        pg.click("#survey button.primary")
        assert "没有网络" in pg.locator("#survey .gps-status").inner_text()
        context.set_offline(False)
        assert not Survey.objects.exists()
        pg.goto(f"{live_server.url}/work/survey/")
        assert pg.input_value("#id_needs") == "门店需要300M宽带"
        assert pg.input_value("#id_met_name") == "刘店长"
        pg.click("#survey button.primary")
        pg.wait_for_selector("ul.messages li")
        assert "走访已登记" in pg.locator("ul.messages").inner_text()
        survey = Survey.objects.get()
        assert (survey.met_name, survey.broadband_provider) == ("刘店长", "china_unicom")
        assert pg.evaluate("localStorage.getItem('wangge.work.survey')") is None
        assert "刘店长" in pg.locator("#recent-surveys").inner_text()
        assert not pg.csp_violations, pg.csp_violations
    finally:
        context.close()
