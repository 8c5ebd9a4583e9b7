import numpy as np
import pytest
import shapely

from tests.core.territory.conftest import block_columns, squares, to_lonlat, write
from wangge.core.territory import TerritoryError
from wangge.core.territory.layers import read_layer, read_measures, write_partition


def test_a_geojson_in_wgs84_is_read_into_metres(tmp_path):
    path = write(tmp_path / "u.geojson", to_lonlat(squares(3, 2)), block_columns(6))
    layer = read_layer(path, key="code")
    assert len(layer) == 6 and layer.crs_name == "EPSG:4326"
    assert shapely.area(layer.geoms) == pytest.approx(np.full(6, 200.0 * 200.0), rel=0.01)
    assert layer.label(1) == "feature 2 (code=U001)"


def test_a_geojson_with_projected_coordinates_is_refused_naming_the_feature(tmp_path):
    path = write(tmp_path / "u.geojson", squares(2, 1), block_columns(2))
    with pytest.raises(TerritoryError, match=r"feature 1.*not longitude/latitude.*--crs"):
        read_layer(path)
    assert len(read_layer(path, crs="EPSG:4547")) == 2


def test_a_shapefile_without_its_prj_needs_crs(tmp_path):
    path = write(tmp_path / "u.shp", squares(2, 2), block_columns(4), crs=None)
    assert not path.with_suffix(".prj").exists()
    with pytest.raises(TerritoryError, match=r"u\.prj is missing.*--crs"):
        read_layer(path)
    layer = read_layer(path, crs="EPSG:4547")
    assert shapely.area(layer.geoms[0]) == pytest.approx(40000)


def test_a_projected_crs_on_lonlat_coordinates_is_refused(tmp_path):
    path = write(tmp_path / "u.shp", to_lonlat(squares(2, 2)), block_columns(4), crs=None)
    with pytest.raises(TerritoryError, match="look like longitude/latitude"):
        read_layer(path, crs="EPSG:4547")


def test_a_self_intersecting_polygon_is_named(tmp_path):
    geoms = squares(2, 1)
    x0, y0 = geoms[1].bounds[:2]
    geoms[1] = shapely.Polygon([(x0, y0), (x0 + 100, y0 + 100), (x0 + 100, y0), (x0, y0 + 100)])
    path = write(tmp_path / "u.gpkg", geoms, block_columns(2), crs="EPSG:4547")
    with pytest.raises(TerritoryError, match=r"feature 2 \(code=U001\).*Self-intersection"):
        read_layer(path, key="code")


def test_gcj02_lonlat_is_converted_to_wgs84(tmp_path):
    from wangge.core.territory.gcj02 import transform_geometry

    wgs = to_lonlat(squares(1, 1))
    gcj = [transform_geometry(g, "gcj02") for g in wgs]
    path = write(tmp_path / "u.geojson", gcj, block_columns(1))
    layer = read_layer(path, crs="GCJ-02")
    back = layer.wgs84_geoms()[0]
    assert shapely.hausdorff_distance(back, wgs[0]) < 1e-7


