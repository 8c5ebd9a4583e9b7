"""Polygon layers in and out: GeoJSON (WGS-84), Shapefile (with its .prj or a given CRS),
GeoPackage and KML, all read by pyogrio (GDAL); geometry handled by Shapely.

A layer is kept twice: as read (to write the partition back in its own CRS) and in a
metric working CRS where buffers, areas and perimeters are in metres: a projected source
keeps its own coordinates (scaled to metres if its unit is not the metre), a lon/lat
source is projected to a Lambert azimuthal equal-area plane centred on the layer.
``GCJ-02`` as the CRS means lon/lat of the Chinese base maps: converted to WGS-84 first.
"""

from __future__ import annotations

import csv
import math
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely

from wangge.core.territory import TerritoryError, gcj02

READ_SUFFIXES = {".geojson": "GeoJSON", ".json": "GeoJSON", ".shp": "ESRI Shapefile",
                 ".gpkg": "GPKG", ".kml": "KML"}  # fmt: skip
WRITE_SUFFIXES = {**READ_SUFFIXES, ".csv": "CSV"}
GCJ02_NAMES = {"GCJ-02", "GCJ02", "GCJ_02"}
#: the columns GDAL's KML reader adds to every placemark (time, style, view): not the
#: layer's own data, dropped on reading; Name and description are kept when filled
KML_STANDARD = ("id", "timestamp", "begin", "end", "altitudeMode", "tessellate", "extrude",
                "visibility", "drawOrder", "icon", "snippet")  # fmt: skip
#: how many problems one message lists before "and N more"
SHOWN = 5


@dataclass
class Layer:
    """Polygon units read from a file: geometry, columns, names for messages."""

    path: Path
    geoms: np.ndarray  # shapely polygons in the metric working CRS (metres)
    source_geoms: np.ndarray  # as read, in the source CRS
    columns: dict[str, np.ndarray]
    crs_name: str  # e.g. "EPSG:4547", "EPSG:4326", "GCJ-02"
    source_crs: object = None  # pyproj.CRS, None for GCJ-02
    key: str | None = None
    _to_wgs84: object = field(default=None, repr=False)
    _metric_to_wgs84: object = field(default=None, repr=False)
    _metric_to_source: object = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.geoms)

    def label(self, i: int) -> str:
        """How messages name feature i: its number from 1 and its key if there is one."""
        if self.key:
            return f"feature {i + 1} ({self.key}={self.columns[self.key][i]})"
        return f"feature {i + 1}"

    def wgs84_geoms(self) -> np.ndarray:
        """The units in WGS-84 lon/lat (for GeoJSON, KML and the web map)."""
        if self.crs_name == "GCJ-02":
            return np.array([gcj02.transform_geometry(g, "wgs84") for g in self.source_geoms])
        if self._to_wgs84 is None:
            return self.source_geoms
        return _apply(self.source_geoms, self._to_wgs84)

    def locate(self, x: float, y: float, in_file_crs: bool = False) -> tuple[float, float]:
        """A point of the metric working CRS as WGS-84 lon/lat, or in the file's own CRS
        (GCJ-02 lon/lat for a GCJ-02 layer) when ``in_file_crs``."""
        move = self._metric_to_source if in_file_crs else self._metric_to_wgs84
        if move is None:
            return float(x), float(y)
        a, b = move(np.array([x], dtype=float), np.array([y], dtype=float))
        return float(np.asarray(a)[0]), float(np.asarray(b)[0])

    def locate_crs(self, in_file_crs: bool = False) -> tuple[str, bool]:
        """The CRS ``locate`` answers in, and whether it is longitude/latitude."""
        if not in_file_crs:
            return "EPSG:4326", True
        geographic = self.source_crs is None or self.source_crs.is_geographic
        return self.crs_name, geographic

    def numbers(self, column: str) -> np.ndarray:
        """A column as non-negative floats; a missing column or a bad value names itself."""
        if column not in self.columns:
            raise TerritoryError(
                f"--workload {column}",
                f"{self.path.name} has no column {column!r}; its columns are "
                f"{', '.join(self.columns) or '(none)'}",
            )
        return _as_numbers(self.columns[column], column, self.label)


def _as_numbers(values, column: str, label) -> np.ndarray:
    out = np.empty(len(values))
    for i, v in enumerate(values):
        try:
            x = float(v) if v is not None and v != "" else math.nan
        except (TypeError, ValueError):
            x = math.nan
        if not math.isfinite(x) or x < 0:
            raise TerritoryError(label(i), f"{column} is {v!r}, not a number of zero or more")
        out[i] = x
    return out


