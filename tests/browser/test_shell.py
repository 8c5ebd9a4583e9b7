"""A grid manager logs in, reads the home page in Chinese and sees the grids on the map."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_grid_manager_sees_a_chinese_home_page_and_the_map_with_grids(
    city, log_in, live_server, password
):
    page = log_in("gm_x", password)
    assert page.locator("h1").inner_text() == "网格X"
    assert "网格营销管理" in page.content()
    page.click("nav >> text=地图")
    page.wait_for_selector("#map[data-ready='1']", timeout=15000)
    assert page.get_attribute("#map", "data-grids") == "1"
    assert page.locator("path.leaflet-interactive").count() >= 1
    page.locator("path.leaflet-interactive").first.click()
    assert "网格X" in page.locator("#grid-info").inner_text()


def test_masked_numbers_stay_masked_in_the_browser(city, log_in, live_server, password):
    page = log_in("director", password)
    page.goto(f"{live_server.url}/customers/")
    body = page.locator("table.list").inner_text()
    assert "138****1234" in body and "13812341234" not in body
