"""A grid manager on a phone (390 × 844): the pages they use most fit the screen, the
header is one compact line and the menu opens as a drawer that a finger, a keyboard
and a screen reader can use. A failing test leaves a screenshot in test-artifacts/."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.browser.conftest import PHONE
from tests.browser.test_appraisal import _helpers

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

OCT = date(2026, 10, 1)


@pytest.fixture
def closed_month(city, tmp_path, settings):
    """October closed and published on the hand-made city, from a small store."""
    from wangge.appraisal.close import close_month, publish_month

    root = tmp_path / "store"
    helpers = _helpers()
    helpers.build_store(root, city)
    settings.STORE_DIR = root
    helpers.fill_month(city)
    close_month(OCT)
    publish_month(OCT)
    return city


def phone_log_in(phone, live_server, username: str, password: str):
    phone.goto(f"{live_server.url}/login/")
    phone.fill("input[name=username]", username)
    phone.fill("input[name=password]", password)
    phone.click("main button[type=submit]")
    phone.wait_for_url(f"{live_server.url}/")
    return phone


def grid_manager_pages(city) -> dict[str, str]:
    from wangge.appraisal.models import ItemScore, ScoreCard

    card = ScoreCard.objects.get(run__month=OCT, unit=city["units"]["x"])
    item = ItemScore.objects.filter(card=card, key="churn").first() or card.items.first()
    return {
        "home": "/",
        "card": f"/appraisal/card/{card.pk}/",
        "derivation": f"/appraisal/item/{item.pk}/",
        "customers": "/customers/",
        "customer": f"/customers/{city['customers']['zhang'].pk}/",
    }


def widths(page) -> dict[str, int]:
    return page.evaluate(
        """() => ({
            document: document.documentElement.scrollWidth,
            body: document.body.scrollWidth,
            viewport: window.innerWidth,
            header: Math.round(document.querySelector('header.bar').getBoundingClientRect().height),
        })"""
    )


def test_the_grid_managers_pages_fit_a_phone(closed_month, phone, live_server, password):
    page = phone_log_in(phone, live_server, "gm_x", password)
    for name, url in grid_manager_pages(closed_month).items():
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, (name, url)
        page.wait_for_load_state("networkidle")
        w = widths(page)
        assert w["viewport"] == PHONE["width"], (name, w)
        assert w["document"] == PHONE["width"], f"{name} ({url}) is wider than the phone: {w}"
        assert w["body"] <= PHONE["width"], (name, w)
        assert w["header"] <= 56, f"{name}: the header is {w['header']} px high"
        # every table scrolls inside its own box rather than widening the page
        loose = page.evaluate(
            "() => [...document.querySelectorAll('main table')]"
            ".filter(t => !t.closest('.scroll')).length"
        )
        assert loose == 0, name


def test_the_menu_opens_as_a_drawer_and_leads_to_a_page(closed_month, phone, live_server, password):
    page = phone_log_in(phone, live_server, "gm_x", password)
    button = page.locator("#menu-button")
    nav_link = page.locator("#drawer nav a", has_text=re.compile("^客户$"))
    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    assert not nav_link.is_visible()  # closed: out of sight and out of the tab order

    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    nav_link.wait_for(state="visible")
    assert page.evaluate("document.activeElement.closest('#drawer') !== null")  # focus inside

    page.keyboard.press("Escape")  # Escape closes and gives focus back to the button
    assert button.get_attribute("aria-expanded") == "false"
    nav_link.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.id") == "menu-button"

    page.keyboard.press("Enter")  # the keyboard opens it as well
    nav_link.wait_for(state="visible")
    nav_link.click()
    page.wait_for_url(f"{live_server.url}/customers/")
    assert "张三" in page.locator("main").inner_text()
    assert page.locator("#menu-button").get_attribute("aria-expanded") == "false"


def test_a_tap_outside_the_drawer_closes_it(city, phone, live_server, password):
    page = phone_log_in(phone, live_server, "gm_x", password)
    page.click("#menu-button")
    page.locator("#drawer nav a").first.wait_for(state="visible")
    page.mouse.click(380, 400)  # on the shaded page beside the drawer
    assert page.locator("#menu-button").get_attribute("aria-expanded") == "false"


def test_the_desktop_keeps_the_top_bar(city, page, live_server, password):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "gm_x")
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert not page.locator("#menu-button").is_visible()
    assert page.locator("header nav a", has_text=re.compile("^客户$")).is_visible()


def test_the_pay_home_fits_a_phone(pay_city, phone, live_server, password):
    """The upload rows of the city's pay inputs stack instead of overflowing (404 px)."""
    page = phone_log_in(phone, live_server, "marketing", password)
    page.goto(f"{live_server.url}/pay/?month=2026-10")
    page.wait_for_load_state("networkidle")
    assert page.locator("#pay-inputs input[type=file]").count() >= 1
    assert widths(page)["document"] == PHONE["width"], widths(page)
