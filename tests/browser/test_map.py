"""The map as people use it: grids named on the map, layers switched on and off, a
search that finds a grid, place or channel by name, and on a phone the clicked grid's
profile in view at once (a sheet over the map, not below it)."""

import pytest

from tests.browser.test_phone import phone_log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _open_map(page, live_server):
    page.goto(f"{live_server.url}/map/")
    page.wait_for_selector("#map[data-ready='1']", timeout=15000)
    return page


def test_grids_carry_their_names_and_each_layer_switches_off(city, log_in, live_server, password):
    page = _open_map(log_in("gm_x", password), live_server)
    assert page.locator(".grid-label", has_text="网格X").is_visible()
    page.uncheck("input[name=layer][value=labels]")
    assert page.locator(".grid-label").count() == 0
    page.uncheck("input[name=layer][value=grids]")
    assert page.locator("path.leaflet-interactive").count() == 0
    page.check("input[name=layer][value=grids]")
    assert page.locator("path.leaflet-interactive").count() == 1


def test_the_search_finds_a_grid_a_place_and_says_when_nothing_matches(
    city, log_in, live_server, password
):
    page = _open_map(log_in("gm_x", password), live_server)
    page.fill("#map-q", "网格X")
    page.press("#map-q", "Enter")
    assert "网格X" in page.locator("#grid-info h2").inner_text()
    page.fill("#map-q", "阳光")
    page.press("#map-q", "Enter")
    assert page.locator(".leaflet-tooltip", has_text="阳光小区").is_visible()
    page.fill("#map-q", "不存在的地方")
    page.press("#map-q", "Enter")
    assert page.locator("#map-found").inner_text() == "地图上没有这个名称。"


def test_on_a_phone_the_clicked_grids_profile_is_in_view_without_scrolling(
    city, phone, live_server, password
):
    page = _open_map(phone_log_in(phone, live_server, "gm_x", password), live_server)
    assert not page.locator("#grid-info").is_visible()  # the map gets the screen first
    page.locator("path.leaflet-interactive").first.click()
    sheet = page.locator("#grid-info")
    box = sheet.bounding_box()
    assert sheet.is_visible() and "网格X" in sheet.inner_text()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 844
    page.click("#grid-info .sheet-close")
    assert not sheet.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") == 390
