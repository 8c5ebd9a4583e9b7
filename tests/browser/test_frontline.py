"""The front-line pages of the pool, tags, name lists, records and network fit a 390 px
phone: no page wider than the screen, every table scrolling in its own box; a grid
manager gives a pooled customer from the phone."""

import pytest

from tests.browser.test_phone import PHONE, phone_log_in, widths

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def frontline_city(city):
    from io import BytesIO

    from openpyxl import Workbook

    from wangge.customers.lists import CustomerFilter
    from wangge.customers.models import Customer
    from wangge.work import campaigns, network, tags

    Customer.objects.filter(pk=city["customers"]["zhang"].pk).update(ownership="potential")
    tags.refresh_rule_tags()
    director = city["people"]["director"].user
    c = campaigns.build_from_filter(director, "冬季宽带提速名单", CustomerFilter())
    campaigns.split(director, c)
    book = Workbook()
    book.active.append(["地点编码", "类型", "资源编码", "名称", "端口总数", "已用端口"])
    book.active.append(["P1", "宽带端口", "OLT-1", "阳光小区分光器", 64, 10])
    out = BytesIO()
    book.save(out)
    out.seek(0)
    network.import_resources(city["people"]["marketing"].user, out, "n.xlsx")
    return {**city, "campaign": c}


def test_the_front_line_pages_fit_a_phone(frontline_city, phone, live_server, password):
    x = frontline_city["units"]["x"]
    page = phone_log_in(phone, live_server, "gm_x", password)
    urls = [
        "/work/pool/",
        "/work/tags/",
        "/work/campaigns/",
        f"/work/campaigns/{frontline_city['campaign'].pk}/",
        "/work/my-list/",
        "/work/records/",
        f"/work/grids/{x.pk}/",
        "/work/network/",
    ]
    for url in urls:
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")
        w = widths(page)
        assert w["document"] == PHONE["width"], f"{url} is wider than the phone: {w}"
        loose = page.evaluate(
            "() => [...document.querySelectorAll('main table')]"
            ".filter(t => !t.closest('.scroll')).length"
        )
        assert loose == 0, url


def test_a_grid_manager_gives_a_pooled_customer_from_the_phone(
    frontline_city, phone, live_server, password
):
    from wangge.work.models import Owner

    zhang, cm_x = frontline_city["customers"]["zhang"], frontline_city["people"]["cm_x"]
    page = phone_log_in(phone, live_server, "gm_x", password)
    page.goto(f"{live_server.url}/work/pool/")
    page.check(f"#pool-customers input[value='{zhang.pk}']")
    page.select_option("#pool-person", str(cm_x.pk))
    page.click("#pool-give button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已分配给李社区" in page.content()
    assert Owner.objects.get(customer=zhang).person_id == cm_x.pk
