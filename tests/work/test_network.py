"""Network resources per place: imported all or nothing (bad rows named, a second import
updates), summed per place with the free broadband ports, only places in scope."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.conftest import D0
from wangge.work import network
from wangge.work.models import NetworkResource
from wangge.work.uploads import UploadRefused

HEADER = ("地点编码", "类型", "资源编码", "名称", "端口总数", "已用端口")


def xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(HEADER))
    for r in rows:
        sheet.append(list(r))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def shop_y(city):
    from wangge.territory.models import Place, PlaceGrid

    place = Place.objects.create(code="P9", name="万达商铺", kind="building", lon=117.06, lat=36.66)
    PlaceGrid.objects.create(place=place, grid=city["units"]["y"], valid_from=D0)
    return place


def marketing(city):
    return city["people"]["marketing"].user


def test_an_import_creates_then_updates_and_sums_per_place(city, shop_y):
    rows = [
        ("P1", "基站", "BS-1", "阳光小区基站", "", ""),
        ("P1", "交接箱", "JX-1", "1号交接箱", 100, 80),
        ("P1", "宽带端口", "OLT-1", "分光器", 64, 60),
        ("P9", "broadband_port", "OLT-9", "", 32, 32),
    ]
    assert network.import_resources(marketing(city), BytesIO(xlsx(rows)), "n.xlsx").created == 4
    rows[2] = ("P1", "宽带端口", "OLT-1", "分光器", 64, 10)
    done = network.import_resources(marketing(city), BytesIO(xlsx(rows)), "n.xlsx")
    assert (done.created, done.updated) == (0, 4)
    summary = {r["place__code"]: r for r in network.by_place(NetworkResource.objects.all())}
    assert (summary["P1"]["stations"], summary["P1"]["boxes"]) == (1, 1)
    assert (summary["P1"]["ports"], summary["P1"]["free"]) == (64, 54)
    assert summary["P9"]["free"] == 0
    assert list(summary) == ["P1", "P9"]  # free ports first


def test_a_bad_row_refuses_the_file(city):
    rows = [
        ("P1", "宽带端口", "OLT-1", "", 64, 70),
        ("P404", "基站", "BS-2", "", 0, 0),
        ("P1", "卫星", "X-1", "", 0, 0),
        ("P1", "宽带端口", "OLT-1", "", "many", 0),
    ]
    with pytest.raises(UploadRefused) as refused:
        network.import_resources(marketing(city), BytesIO(xlsx(rows)), "n.xlsx")
    text = "\n".join(refused.value.problems)
    for word in ("已用端口", "P404", "卫星", "many"):
        assert word in text
    assert not NetworkResource.objects.exists()


def test_the_pages(city, shop_y, login):
    client = login("marketing")
    up = SimpleUploadedFile("n.xlsx", xlsx([("P1", "宽带端口", "OLT-1", "", 64, 10)]))
    assert client.post("/work/network/import/", {"file": up}).status_code == 302
    page = client.get("/work/network/")
    assert page.status_code == 200 and "阳光小区" in page.content.decode()
    grid = login("gm_x").get(f"/work/grids/{city['units']['x'].pk}/")
    assert "空闲端口" in grid.content.decode() and "54" in grid.content.decode()


# --- attacks ----------------------------------------------------------------------------


def test_another_grids_resources_are_hidden_and_not_imported(city, shop_y, login):
    network.import_resources(
        marketing(city), BytesIO(xlsx([("P9", "宽带端口", "OLT-9", "", 32, 1)])), "n.xlsx"
    )
    client = login("gm_x")
    assert [r["place__code"] for r in client.get("/work/network/").context["rows"]] == []
    page = client.get(f"/work/network/?unit={city['units']['y'].pk}")
    assert list(page.context["rows"]) == []
    up = SimpleUploadedFile("n.xlsx", xlsx([("P1", "基站", "BS-1", "", 0, 0)]))
    assert client.post("/work/network/import/", {"file": up}).status_code == 403
    with pytest.raises(UploadRefused):
        network.import_resources(
            city["people"]["gm_x"].user, BytesIO(xlsx([("P1", "基站", "B", "", 0, 0)])), "n.xlsx"
        )
    assert NetworkResource.objects.count() == 1


def test_the_api_lists_only_the_places_in_scope(city, shop_y, login):
    rows = [("P1", "宽带端口", "OLT-1", "", 64, 10), ("P9", "宽带端口", "OLT-9", "", 32, 1)]
    network.import_resources(marketing(city), BytesIO(xlsx(rows)), "n.xlsx")
    body = login("gm_x").get("/api/work/network/").json()["results"]
    assert [(r["code"], r["ports_free"]) for r in body] == [("OLT-1", 54)]
    y = NetworkResource.objects.get(code="OLT-9")
    assert login("gm_x").get(f"/api/work/network/{y.pk}/").status_code == 404
