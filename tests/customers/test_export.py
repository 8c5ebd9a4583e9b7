"""The customer export is the list on the screen: same filter, same order, same people.

Once the file ignored the filter (the page showed 1,068 customers, the file held
1,525). Now the page and the export read one filter and one query
(``wangge.customers.lists``); these tests filter a list of 130 customers and
compare the file with the page row by row.
"""

import io
import re

import pytest
from openpyxl import load_workbook

from tests.conftest import D0
from wangge.customers.models import Customer, CustomerGrid

CHINESE = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def many(city):
    """130 more customers in 网格X and 网格Y: every third a competitor's, names numbered,
    created in shuffled order so that the list's order (by code) is the query's, not
    the insertion's; one is named like a formula."""
    x, y = city["units"]["x"], city["units"]["y"]
    for i in sorted(range(130), key=lambda i: (i * 37) % 130):
        c = Customer.objects.create(
            code=f"M{i:04d}",
            name=f"客户{i}" if i != 7 else '=HYPERLINK("http://evil","点我")',
            kind="business" if i % 2 else "individual",
            ownership="competitor" if i % 3 == 0 else "ours",
            phone=f"1380000{i:04d}",
            industry="餐饮",
        )
        CustomerGrid.objects.create(customer=c, grid=x if i % 2 else y, valid_from=D0)
    return city


def _export(client, query: str):
    """Press the page's export button for ``query`` and fetch the file the job wrote."""
    page = client.get(f"/customers/?{query}", **CHINESE).content.decode()
    action = re.search(r'<form method="post" action="([^"]+)" class="inline" id="export"', page)
    assert action, "the page has an export form"
    url = action.group(1).replace("&amp;", "&")
    done = client.post(url, **CHINESE)
    assert done.status_code == 302
    job = int(done["Location"].rstrip("/").split("/")[-1])
    response = client.get(f"/jobs/{job}/download/")
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    return page, load_workbook(io.BytesIO(data)).active


def _page_codes(client, query: str) -> list[str]:
    """Every code the page lists for ``query``, following its pager."""
    codes, page = [], 1
    while True:
        html = client.get(f"/customers/?{query}&page={page}").content.decode()
        codes += re.findall(r'<td><a href="/customers/\d+/">([^<]+)</a></td>', html)
        if f"page={page + 1}" not in html:
            return codes
        page += 1


def test_the_file_holds_the_filtered_list_in_the_pages_order(many, login):
    client = login("marketing")
    query = "ownership=competitor&q=客户"
    on_screen = _page_codes(client, query)
    everyone = Customer.objects.count()
    assert 40 < len(on_screen) < everyone  # the filter narrows the list, over a page of 50
    page, sheet = _export(client, query)
    assert f"{len(on_screen)} 个客户" in page
    codes = [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes == on_screen  # same rows, same order
    assert sheet.max_row == len(on_screen) + 1


def test_a_grid_manager_exports_only_their_grid_with_the_grid_and_its_manager(many, login):
    client = login("gm_x")
    _page, sheet = _export(client, "q=客户")
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(rows) == 64  # the odd ones, in 网格X, but for 7, named like a formula
    assert {r["网格"] for r in rows} == {"网格X"}
    assert {r["网格编码"] for r in rows} == {"LX-G01"}
    assert {r["网格经理"] for r in rows} == {"王网格"}
    # a grid manager calls customers: the phone in full; the ID number masked for everyone
    assert all(r["电话"] == f"1380000{int(r['编码'][1:]):04d}" for r in rows if r["编码"] != "K1")
    assert all(r["证件号码"] is None for r in rows if r["编码"] != "K1")  # none was recorded


def test_the_marketing_department_gets_phones_masked_as_on_its_page(many, login):
    client = login("marketing")
    page, sheet = _export(client, "q=客户1")
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows
    for code, _name, _kind, _own, phone, *_rest in rows:
        assert phone != f"1380000{int(code[1:]):04d}" and "*" in phone
        assert f"<td>{phone}</td>" in page


def test_the_headers_are_chinese_the_header_row_frozen_and_filterable(many, login):
    _page, sheet = _export(login("marketing"), "")
    header = [c.value for c in sheet[1]]
    assert header == [
        "编码",
        "名称",
        "类型",
        "归属",
        "电话",
        "证件号码",
        "网格编码",
        "网格",
        "网格经理",
        "场所",
        "行业",
        "地址",
    ]
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:L{Customer.objects.count() + 1}"
    assert sheet.column_dimensions["B"].width == 24
    assert sheet.column_dimensions["L"].width == 36


def test_a_name_typed_like_a_formula_is_text_in_the_file(many, login):
    _page, sheet = _export(login("marketing"), "q=HYPERLINK")
    (row,) = list(sheet.iter_rows(min_row=2))
    assert row[1].value == '=HYPERLINK("http://evil","点我")'
    assert row[1].data_type == "s"


def test_export_without_post_goes_back_to_the_filtered_list(many, login):
    response = login("marketing").get("/customers/export/?ownership=competitor")
    assert response.status_code == 302
    assert response["Location"] == "/customers/?ownership=competitor"
