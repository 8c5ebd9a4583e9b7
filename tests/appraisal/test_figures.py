"""Rates by period: page, drill-down, API and export over the hand-written store.

The store holds 2025-10, 2026-09 and 2026-10 (see appraisal_store.py), so no whole
quarter is in it: the multi-month figures are asserted on 2026-09..2026-10, where each
component must be the sum of the two monthly ones, and hand-worked where it is short:

网格X billed 25500 (Sep: 10000 + 5000 + 8000 + 1500 + 1000) + 27000 (Oct) = 52500;
growth base only 2025-10 exists (23000); churned 1 (s2 in Oct); arrears at period
end 4000; marketing input 5000 (only October has any).
网格Y billed 26000 + 20000 = 46000; churned 1 (s8 in Oct).
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from wangge.analytics.run import period_figures

RANGE = "2026-09..2026-10"
SUMMED = (
    "new_adds",
    "churned_disconnected",
    "churned_cancelled",
    "billed_cents",
    "billed_base_cents",
    "paid_cents",
    "billed_subscriber_months",
    "marketing_input_cents",
)


def _rows(client, period=RANGE, level="grid"):
    r = client.get(f"/api/appraisal/figures/?period={period}&level={level}")
    assert r.status_code == 200, r.content
    return r.json()


def _by_name(body):
    return {r["name"]: r for r in body["rows"]}


def test_a_range_sums_the_monthly_components(store, login, city):
    body = _rows(login("marketing"))
    assert (body["period"], body["kind"], body["start"], body["end"]) == (
        RANGE,
        "range",
        "2026-09-01",
        "2026-10-01",  # first days of the first and the last month
    )
    rows = _by_name(body)
    assert set(rows) == {"网格X", "网格Y", "网格Z"}
    x, y = rows["网格X"], rows["网格Y"]
    assert x["billed_cents"] == 52500
    assert x["billed_base_cents"] == 23000  # 2025-10 only: 2025-09 was never loaded
    # so no growth (it would read +128 % on half a base), and the month is named
    assert x["revenue_growth"] is None
    assert x["not_available"]["revenue_growth"] == {"key": "month_missing", "month": "2025-09"}
    assert x["churned"] == 1 and x["churned_disconnected"] == 1
    assert x["arrears_cents"] == 4000
    assert x["arrears_rate"] == pytest.approx(4000 / 52500)
    assert x["marketing_input_cents"] == 5000
    assert y["billed_cents"] == 46000
    assert y["churned"] == 1 and y["churned_cancelled"] == 1
    sep = period_figures(store["root"], date(2026, 9, 1))["grid"].to_pylist()
    oct_ = period_figures(store["root"], date(2026, 10, 1))["grid"].to_pylist()
    by_id = {r["id"]: r for r in body["rows"]}
    for s, o in zip(sep, oct_, strict=True):
        assert s["grid_id"] == o["grid_id"]
        for c in SUMMED:
            assert by_id[s["grid_id"]][c] == s[c] + o[c], (s["name"], c)


def test_a_single_month_matches_the_monthly_close(store, login):
    x = _by_name(_rows(login("marketing"), "2026-10"))["网格X"]
    assert x["billed_cents"] == 27000
    assert x["revenue_growth"] == pytest.approx(4000 / 23000)
    assert x["churn_rate"] == pytest.approx(0.2)
    assert x["input_output"] == pytest.approx(5.4)


def test_center_and_city_levels_roll_up(store, login):
    client = login("marketing")
    centers = _by_name(_rows(client, level="center"))
    assert centers["历下中心"]["billed_cents"] == 52500 + 46000
    assert centers["历下中心"]["grids"] == 2
    city = _by_name(_rows(client, level="city"))
    assert list(city) == ["济南市"]
    assert city["济南市"]["billed_cents"] == 52500 + 46000 + 18000


def test_a_grid_manager_sees_their_grid_and_its_people(store, login):
    client = login("gm_x")
    assert list(_by_name(_rows(client))) == ["网格X"]
    people = {r["code"] for r in _rows(client, level="person")["rows"]}
    assert people == {"S001", "S002"}
    assert _rows(client, level="center")["rows"] == []
    everyone = {r["code"] for r in _rows(login("marketing"), level="person")["rows"]}
    assert {"S001", "S002", "S003", "S004", "S005", "S006"} <= everyone


@pytest.mark.parametrize(
    ("period", "words"),
    [("2026-13", "2026-13"), ("2026Q4", "2026-11, 2026-12"), ("2026Q3", "2026-07, 2026-08")],
)
def test_the_api_refuses_a_bad_period_with_400(store, login, period, words):
    r = login("marketing").get(f"/api/appraisal/figures/?period={period}")
    assert r.status_code == 400
    assert words in r.json()["period"][0]


def test_the_api_refuses_a_bad_level(store, login):
    r = login("marketing").get(f"/api/appraisal/figures/?period={RANGE}&level=galaxy")
    assert r.status_code == 400
    assert "level" in r.json()


def test_the_page_shows_the_rates_in_scope(store, login, city):
    client = login("gm_x")
    r = client.get(f"/appraisal/figures/?period={RANGE}&level=grid")
    assert r.status_code == 200
    html = r.content.decode()
    assert "网格X" in html and "网格Y" not in html
    assert "525.00" in html  # billed, yuan at the edge
    assert "7.62%" in html  # arrears 4000 / 52500
    assert f"/appraisal/figures/unit/{city['units']['x'].pk}/?period={RANGE}" in html
    assert "echarts.min.js" in html and "cdn" not in html.lower()
    assert 'id="figures-data"' in html


def test_an_empty_rate_says_why(store, login):
    html = login("marketing").get("/appraisal/figures/?period=2026-10").content.decode()
    # 网格Z has no households in its profile: broadband penetration is empty
    assert "households in the unit&#x27;s profile" in html or "profile records no households" in (
        html
    )
    assert "–" in html


def test_the_page_defaults_to_the_newest_period(store, login):
    r = login("marketing").get("/appraisal/figures/")
    assert r.status_code == 200
    assert "2026-10" in r.content.decode()


@pytest.mark.parametrize(
    ("period", "words"), [("Q9", "Q9"), ("2026Q4", "2026-11, 2026-12"), ("2026", "2026-01")]
)
def test_the_page_refuses_a_bad_period_in_words(store, login, period, words):
    r = login("marketing").get(f"/appraisal/figures/?period={period}")
    assert r.status_code == 400
    html = r.content.decode()
    assert words in html and 'id="figures-error"' in html
    assert "Traceback" not in html


def test_the_drill_down_lists_the_churned_and_the_adds(store, login, city):
    client = login("gm_x")
    x, y = city["units"]["x"].pk, city["units"]["y"].pk
    r = client.get(f"/appraisal/figures/unit/{x}/?period={RANGE}&kind=churned")
    assert r.status_code == 200
    html = r.content.decode()
    zhang = city["customers"]["zhang"]
    # the churned subscription s2: its customer named and linked, its number (a grid
    # manager sees numbers), its grid, the status and product line in Chinese
    assert f'<a href="/customers/{zhang.pk}/">张三</a>' in html
    assert "<td>13900000000</td>" in html and "<td>网格X</td>" in html
    assert "<td>拆机</td>" in html and "<td>移动</td>" in html
    assert "disconnected" not in html and "mobile" not in html
    adds = client.get(f"/appraisal/figures/unit/{x}/?period={RANGE}&kind=new_adds")
    html = adds.content.decode()
    assert "在用且已出账" in html and "考核月不在用" in html and "<td>是</td>" in html
    arrears = client.get(f"/appraisal/figures/unit/{x}/?period={RANGE}&kind=arrears")
    assert '<td class="num">¥40.00</td>' in arrears.content.decode()
    assert client.get(f"/appraisal/figures/unit/{y}/?period={RANGE}").status_code == 404


def test_the_export_is_the_same_table_in_yuan_and_percent(store, login):
    r = login("gm_x").get(f"/appraisal/figures/export/?period={RANGE}&level=grid")
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(r.content)).active
    header = [c.value for c in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == 1
    row = {h: c for h, c in zip(header, rows[0], strict=True)}
    assert row[header[2]].value == "网格X"
    billed = rows[0][header.index(header[3]) + 6]  # Billed is the 7th figure column
    assert billed.value == 525.0 and billed.number_format == '"¥"#,##0.00;-"¥"#,##0.00'
    arrears_rate = rows[0][3 + 13]
    assert arrears_rate.value == pytest.approx(4000 / 52500)
    assert arrears_rate.number_format == "0.00%"
    churned = rows[0][3 + 5]
    assert churned.value == 1 and churned.number_format == "#,##0"
    # the header row and the code and name columns stay in view; every column filters
    assert sheet.freeze_panes == "D2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}2"


def test_the_export_refuses_a_bad_period(store, login):
    r = login("marketing").get("/appraisal/figures/export/?period=2026Q4")
    assert r.status_code == 400
    assert "2026-11" in r.content.decode()


@pytest.fixture
def chromium_page():
    import os
    from pathlib import Path

    chromium = os.environ.get("WANGGE_CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        pytest.fail(f"{chromium} is missing: run scripts/setup.sh --test")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        page = b.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860}).new_page()
        yield page
        b.close()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_table_sorts_and_the_chart_draws_in_a_browser(
    store, live_server, chromium_page, password
):
    page = chromium_page
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "marketing")
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server.url}/appraisal/figures/?period={RANGE}&level=grid")
    page.wait_for_selector("#figures-chart canvas")
    names = lambda: page.locator("#figures-table tbody tr td:nth-child(2)").all_inner_texts()  # noqa: E731
    billed = page.locator("#figures-table thead th[data-col=billed_cents]")
    billed.click()  # ascending: Z 180.00, Y 460.00, X 525.00
    assert names() == ["网格Z", "网格Y", "网格X"]
    billed.click()
    assert names() == ["网格X", "网格Y", "网格Z"]
    page.select_option("#figures-rate", "arrears_rate")
    assert errors == []


def test_the_page_says_which_month_a_missing_rate_needs(store, login):
    r = login("marketing").get(f"/appraisal/figures/?period={RANGE}&level=grid")
    assert r.status_code == 200
    assert "2025-09" in r.content.decode()


def test_a_single_month_with_its_base_on_file_has_every_rate(store, login):
    x = _by_name(_rows(login("marketing"), "2026-10"))["网格X"]
    assert x["not_available"] == {}


def test_the_drill_down_masks_customers_as_the_role_requires(store, login, city):
    """An auditor reads the rows behind a number without learning who the customer is:
    the name keeps its first character, the number its ends (the masking policy)."""
    x = city["units"]["x"].pk
    html = login("auditor").get(f"/appraisal/figures/unit/{x}/?period={RANGE}&kind=churned")
    html = html.content.decode()
    assert "张三" not in html and "13900000000" not in html
    assert ">张*</a>" in html and "<td>139****0000</td>" in html