def test_measures_join_on_the_key_and_name_what_is_missing(tmp_path):
    path = write(tmp_path / "u.geojson", to_lonlat(squares(2, 1)), block_columns(2))
    layer = read_layer(path, key="code")
    csv = tmp_path / "m.csv"
    csv.write_text("code,visits\nU000,3\nU001,4.5\n", encoding="utf-8")
    assert list(read_measures(csv, "code", "visits", layer)) == [3.0, 4.5]
    csv.write_text("code,visits\nU000,3\n", encoding="utf-8")
    with pytest.raises(TerritoryError, match=r"no row for 1 feature.*code=U001"):
        read_measures(csv, "code", "visits", layer)
    csv.write_text("code,visits\nU000,3\nU001,many\n", encoding="utf-8")
    with pytest.raises(TerritoryError, match=r"code=U001.*not a number"):
        read_measures(csv, "code", "visits", layer)


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".shp", ".csv"])
def test_the_partition_is_written_with_a_grid_column(tmp_path, suffix):
    path = write(tmp_path / "u.shp", squares(2, 2), block_columns(4), crs="EPSG:4547")
    layer = read_layer(path, key="code")
    out = tmp_path / f"out{suffix}"
    write_partition(layer, np.array([1, 1, 2, 2]), out)
    if suffix == ".csv":
        assert out.read_text().splitlines() == ["code,grid", "U000,1", "U001,1", "U002,2",
                                                "U003,2"]  # fmt: skip
        return
    back = read_layer(out)
    assert [int(g) for g in back.columns["grid"]] == [1, 1, 2, 2]
    assert shapely.area(back.geoms[0]) == pytest.approx(40000, rel=0.01)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".territory-")]


def test_a_kml_layer_with_chinese_names_goes_round_trip(tmp_path):
    cols = {
        "编码": np.array(["WG001", "WG002", "WG003"], dtype=object),
        "名称": np.array(["江汉路步行街网格", "光谷软件园网格", "汉正街市场网格"], dtype=object),
        "户数": np.array([320, 415, 298], dtype=np.int64),
    }
    source = write(tmp_path / "grids.geojson", to_lonlat(squares(3, 1)), cols)
    layer = read_layer(source, key="编码")
    out = write_partition(layer, np.array([1, 2, 2]), tmp_path / "网格.kml")
    assert "江汉路步行街网格" in out.read_text(encoding="utf-8")
    back = read_layer(out, key="编码")
    assert list(back.columns) == ["编码", "名称", "户数", "grid"]  # no KML placemark extras
    assert list(back.columns["名称"]) == list(cols["名称"])
    assert [int(v) for v in back.columns["户数"]] == [320, 415, 298]
    assert [int(v) for v in back.columns["grid"]] == [1, 2, 2]
    assert back.crs_name == "EPSG:4326" and back.label(1) == "feature 2 (编码=WG002)"
    for a, b in zip(layer.wgs84_geoms(), back.wgs84_geoms(), strict=True):
        assert shapely.equals_exact(a.normalize(), b.normalize(), tolerance=1e-9)
    # and once more: the KML read back writes the same KML
    again = write_partition(back, np.array([3, 3, 1]), tmp_path / "again.kml", column="新网格")
    assert list(read_layer(again).columns["新网格"]) == [3, 3, 1]


def test_a_point_in_metres_is_told_in_lon_lat_or_the_files_crs(tmp_path):
    from wangge.core.territory import gcj02

    wgs = to_lonlat(squares(1, 1))
    gk = write(tmp_path / "u.shp", squares(1, 1), block_columns(1), crs="EPSG:4547")
    layer = read_layer(gk)
    c = layer.geoms[0].centroid
    lon, lat = layer.locate(c.x, c.y)
    assert wgs[0].centroid.distance(shapely.Point(lon, lat)) < 1e-7
    assert layer.locate(c.x, c.y, in_file_crs=True) == pytest.approx(
        (squares(1, 1)[0].centroid.x, squares(1, 1)[0].centroid.y)
    )
    assert layer.locate_crs() == ("EPSG:4326", True)
    assert layer.locate_crs(True) == ("EPSG:4547", False)
    shifted = [gcj02.transform_geometry(g, "gcj02") for g in wgs]
    path = write(tmp_path / "g.geojson", shifted, block_columns(1))
    layer = read_layer(path, crs="GCJ-02")
    c = layer.geoms[0].centroid
    assert wgs[0].centroid.distance(shapely.Point(layer.locate(c.x, c.y))) < 1e-7
    assert shifted[0].centroid.distance(shapely.Point(layer.locate(c.x, c.y, True))) < 1e-7
    assert layer.locate_crs(True) == ("GCJ-02", True)
