"""Small polygon layers built in code: a block of square units in Wuhan (lon/lat or the
CGCS2000 3-degree Gauss-Kruger zone of 114°E, EPSG:4547), with a river, slivers and an
island when a test asks for them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyogrio.raw
import shapely
from pyproj import Transformer

LON0, LAT0 = 114.30, 30.58
CELL_M = 200.0
#: 114.30°E, 30.58°N in EPSG:4547 (easting with the false 500 km, northing)
_TO_GK = Transformer.from_crs("EPSG:4326", "EPSG:4547", always_xy=True)
_TO_LL = Transformer.from_crs("EPSG:4547", "EPSG:4326", always_xy=True)


def squares(nx: int, ny: int, cell: float = CELL_M, sliver: float = 0.0) -> list:
    """nx × ny squares in EPSG:4547 metres; ``sliver`` shrinks each by that many metres
    on its right and top edges (a digitising gap between neighbours)."""
    x0, y0 = _TO_GK.transform(LON0, LAT0)
    out = []
    for i in range(nx):
        for j in range(ny):
            out.append(
                shapely.box(x0 + i * cell, y0 + j * cell,
                            x0 + (i + 1) * cell - sliver, y0 + (j + 1) * cell - sliver)
            )  # fmt: skip
    return out


def to_lonlat(geoms):
    return [
        shapely.transform(g, lambda xy: np.column_stack(_TO_LL.transform(xy[:, 0], xy[:, 1])))
        for g in geoms
    ]


def write(path: Path, geoms, columns: dict, crs: str | None = "EPSG:4326") -> Path:
    """A layer file (driver from the suffix); crs None writes no CRS (a .shp without .prj)."""
    drivers = {".geojson": "GeoJSON", ".shp": "ESRI Shapefile", ".gpkg": "GPKG"}
    data = [np.asarray(v) for v in columns.values()]
    pyogrio.raw.write(
        path, shapely.to_wkb(np.asarray(geoms)), data, list(columns),
        driver=drivers[path.suffix], geometry_type="Unknown", crs=crs,
    )  # fmt: skip
    if crs is None:
        path.with_suffix(".prj").unlink(missing_ok=True)
    return path


def block_columns(n: int, seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    return {
        "code": np.array([f"U{i:03d}" for i in range(n)], dtype=object),
        "households": rng.integers(50, 150, n).astype(np.int64),
    }
