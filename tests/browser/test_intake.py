"""The marketing department brings a customer export in from the browser: the file
with a bad row is refused with the row and column named, the fixed file is checked
(nothing written), then imported, and the customers are on the customer list."""

from __future__ import annotations

import pytest

from tests.browser.conftest import watch_csp

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

GOOD = (
    "客户编码,客户名称,客户类型,在网状态,所属网格编码,联系电话,生效日期\n"
    "K30,大明湖茶社,政企,在网,LX-G01,053166667777,2026-11-03\n"
    "K31,趵突泉书店,政企,他网,LX-G02,053166668888,2026-11-03\n"
)
BAD = GOOD.replace("LX-G02", "LX-G99")


def _upload(pg, url, text, *, check_only=False):
    pg.goto(f"{url}/intake/")
    pg.select_option("#id_kind", "customer")
    pg.set_input_files(
        "#id_file",
        files=[{"name": "商客清单.csv", "mimeType": "text/csv", "buffer": text.encode("gbk")}],
    )
    if check_only:
        pg.check("#id_dry_run")
    pg.click("main form button[type=submit]")
    pg.wait_for_selector("#refused, #imported, #already")


def test_a_bad_row_is_named_then_the_fixed_file_is_checked_and_imported(
    city, browser, live_server, password, settings, tmp_path
):
    from wangge.customers.models import Customer

    settings.STORE_DIR = tmp_path / "store"
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860})
    pg = context.new_page()
    pg.csp_violations = watch_csp(pg)
    try:
        pg.goto(f"{live_server.url}/login/")
        pg.fill("input[name=username]", "marketing")
        pg.fill("input[name=password]", password)
        pg.click("main button[type=submit]")
        pg.wait_for_url(f"{live_server.url}/")

        _upload(pg, live_server.url, BAD)
        refused = pg.locator("#refused").inner_text()
        assert "未写入任何数据" in refused
        assert "商客清单.csv，第 3 行，E 列“所属网格编码”" in refused and "LX-G99" in refused
        assert pg.locator("#error-workbook").is_visible()
        assert not Customer.objects.filter(code__in=["K30", "K31"]).exists()

        _upload(pg, live_server.url, GOOD, check_only=True)
        assert "2 行：新增 2" in pg.locator("#summary").inner_text()
        assert "大明湖茶社" in pg.locator("#preview").inner_text()
        assert not Customer.objects.filter(code__in=["K30", "K31"]).exists()

        _upload(pg, live_server.url, GOOD)
        assert "已导入" in pg.locator("#imported").inner_text()
        assert "2 行：新增 2" in pg.locator("#summary").inner_text()
        pg.goto(f"{live_server.url}/customers/?q=大明湖")
        assert "大明湖茶社" in pg.locator("main").inner_text()
        assert not pg.csp_violations, pg.csp_violations
    finally:
        context.close()
