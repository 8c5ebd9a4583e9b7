"""The map's validation problems: gaps, overlaps, invalid boundaries and places in no
grid or in several, for the grids the reader sees, worded in Chinese with where they are."""

import re

import pytest

from tests.conftest import D0


def box(x0, y0, x1, y1):
    return {"type": "Polygon",
            "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}  # fmt: skip


@pytest.fixture
def drawn(city):
    """网格X is 117.0–117.1 × 36.6–36.7; 网格Y is drawn over its eastern tenth and east of
    it, with a hole; 网格Z (another center) overlaps both, which is not a problem of
    either center; 北门小区 is linked to 网格Y but lies in no grid."""
    from wangge.territory.models import Place, PlaceGrid

    y, z = city["units"]["y"], city["units"]["z"]
    y.boundary = {"type": "Polygon", "coordinates": [
        [[117.09, 36.6], [117.2, 36.6], [117.2, 36.7], [117.09, 36.7], [117.09, 36.6]],
        [[117.15, 36.65], [117.16, 36.65], [117.16, 36.66], [117.15, 36.66], [117.15, 36.65]],
    ]}  # fmt: skip
    y.save()
    z.boundary = box(117.05, 36.55, 117.25, 36.62)
    z.save()
    outside = Place.objects.create(code="P2", name="北门小区", kind="community", lon=117.05,
                                   lat=36.8)  # fmt: skip
    PlaceGrid.objects.create(place=outside, grid=y, valid_from=D0)
    both = Place.objects.create(code="P3", name="东城大厦", kind="building", lon=117.095,
                                lat=36.65)  # fmt: skip
    PlaceGrid.objects.create(place=both, grid=y, valid_from=D0)
    return city


def problems(client, **params):
    r = client.get("/api/map/problems/", params, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert r.status_code == 200
    return [f["properties"] | {"geometry": f["geometry"]} for f in r.json()["features"]]


def test_a_director_sees_the_problems_of_their_center_in_chinese(drawn, login):
    found = problems(login("director"))
    kinds = {p["kind"]: p for p in found}
    assert kinds["place_in_several"]["text"] == "东城大厦 位于多个网格内：网格X、网格Y"
    assert kinds["place_outside"]["text"] == "北门小区 不在任何网格内"
    # a 0.01° square hole at 36.65°N: about 893 m × 1,111 m
    assert re.fullmatch(r"历下中心 的网格之间有 99\d,\d{3} 平方米的缝隙", kinds["gap"]["text"])
    assert re.fullmatch(r"网格X 与 网格Y 重叠 9,9\d\d,\d{3} 平方米", kinds["overlap"]["text"])
    assert set(kinds) == {"overlap", "gap", "place_outside", "place_in_several"}
    overlap = kinds["overlap"]
    assert overlap["title"] == "网格重叠" and overlap["grids"] == ["网格X", "网格Y"]
    assert overlap["geometry"]["type"] == "Polygon"
    assert 117.09 <= overlap["lon"] <= 117.1 and 36.6 <= overlap["lat"] <= 36.7
    gap = kinds["gap"]
    assert 117.15 < gap["lon"] < 117.16 and 36.65 < gap["lat"] < 36.66
    assert kinds["place_outside"]["geometry"] == {"type": "Point", "coordinates": [117.05, 36.8]}
    assert all("网格Z" not in p["text"] for p in found)  # another center's grid


def test_a_grid_manager_sees_only_their_own_grids_problems(drawn, login):
    assert problems(login("gm_x")) == []  # 网格X alone: nothing overlaps it in their view


def test_the_marketing_department_sees_each_centers_problems_but_not_across_centers(drawn, login):
    found = problems(login("marketing"))
    overlaps = [p["grids"] for p in found if p["kind"] == "overlap"]
    assert overlaps == [["网格X", "网格Y"]]  # 网格Z is another center's
    several = [p for p in found if p["kind"] == "place_in_several"]
    assert len(several) == 1  # 东城大厦 in X and Y (and not Z, which it is outside)


def test_a_self_intersecting_boundary_is_named(drawn, login):
    x = drawn["units"]["x"]
    x.boundary = {"type": "Polygon", "coordinates": [
        [[117.0, 36.6], [117.1, 36.7], [117.1, 36.6], [117.0, 36.7], [117.0, 36.6]]]}  # fmt: skip
    x.save()
    found = problems(login("director"))
    (bad,) = [p for p in found if p["kind"] == "invalid"]
    assert bad["text"] == "网格X 的边界不是有效的多边形：边界自相交"
    assert bad["title"] == "边界无效"


def test_the_map_page_has_the_problems_list_and_layer_in_chinese(drawn, login):
    page = login("marketing").get("/map/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'id="map-problems"' in page and "网格问题" in page
    assert 'name="problem-layer"' in page and "territory/problems.js" in page


def test_anonymous_callers_get_no_problems(drawn, client):
    assert client.get("/api/map/problems/").status_code in (401, 403)