def parse_crs(text: str):
    """A CRS option: "GCJ-02" or anything pyproj reads (EPSG:4547, a WKT, a PROJ string)."""
    if text.strip().upper() in GCJ02_NAMES:
        return "GCJ-02"
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        return CRS.from_user_input(text)
    except CRSError as exc:
        raise TerritoryError("--crs", f"{text!r} is not a CRS pyproj knows ({exc})") from exc


def read_layer(
    path: str | Path, crs: str | None = None, key: str | None = None, allow_invalid: bool = False
) -> Layer:
    """Read a polygon layer; refuse it with a clear message rather than guess.

    ``crs`` overrides the file's own CRS (needed for a Shapefile without its .prj).
    Refused: an unknown format, a missing file, no features, a feature without a polygon,
    an unknown CRS, coordinates that do not fit the CRS (lon/lat out of range, or lon/lat
    in a file that says it is projected), invalid (e.g. self-intersecting) polygons.
    """
    import pyogrio
    import pyogrio.raw
    from pyogrio.errors import DataLayerError, DataSourceError

    path = Path(path)
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in READ_SUFFIXES:
        raise TerritoryError(
            name, f"cannot read {suffix or 'this'} files; give {', '.join(READ_SUFFIXES)}"
        )
    if not path.exists():
        raise TerritoryError(name, "no such file")
    try:
        meta, _fids, wkb, field_data = pyogrio.raw.read(path)[:4]
    except (DataSourceError, DataLayerError) as exc:
        raise TerritoryError(name, f"cannot be read as {READ_SUFFIXES[suffix]} ({exc})") from exc
    fields = [str(f) for f in meta["fields"]]
    columns = {f: np.asarray(d, dtype=object) for f, d in zip(fields, field_data, strict=True)}
    if suffix == ".kml":
        columns = _kml_own_columns(columns)
    if key is not None and key not in columns:
        raise TerritoryError(f"--key {key}", f"{name} has no column {key!r}")
    if wkb is None or len(wkb) == 0:
        raise TerritoryError(name, "has no features")
    geoms = shapely.from_wkb(wkb)
    layer_label = Layer(path, geoms, geoms, columns, "", key=key).label
    for i, g in enumerate(geoms):
        if g is None or g.is_empty:
            raise TerritoryError(layer_label(i), "has no geometry")
        if g.geom_type not in ("Polygon", "MultiPolygon"):
            raise TerritoryError(layer_label(i), f"is a {g.geom_type}, not a polygon")
    geoms = shapely.force_2d(geoms)

    source = parse_crs(crs) if crs else None
    if source is None:
        if not meta.get("crs"):
            hint = ""
            if suffix == ".shp":
                hint = f" (its {path.with_suffix('.prj').name} is missing)"
            raise TerritoryError(
                name,
                f"does not say its coordinate system{hint}; give it with --crs "
                "(e.g. --crs EPSG:4547 for CGCS2000 3-degree Gauss-Kruger CM 114E, "
                "--crs EPSG:4326 for lon/lat)",
            )
        from pyproj import CRS

        source = CRS.from_user_input(meta["crs"])
    if not allow_invalid:
        _check_invalid(geoms, layer_label)
    return _to_metric(path, geoms, columns, source, key, layer_label)


