"""``wangge territory design`` and ``check`` on files: the metrics printed one a line, bad
input refused with a message naming what is wrong, and nothing written."""

from io import StringIO

import numpy as np
import pytest
import shapely
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.core.territory.conftest import block_columns, squares, to_lonlat, write


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("territory", *[str(a) for a in args], stdout=out)
    return out.getvalue().splitlines()


def test_design_a_geojson_prints_the_metrics_and_writes_the_grids(tmp_path):
    cols = block_columns(64)
    cols["kind"] = np.array(["park" if i in (0, 1) else "" for i in range(64)], dtype=object)
    path = write(tmp_path / "units.geojson", to_lonlat(squares(8, 8)), cols)
    out = tmp_path / "grids.geojson"
    lines = run("design", path, "--workload", "households", "--k", 6, "--tolerance", 0.1,
                "--fixed", "kind=park", "--key", "code", "--out", out)  # fmt: skip
    dev = next(line for line in lines if line.startswith("max deviation "))
    assert float(dev.removeprefix("max deviation ").rstrip("%")) <= 10
    assert "contiguous 100.0%" in lines and "fixed clusters 1" in lines
    assert any(line.startswith("median Polsby-Popper ") for line in lines)
    assert any(line.startswith("cut edges ") for line in lines)
    assert any(line.startswith("run time ") for line in lines)
    from wangge.core.territory.layers import read_layer

    grids = read_layer(out).columns["grid"]
    assert sorted(set(grids.tolist())) == [1, 2, 3, 4, 5, 6]
    assert grids[0] == grids[1]  # the park, its own grid


def test_a_shapefile_without_prj_with_crs_and_a_measures_csv(tmp_path):
    path = write(tmp_path / "u.shp", squares(6, 6), block_columns(36), crs=None)
    csv = tmp_path / "m.csv"
    csv.write_text("code,visits\n" + "".join(f"U{i:03d},{10 + i % 7}\n" for i in range(36)))
    with pytest.raises(CommandError, match=r"u\.prj is missing.*--crs"):
        run("design", path, "--workload", "households", "--k", 3)
    lines = run("design", path, "--workload", "visits", "--measures", csv, "--key", "code",
                "--k", 3, "--crs", "EPSG:4547", "--out", tmp_path / "g.csv")  # fmt: skip
    assert lines[0] == "units 36 (EPSG:4547)"
    assert (tmp_path / "g.csv").read_text().startswith("code,grid\nU000,")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--k", "100"], "100 grids asked for, but the layer has only 16 units"),
        (["--k", "3", "--tolerance", "0.0001"], r"no partition within ±0\.0%"),
        (["--k", "3", "--fixed", "kind"], "expected COLUMN=VALUE"),
        (["--k", "3", "--fixed", "code=nope"], "no unit has code = 'nope'"),
        (["--k", "3", "--crs", "EPSG:999999"], "not a CRS pyproj knows"),
    ],
)
def test_bad_requests_write_nothing(tmp_path, args, message):
    path = write(tmp_path / "u.geojson", to_lonlat(squares(4, 4)), block_columns(16))
    out = tmp_path / "out.geojson"
    with pytest.raises(CommandError, match=message):
        run("design", path, "--workload", "households", "--out", out, *args)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["u.geojson"]


def test_wrong_crs_self_intersection_and_missing_column(tmp_path):
    projected = write(tmp_path / "p.geojson", squares(2, 2), block_columns(4))
    with pytest.raises(CommandError, match="not longitude/latitude"):
        run("design", projected, "--workload", "households", "--k", 2)
    geoms = to_lonlat(squares(2, 2))
    x0, y0, x1, y1 = geoms[3].bounds
    geoms[3] = shapely.Polygon([(x0, y0), (x1, y1), (x1, y0), (x0, y1)])
    bad = write(tmp_path / "b.geojson", geoms, block_columns(4))
    with pytest.raises(CommandError, match=r"feature 4 \(code=U003\): Self-intersection"):
        run("design", bad, "--workload", "households", "--k", 2, "--key", "code")
    good = write(tmp_path / "g.geojson", to_lonlat(squares(2, 2)), block_columns(4))
    with pytest.raises(CommandError, match="has no column 'people'"):
        run("design", good, "--workload", "people", "--k", 2)


