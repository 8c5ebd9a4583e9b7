"""Territory benchmark: the grid designer and the re-cut on the demo city and a synthetic
province, against k-means on coordinates.

City: the demo city's 2,000 places (``core.demo.city.build_city``, seed as ``wangge demo``)
become polygon units: the Voronoi cells of each grid's places clipped to the grid's
polygon, so today's 120 grids are one partition of them. Workload of a place:
households + 5 × enterprises + 1. Written as GeoJSON (WGS-84) and cut into 120 grids
at ±5 % by ``design_file`` (what ``wangge territory design`` runs).

Province: 50,000 Voronoi units in a 300 km × 250 km irregular province in CGCS2000
Gauss-Kruger metres (EPSG:4547), 40 % of them packed into twelve cities; log-normal
workload. Written as a GeoPackage and cut into 1,500 grids at ±10 %.

Re-cut: on each design, a fifth of the grids drift by 30 % (their units' workload × 1.3 or
× 0.7 at random); ``recut`` restores ±10 % and we count the units moved.

    PYTHONPATH=src .venv/bin/python bench/territory/bench_territory.py [--only city|province]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import shapely
from pyproj import CRS, Transformer

from wangge.core.territory import Infeasible
from wangge.core.territory.files import design_file
from wangge.core.territory.metrics import kmeans_baseline, measure
from wangge.core.territory.recut import recut


def city_units(out: Path) -> Path:
    from tests.core.territory.conftest import write
    from wangge.core.demo.city import build_city
    from wangge.core.demo.timeline import Window, default_end_month

    plan = build_city(np.random.default_rng([20261, 1]), Window(default_end_month(), 24), 1)
    place = plan.tables["place"].to_pydict()
    lon, lat = np.array(place["lon"]), np.array(place["lat"])
    laea = CRS.from_proj4(f"+proj=laea +lat_0={lat.mean()} +lon_0={lon.mean()} +datum=WGS84")
    fwd = Transformer.from_crs("EPSG:4326", laea, always_xy=True)
    back = Transformer.from_crs(laea, "EPSG:4326", always_xy=True)
    x, y = fwd.transform(lon, lat)
    cells, codes, work, grid, kind = [], [], [], [], []
    for g, poly in enumerate(plan.grids.polygon):
        poly_m = shapely.transform(poly, lambda xy: np.column_stack(fwd.transform(*xy.T)))
        idx = plan.places_of(g)
        pts = shapely.points(x[idx], y[idx])
        if len(idx) == 1:
            parts = [poly_m]
        else:
            vor = shapely.voronoi_polygons(shapely.multipoints(pts), extend_to=poly_m, ordered=True)
            parts = [c.intersection(poly_m) for c in vor.geoms]
        for i, c in zip(idx, parts, strict=True):
            cells.append(shapely.transform(c, lambda xy: np.column_stack(back.transform(*xy.T))))
            codes.append(place["code"][i])
            work.append(int(plan.place_households[i] + 5 * plan.place_enterprises[i] + 1))
            grid.append(g + 1)
            kind.append(place["kind"][i])
    cells = [shapely.make_valid(shapely.set_precision(c, 1e-7)) for c in cells]
    cells = [c if c.geom_type in ("Polygon", "MultiPolygon") else
             shapely.MultiPolygon([p for p in c.geoms if p.geom_type == "Polygon"])
             for c in cells]  # fmt: skip
    cols = {
        "code": np.array(codes, dtype=object),
        "workload": np.array(work, dtype=np.int64),
        "grid_now": np.array(grid, dtype=np.int64),
        "kind": np.array(kind, dtype=object),
    }
    return write(out / "city.geojson", cells, cols)


def province_units(out: Path, n: int = 50_000, seed: int = 7) -> Path:
    from tests.core.territory.conftest import write

    rng = np.random.default_rng(seed)
    x0, y0 = 38_400_000.0, 3_300_000.0  # EPSG:4547 zone 38 false easting
    angles = np.sort(rng.uniform(0, 2 * np.pi, 24))
    radius = rng.uniform(0.75, 1.0, 24)
    outline = shapely.Polygon(
        np.column_stack([x0 + 150_000 * (1 + radius * np.cos(angles)),
                         y0 + 125_000 * (1 + radius * np.sin(angles))])
    )  # fmt: skip
    pts = []
    centres = rng.uniform([x0 + 60_000, y0 + 60_000], [x0 + 240_000, y0 + 190_000], (12, 2))
    while len(pts) < n:
        if rng.random() < 0.4:
            c = centres[rng.integers(12)]
            p = c + rng.normal(0, rng.uniform(2_000, 7_000), 2)
        else:
            p = rng.uniform([x0, y0], [x0 + 300_000, y0 + 250_000])
        if outline.contains(shapely.Point(p)):
            pts.append(p)
    pts = np.array(pts)
    vor = shapely.voronoi_polygons(shapely.multipoints(pts), extend_to=outline, ordered=True)
    cells = shapely.intersection(np.array(vor.geoms), outline)
    cells = shapely.set_precision(cells, 0.01)
    work = np.maximum(1, np.round(rng.lognormal(np.log(100), 0.45, n))).astype(np.int64)
    cols = {"code": np.array([f"U{i:05d}" for i in range(n)], dtype=object), "workload": work}
    return write(out / "province.gpkg", cells, cols, crs="EPSG:4547")


def ratio(a: float, b: float) -> str:
    return f"{a / b:.3g}" if b else "n/a"


def run(name, path, k, tolerance, time_limit, recut_seconds=120.0):
    print(f"== {name}: {k} grids at ±{tolerance:.0%}")
    started = time.perf_counter()
    fd = design_file(path, "workload", k, tolerance=tolerance, key="code",
                     time_limit=time_limit)  # fmt: skip
    m = fd.metrics
    print(f"units {len(fd.layer)}; islands joined {len(fd.graph.joins)}; "
          f"edges {len(fd.graph.edges)}")  # fmt: skip
    for line in m.lines():
        print("  designer", line)
    t = time.perf_counter()
    base_grid = kmeans_baseline(fd.layer.geoms, fd.weights, k)
    b = measure(fd.graph, fd.layer.geoms, fd.weights, base_grid, k, set(),
                time.perf_counter() - t)  # fmt: skip
    for line in b.lines():
        print("  k-means ", line)
    print(f"  ratio designer / k-means: max deviation {ratio(m.max_deviation, b.max_deviation)}, "
          f"contiguous {ratio(m.contiguous, b.contiguous)}, "
          f"median Polsby-Popper {ratio(m.median_polsby_popper, b.median_polsby_popper)}, "
          f"cut edges {ratio(m.cut_edges, b.cut_edges)}")  # fmt: skip
    rng = np.random.default_rng(11)
    drifted = rng.choice(k, k // 5, replace=False)
    sign = rng.choice([0.7, 1.3], len(drifted))
    factor = np.ones(k)
    factor[drifted] = sign
    w2 = fd.weights * factor[fd.design.grid]
    t = time.perf_counter()
    try:
        r = recut(fd.graph, w2, fd.design.grid, k, tolerance=0.10, time_limit=recut_seconds)
    except Infeasible as exc:
        print(f"  re-cut: {len(drifted)} grids drifted by 30 %: {exc.message} "
              f"({time.perf_counter() - t:.1f} s)")  # fmt: skip
        return
    secs = time.perf_counter() - t
    after = measure(fd.graph, fd.layer.geoms, w2, r.grid, k, set(), secs)
    before = measure(fd.graph, fd.layer.geoms, w2, fd.design.grid, k, set(), 0)
    print(f"  re-cut: {len(drifted)} grids drifted by 30 %, {len(r.flagged)} flagged beyond ±30 % "
          f"of the median; max deviation {before.max_deviation:.1%} -> {after.max_deviation:.2%}; "
          f"moved {len(r.moves)} units = {len(r.moves) / len(fd.layer):.2%} "
          f"(workload {sum(mv.workload for mv in r.moves) / w2.sum():.2%}); band {r.band}; "
          f"contiguous {after.contiguous:.1%}; {secs:.1f} s")  # fmt: skip
    print(f"  total {time.perf_counter() - started:.1f} s")


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", choices=["city", "province"])
    ap.add_argument("--keep", help="folder to keep the generated layers in")
    ap.add_argument(
        "--recut-seconds",
        type=float,
        default=None,
        help="time limit of the re-cut (default 120 s city, 600 s province)",
    )
    a = ap.parse_args()
    out = Path(a.keep) if a.keep else Path(tempfile.mkdtemp(prefix="territory-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    if a.only in (None, "city"):
        t = time.perf_counter()
        path = city_units(out)
        print(f"city layer {path} built in {time.perf_counter() - t:.1f} s")
        run("demo city", path, 120, 0.05, 50, a.recut_seconds or 120)
    if a.only in (None, "province"):
        t = time.perf_counter()
        path = province_units(out)
        print(f"province layer {path} built in {time.perf_counter() - t:.1f} s")
        run("province", path, 1500, 0.10, 400, a.recut_seconds or 600)


if __name__ == "__main__":
    main()
