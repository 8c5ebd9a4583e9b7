"""``wangge territory design`` and ``check`` on files: the metrics printed one a line, bad
input refused with a message naming what is wrong, and nothing written."""

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