def test_check_lists_overlaps_and_gaps(tmp_path):
    geoms = squares(3, 3)
    geoms[4] = geoms[4].buffer(-10, join_style="mitre")  # a gap all round the middle
    x0, y0, x1, y1 = geoms[0].bounds
    geoms[0] = shapely.box(x0, y0, x1 + 20, y1)  # overlaps its right neighbour
    path = write(tmp_path / "grids.shp", geoms, block_columns(9), crs="EPSG:4547")
    with pytest.raises(CommandError, match="2 problem"):
        run("check", path, "--key", "code")


def _lonlat_in_line(line):
    import re

    m = re.search(r"at lon (-?[\d.]+), lat (-?[\d.]+) \((.+?)\)", line)
    assert m, line
    return float(m[1]), float(m[2]), m[3]


def test_check_tells_each_problem_where_it_is_in_lon_lat(tmp_path):
    from tests.core.territory.conftest import to_lonlat

    geoms = squares(3, 3)
    middle = to_lonlat([geoms[4]])[0]
    geoms[4] = geoms[4].buffer(-10, join_style="mitre")  # a 10 m gap all round the middle
    path = write(tmp_path / "grids.shp", geoms, block_columns(9), crs="EPSG:4547")
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("territory", "check", str(path), "--key", "code", stdout=out)
    (gap,) = [line for line in out.getvalue().splitlines() if line.startswith("gap of ")]
    assert gap.startswith("gap of 7600 m² between the grids of the layer at lon ")
    lon, lat, crs = _lonlat_in_line(gap)
    assert crs == "WGS-84"
    x0, y0, x1, y1 = middle.bounds
    assert x0 <= lon <= x1 and y0 <= lat <= y1  # on the ring round the middle square

    own = StringIO()
    with pytest.raises(CommandError):
        call_command("territory", "check", str(path), "--in-file-crs", stdout=own)
    (gap,) = [line for line in own.getvalue().splitlines() if line.startswith("gap of ")]
    x, y = (float(v) for v in gap.split("at (")[1].split(")")[0].split(", "))
    mx0, my0, mx1, my1 = squares(3, 3)[4].bounds
    assert gap.endswith(" EPSG:4547") and mx0 <= x <= mx1 and my0 <= y <= my1


def test_check_of_a_gcj02_kml_answers_in_wgs84_or_in_gcj02(tmp_path):
    from tests.core.territory.conftest import to_lonlat
    from wangge.core.territory import gcj02

    wgs = to_lonlat(squares(2, 1))
    a, b = wgs
    x0, y0, x1, y1 = a.bounds
    a = shapely.box(x0, y0, x1 + (x1 - x0) * 0.1, y1)  # overlaps b by a tenth
    gcj = [gcj02.transform_geometry(g, "gcj02") for g in (a, b)]
    cols = {"名称": np.array(["江汉路网格", "光谷网格"], dtype=object)}
    path = tmp_path / "grids.kml"
    import pyogrio.raw

    pyogrio.raw.write(path, shapely.to_wkb(np.asarray(gcj)), list(cols.values()), list(cols),
                      driver="KML", geometry_type="Unknown", crs="EPSG:4326")  # fmt: skip
    for flag, crs in (([], "WGS-84"), (["--in-file-crs"], "GCJ-02")):
        out = StringIO()
        with pytest.raises(CommandError, match="1 problem"):
            call_command("territory", "check", str(path), "--crs", "GCJ-02", "--key", "名称",
                         *flag, stdout=out)  # fmt: skip
        line = out.getvalue().splitlines()[0]
        assert "(名称=江汉路网格), feature 2 (名称=光谷网格) overlap by" in line
        lon, lat, told = _lonlat_in_line(line)
        assert told == crs
        inter = (a if crs == "WGS-84" else gcj[0]).intersection(b if crs == "WGS-84" else gcj[1])
        ix0, iy0, ix1, iy1 = inter.bounds
        assert ix0 - 1e-6 <= lon <= ix1 + 1e-6 and iy0 - 1e-6 <= lat <= iy1 + 1e-6
