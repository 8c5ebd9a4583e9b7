"""A front-line person rates a support unit on a phone; a director sees the team's
competency gaps and the course to run."""

from datetime import date

import pytest

from tests.browser.conftest import watch_csp
from tests.people.conftest import build

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def people_city(city):
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


def test_a_front_line_person_rates_a_support_unit(people_city, browser, live_server, password):
    from wangge.people.models import Rating

    context, pg = _phone(browser)
    try:
        _log_in(pg, live_server, "cm_x", password)
        pg.goto(f"{live_server.url}/people/rate/")
        assert "评价支撑单元" in pg.locator("h1").inner_text()
        pg.select_option("select[name=unit]", label="历下中心")
        pg.fill("input[name=responsiveness]", "90")
        pg.fill("input[name=problem_solving]", "85")
        pg.fill("input[name=attitude]", "95")
        pg.fill("input[name=comment]", "物料送得及时")
        pg.click("#rate-submit")
        pg.wait_for_selector("ul.messages li")
        assert "评价已记录" in pg.locator("ul.messages").inner_text()
        assert "物料送得及时" in pg.locator("#mine").inner_text()
        rating = Rating.objects.get()
        assert (rating.responsiveness, rating.problem_solving, rating.attitude) == (90, 85, 95)
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
        assert not pg.csp_violations, pg.csp_violations
    finally:
        context.close()


def test_a_director_sees_the_teams_competency_gaps(people_city, browser, live_server, password):
    from wangge.people import competency

    p, s = people_city["people"], people_city["skills"]
    competency.assess(p["director"].user, p["gm_x"], s["sales"], "intermediate", date(2026, 10, 2))
    context, pg = _phone(browser)
    try:
        _log_in(pg, live_server, "director", password)
        pg.goto(f"{live_server.url}/people/competency/")
        team = pg.locator("#team-gaps").inner_text()
        assert "信息化方案" in team and "赵网格" in team
        assert "政企信息化课" in pg.locator("#suggestions").inner_text()
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
        assert not pg.csp_violations, pg.csp_violations
    finally:
        context.close()