def _kml_own_columns(columns: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """A KML layer's columns without those the reader adds to every placemark."""
    out = {}
    for name, values in columns.items():
        if name in KML_STANDARD:
            continue
        if name in ("Name", "description") and all(v in (None, "") for v in values):
            continue
        out[name] = values
    return out


def _check_invalid(geoms: np.ndarray, label) -> None:
    bad = [i for i, ok in enumerate(shapely.is_valid(geoms)) if not ok]
    if not bad:
        return
    lines = [f"{label(i)}: {shapely.is_valid_reason(geoms[i])}" for i in bad[:SHOWN]]
    more = f"; and {len(bad) - SHOWN} more" if len(bad) > SHOWN else ""
    raise TerritoryError(
        label(bad[0]).split(" (")[0] if len(bad) == 1 else f"{len(bad)} features",
        "invalid polygon (fix it in a GIS, e.g. QGIS 'Fix geometries'): " + "; ".join(lines) + more,
    )


def _is_lonlat(xmin, ymin, xmax, ymax) -> bool:
    return -180 <= xmin and xmax <= 180 and -90 <= ymin and ymax <= 90


def _to_metric(path, geoms, columns, source, key, label) -> Layer:
    from pyproj import CRS, Transformer

    bounds = shapely.bounds(geoms)
    geographic = isinstance(source, str) or source.is_geographic
    if geographic:
        bad = np.flatnonzero(
            (bounds[:, 0] < -180)
            | (bounds[:, 2] > 180)
            | (bounds[:, 1] < -90)
            | (bounds[:, 3] > 90)
        )
        if len(bad):
            i = int(bad[0])
            raise TerritoryError(
                label(i),
                f"coordinates ({bounds[i, 0]:.0f}, {bounds[i, 1]:.0f}) are not longitude/latitude "
                f"although the layer is in {_crs_name(source)}; a GeoJSON must be WGS-84 "
                "(RFC 7946): reproject it, or say its projected CRS with --crs EPSG:xxxx",
            )
    else:
        xmin, ymin = bounds[:, 0].min(), bounds[:, 1].min()
        xmax, ymax = bounds[:, 2].max(), bounds[:, 3].max()
        if _is_lonlat(xmin, ymin, xmax, ymax) and max(xmax - xmin, ymax - ymin) < 50:
            raise TerritoryError(
                path.name,
                f"coordinates look like longitude/latitude ({xmin:.4f}, {ymin:.4f}) but the "
                f"layer says it is in the projected {_crs_name(source)}; give --crs EPSG:4326",
            )
    crs_name = _crs_name(source)
    to_wgs84 = None
    if geographic:
        lonlat = geoms
        if isinstance(source, str):
            lonlat = np.array([gcj02.transform_geometry(g, "wgs84") for g in geoms])
        elif not _is_wgs84(source):
            t = Transformer.from_crs(source, CRS.from_epsg(4326), always_xy=True)
            lonlat = _apply(geoms, t.transform)
            to_wgs84 = t.transform
        metric, back = to_metric_plane(lonlat)
        metric_to_wgs84 = back
        if isinstance(source, str):
            metric_to_source = _then(back, gcj02.wgs84_to_gcj02)
        elif to_wgs84 is None:
            metric_to_source = back
        else:
            into = Transformer.from_crs(CRS.from_epsg(4326), source, always_xy=True).transform
            metric_to_source = _then(back, into)
    else:
        factor = source.axis_info[0].unit_conversion_factor if source.axis_info else 1.0
        metric = geoms if factor == 1.0 else shapely.transform(geoms, lambda xy: xy * factor)
        t = Transformer.from_crs(source, CRS.from_epsg(4326), always_xy=True)
        to_wgs84 = t.transform

        def metric_to_source(x, y):
            return np.asarray(x) / factor, np.asarray(y) / factor

        metric_to_wgs84 = _then(metric_to_source, to_wgs84)
    own = None if isinstance(source, str) else source
    layer = Layer(path, metric, geoms, columns, crs_name, own, key=key)
    layer._to_wgs84 = to_wgs84
    layer._metric_to_wgs84 = metric_to_wgs84
    layer._metric_to_source = metric_to_source
    return layer


def to_metric_plane(lonlat: np.ndarray):
    """WGS-84 geometries in metres on a Lambert azimuthal equal-area plane centred on them,
    and the way back (``back(x, y) -> (lon, lat)``)."""
    from pyproj import CRS, Transformer

    b = shapely.total_bounds(lonlat)
    lon0, lat0 = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
    laea = CRS.from_proj4(f"+proj=laea +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m")
    t = Transformer.from_crs(CRS.from_epsg(4326), laea, always_xy=True)
    back = Transformer.from_crs(laea, CRS.from_epsg(4326), always_xy=True)
    return _apply(lonlat, t.transform), back.transform


def _then(first, second):
    def both(x, y):
        return second(*first(x, y))

    return both


def _apply(geoms: np.ndarray, transform) -> np.ndarray:
    """Geometries with every vertex moved by a pyproj-style ``transform(x, y)``."""
    return shapely.transform(geoms, lambda xy: np.column_stack(transform(xy[:, 0], xy[:, 1])))


def _is_wgs84(crs) -> bool:
    return _crs_name(crs) in ("EPSG:4326", "EPSG:4490", "OGC:CRS84") or crs.name in (
        "WGS 84",
        "WGS 84 (CRS84)",
        "China Geodetic Coordinate System 2000",
    )


def _crs_name(crs) -> str:
    if isinstance(crs, str):
        return "GCJ-02"
    auth = crs.to_authority(min_confidence=100) if not crs.srs.upper().startswith("EPSG:") else None
    if crs.srs.upper().startswith("EPSG:"):
        return crs.srs.upper()
    return f"{auth[0]}:{auth[1]}" if auth else crs.name


def read_measures(path: str | Path, key: str, column: str, layer: Layer) -> np.ndarray:
    """The workload of every feature from a CSV joined on ``key`` (a column of both)."""
    path = Path(path)
    if key not in layer.columns:
        raise TerritoryError(f"--key {key}", f"{layer.path.name} has no column {key!r}")
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except FileNotFoundError as exc:
        raise TerritoryError(path.name, "no such file") from exc
    except UnicodeDecodeError as exc:
        raise TerritoryError(path.name, "is not UTF-8 text") from exc
    header = list(rows[0]) if rows else []
    for col in (key, column):
        if col not in header:
            raise TerritoryError(
                path.name, f"has no column {col!r} (its columns: {', '.join(header)})"
            )
    values: dict[str, str] = {}
    for n, row in enumerate(rows, start=2):
        k = str(row[key]).strip()
        if k in values:
            raise TerritoryError(f"{path.name} row {n}", f"{key} {k!r} appears twice")
        values[k] = row[column]
    keys = [str(v).strip() for v in layer.columns[key]]
    missing = [k for k in keys if k not in values]
    if missing:
        raise TerritoryError(
            path.name,
            f"has no row for {len(missing)} feature(s) of {layer.path.name}: "
            + ", ".join(f"{key}={k}" for k in missing[:SHOWN]),
        )
    return _as_numbers([values[k] for k in keys], column, lambda i: f"{path.name} {key}={keys[i]}")


def write_partition(layer: Layer, grid: np.ndarray, out: str | Path, column: str = "grid") -> Path:
    """Write the units with their grid number, all or nothing (a temporary file, renamed).

    GeoJSON and KML are written in WGS-84, Shapefile and GeoPackage in the layer's own CRS;
    a CSV holds the key (or the feature number) and the grid.
    """
    import pyogrio.raw

    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in WRITE_SUFFIXES:
        raise TerritoryError(f"--out {out.name}", f"cannot write {suffix or 'this'} files; give "
                             f"{', '.join(WRITE_SUFFIXES)}")  # fmt: skip
    if column in layer.columns:
        raise TerritoryError(f"--out {out.name}", f"the layer already has a column {column!r}")
    if not out.parent.exists():
        raise TerritoryError(f"--out {out}", "its folder does not exist")
    tmp = Path(tempfile.mkdtemp(prefix=".territory-", dir=out.parent))
    try:
        target = tmp / out.name
        if suffix == ".csv":
            keys = layer.columns[layer.key] if layer.key else np.arange(1, len(layer) + 1)
            with target.open("w", encoding="utf-8", newline="") as fh:
                w = csv.writer(fh)
                w.writerow([layer.key or "feature", column])
                w.writerows(zip(keys, (int(g) for g in grid), strict=True))
        else:
            lonlat = suffix in (".geojson", ".json", ".kml")
            geoms = layer.wgs84_geoms() if lonlat else layer.source_geoms
            crs = "EPSG:4326"
            if not lonlat:
                crs = layer.source_crs.to_wkt() if layer.source_crs else None
            fields = [*layer.columns, column]
            data = [_plain(v) for v in layer.columns.values()] + [np.asarray(grid, dtype=np.int64)]
            if suffix == ".kml":  # KML has no 64-bit integers: written as 32-bit when they fit
                data = [_int32_if_fits(d) for d in data]
            pyogrio.raw.write(
                target, shapely.to_wkb(geoms), data, fields, driver=WRITE_SUFFIXES[suffix],
                geometry_type="Unknown", crs=crs,
            )  # fmt: skip
        written = sorted(tmp.iterdir())
        for f in written:
            os.replace(f, out.parent / f.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def _int32_if_fits(values: np.ndarray) -> np.ndarray:
    if values.dtype == np.int64 and (len(values) == 0 or np.abs(values).max() < 2**31):
        return values.astype(np.int32)
    return values


def _plain(values: np.ndarray) -> np.ndarray:
    """An object column as a type GDAL writes: numbers stay numbers, the rest text."""
    if all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in values):
        return np.asarray(values, dtype=np.int64)
    if all(isinstance(v, (int, float, np.number)) for v in values):
        return np.asarray(values, dtype=float)
    return np.asarray(["" if v is None else str(v) for v in values], dtype=object)
