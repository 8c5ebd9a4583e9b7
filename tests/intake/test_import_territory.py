"""Places and channels from the operator's resource and channel systems: each place in
its grid by a dated link (moved, not overwritten, when a later file names another
grid), each channel with the grid that supports it; a bad row writes nothing and a
run rolls back as a unit."""

from __future__ import annotations

from datetime import date

import pyarrow.parquet as pq

from wangge.intake.services import rollback, run_import
from wangge.territory.models import Channel, Place, PlaceGrid

PLACES = (
    "场所编码,场所名称,场所类型,所属网格编码,经度,纬度,户数,企业数,生效日期\n"
    "P1,阳光小区,住宅小区,LX-G01,117.05,36.65,640,0,2025-01-01\n"
    "P20,齐鲁软件园,产业园区,LX-G02,117.13,36.67,0,85,2026/11/3\n"
    "P21,芙蓉街,专业市场,SZ-G01,117.02,36.66,,120,20261103\n"
)
CHANNELS = (
    "渠道编码,渠道名称,渠道类型,支撑网格编码,经度,纬度\n"
    "C1,历下营业厅,中心营业厅,LX-G01,117.06,36.66\n"
    "C20,泉城路合作厅,合作厅,LX-G02,117.03,36.66\n"
    "C21,经十路代办点,代办点,SZ-G01,117.01,36.65\n"
)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(text.encode("gbk"))
    return path


def test_a_place_file_lands_in_its_grids(city, tmp_path, settings):
    settings.STORE_DIR = tmp_path / "store"
    outcome = run_import("place", write(tmp_path, "场所.csv", PLACES))
    assert outcome.ok, [str(p) for p in outcome.problems]
    assert (outcome.added, outcome.changed, outcome.unchanged) == (2, 1, 0)
    park = Place.objects.get(code="P20")
    assert (park.name, park.kind, park.enterprises, park.households) == (
        "齐鲁软件园",
        "park",
        85,
        0,
    )
    assert Place.objects.get(code="P1").households == 640  # was 600: changed in place
    link = PlaceGrid.objects.get(place=park, valid_to=None)
    assert (link.grid.code, link.valid_from) == ("LX-G02", date(2026, 11, 3))
    assert PlaceGrid.objects.get(place__code="P21").grid.code == "SZ-G01"


def test_a_place_named_in_another_grid_moves_there_with_its_history(city, tmp_path, settings):
    settings.STORE_DIR = tmp_path / "store"
    moved = PLACES.replace("P1,阳光小区,住宅小区,LX-G01", "P1,阳光小区,住宅小区,LX-G02").replace(
        "2025-01-01", "2026-11-01"
    )
    assert run_import("place", write(tmp_path, "场所.csv", moved)).ok
    links = list(PlaceGrid.objects.filter(place__code="P1").order_by("valid_from"))
    assert [(lk.grid.code, lk.valid_to) for lk in links] == [
        ("LX-G01", date(2026, 11, 1)),
        ("LX-G02", None),
    ]


def test_a_place_without_coordinates_or_with_an_unknown_grid_writes_nothing(
    city, tmp_path, settings
):
    settings.STORE_DIR = tmp_path / "store"
    bad = PLACES.replace("117.13,36.67", ",36.67").replace("SZ-G01", "SZ-G99")
    outcome = run_import("place", write(tmp_path, "场所.csv", bad))
    assert not outcome.ok
    cells = {(p.row, p.column, p.rule) for p in outcome.problems}
    assert (3, "经度", "required") in cells
    assert (4, "所属网格编码", "unknown_code") in cells
    assert not Place.objects.filter(code__in=["P20", "P21"]).exists()
    assert Place.objects.get(code="P1").households == 600


def test_channels_with_their_supporting_grid_and_a_rollback(city, tmp_path, settings):
    settings.STORE_DIR = tmp_path / "store"
    outcome = run_import("channel", write(tmp_path, "渠道.csv", CHANNELS))
    assert outcome.ok, [str(p) for p in outcome.problems]
    assert (outcome.added, outcome.unchanged) == (2, 1)
    hall = Channel.objects.get(code="C20")
    assert (hall.kind, hall.grid.code) == ("partner_hall", "LX-G02")
    assert Channel.objects.get(code="C21").grid.code == "SZ-G01"
    rollback(outcome.run_id)
    assert list(Channel.objects.values_list("code", flat=True)) == ["C1"]


def test_the_store_follows_an_import_of_places(city, tmp_path, settings):
    from wangge.analytics.dims import write_org_dims

    store = tmp_path / "store"
    (store / "dims").mkdir(parents=True)
    settings.STORE_DIR = store
    write_org_dims(store)
    assert run_import("place", write(tmp_path, "场所.csv", PLACES), store=store).ok
    places = pq.read_table(store / "dims" / "place.parquet").to_pylist()
    assert {p["code"] for p in places} == {"P1", "P20", "P21"}
    links = pq.read_table(store / "dims" / "place_grid.parquet").to_pylist()
    assert len(links) == 3


def test_a_channel_without_its_grid_is_refused_by_name(city, tmp_path, settings):
    settings.STORE_DIR = tmp_path / "store"
    outcome = run_import("channel", write(tmp_path, "渠道.csv", CHANNELS.replace("SZ-G01", "")))
    assert {(p.row, p.column, p.rule) for p in outcome.problems} == {
        (4, "支撑网格编码", "required")
    }
    assert not Channel.objects.filter(code="C20").exists()
