"""Where things are: districts, their territories, the grids that tile them, points inside grids.

Geometry is computed in a local kilometre plane around the city centre so that
Voronoi cells are not stretched by the longitude shrink at 36°N, then turned into
lon/lat rounded to six decimals (about 0.1 m). Everything that must lie inside a
grid is tested against the rounded polygon that is written out, so a reader that
re-parses the GeoJSON gets the same containment answer.
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass
from importlib import resources

import numpy as np
import shapely
from shapely.geometry import MultiPoint, Point, Polygon
from shapely.geometry.base import BaseGeometry

KM_PER_DEG_LAT = 110.574
URBAN_RADIUS_KM = 7.0
COUNTY_RADIUS_KM = 18.0
URBAN_FAR_RADIUS_KM = 14.0  # a district far from the core (长清) is suburban in size


@dataclass(frozen=True)
class District:
    adcode: str
    name: str
    urban: bool
    lon: float
    lat: float


@dataclass(frozen=True)
class CityTemplate:
    adcode: str
    name: str
    lon: float
    lat: float
    districts: tuple[District, ...]


def load_jinan() -> CityTemplate:
    """Jinan's districts from the bundled table: districts are urban, counties rural."""
    text = (
        resources.files("wangge.core.demo")
        .joinpath("data/jinan_districts.csv")
        .read_text(encoding="utf-8")
    )
    rows = list(csv.DictReader(text.splitlines()))
    city = next(r for r in rows if r["kind"] == "city")
    districts = tuple(
        District(
            adcode=r["adcode"],
            name=r["name"],
            urban=r["kind"] == "district",
            lon=float(r["longitude"]),
            lat=float(r["latitude"]),
        )
        for r in rows
        if r["kind"] != "city"
    )
    return CityTemplate(
        city["adcode"], city["name"], float(city["longitude"]), float(city["latitude"]), districts
    )


@dataclass(frozen=True)
class Plane:
    """A local equirectangular projection, good to a few metres over a city."""

    lon0: float
    lat0: float

    @property
    def km_per_deg_lon(self) -> float:
        return KM_PER_DEG_LAT * math.cos(math.radians(self.lat0)) * 1.0033

    def to_km(self, lon: np.ndarray | float, lat: np.ndarray | float) -> tuple:
        return (
            (np.asarray(lon) - self.lon0) * self.km_per_deg_lon,
            (np.asarray(lat) - self.lat0) * KM_PER_DEG_LAT,
        )

    def to_lonlat(self, x: np.ndarray | float, y: np.ndarray | float) -> tuple:
        return (
            np.round(np.asarray(x) / self.km_per_deg_lon + self.lon0, 6),
            np.round(np.asarray(y) / KM_PER_DEG_LAT + self.lat0, 6),
        )

    def polygon_to_lonlat(self, poly: Polygon) -> Polygon:
        x, y = np.asarray(poly.exterior.coords).T
        lon, lat = self.to_lonlat(x, y)
        out = Polygon(np.column_stack([lon, lat]))
        if not out.is_valid:
            out = shapely.make_valid(out)
            if out.geom_type != "Polygon":
                out = max(getattr(out, "geoms", [out]), key=lambda g: g.area)
        return out


def district_radius_km(district: District, city: CityTemplate) -> float:
    if not district.urban:
        return COUNTY_RADIUS_KM
    plane = Plane(city.lon, city.lat)
    x, y = plane.to_km(district.lon, district.lat)
    return URBAN_FAR_RADIUS_KM if math.hypot(float(x), float(y)) > 20 else URBAN_RADIUS_KM


def district_territories(city: CityTemplate) -> list[Polygon]:
    """One polygon per district (in km): its Voronoi share of the city, clipped to a circle.

    Real seats of neighbouring districts sit only a few kilometres apart, so a
    plain circle each would overlap; the Voronoi cut keeps territories disjoint.
    """
    plane = Plane(city.lon, city.lat)
    xs, ys = plane.to_km([d.lon for d in city.districts], [d.lat for d in city.districts])
    points = MultiPoint(list(zip(xs.tolist(), ys.tolist(), strict=True)))
    envelope = shapely.box(xs.min() - 60, ys.min() - 60, xs.max() + 60, ys.max() + 60)
    cells = shapely.voronoi_polygons(points, extend_to=envelope, ordered=True)
    out = []
    for d, cell, x, y in zip(city.districts, cells.geoms, xs, ys, strict=True):
        circle = Point(float(x), float(y)).buffer(district_radius_km(d, city), quad_segs=16)
        out.append(cell.intersection(circle))
    return out


def sample_in_polygon(
    rng: np.random.Generator, poly: BaseGeometry, n: int, *, centre=None, spread_km: float = 0.0
) -> np.ndarray:
    """``n`` points strictly inside ``poly``, uniform or pulled towards ``centre``.

    With ``spread_km`` the acceptance falls off as exp(-d / spread), which is how a
    city is denser near its core than on its edge.
    """
    if n == 0:
        return np.zeros((0, 2))
    minx, miny, maxx, maxy = poly.bounds
    shapely.prepare(poly)
    got: list[np.ndarray] = []
    have = 0
    while have < n:
        k = max(64, 4 * (n - have))
        x = rng.uniform(minx, maxx, k)
        y = rng.uniform(miny, maxy, k)
        keep = shapely.contains_xy(poly, x, y)
        if centre is not None and spread_km > 0:
            d = np.hypot(x - centre[0], y - centre[1])
            keep &= rng.random(k) < np.exp(-d / spread_km) * 0.9 + 0.1
        pts = np.column_stack([x[keep], y[keep]])
        got.append(pts)
        have += len(pts)
    return np.concatenate(got)[:n]


def tile_territory(
    rng: np.random.Generator,
    territory: Polygon,
    n: int,
    centre: tuple[float, float],
    spread_km: float,
) -> tuple[list[Polygon], np.ndarray]:
    """Cut a territory into ``n`` non-overlapping grid cells around density-weighted seeds."""
    seeds = sample_in_polygon(rng, territory, n, centre=centre, spread_km=spread_km)
    if n == 1:
        return [territory], seeds
    cells = shapely.voronoi_polygons(MultiPoint(seeds.tolist()), extend_to=territory, ordered=True)
    polys = []
    for cell in cells.geoms:
        piece = cell.intersection(territory)
        if piece.geom_type != "Polygon":
            piece = max(piece.geoms, key=lambda g: g.area)
        polys.append(piece)
    return polys, seeds


def geojson(poly: Polygon) -> str:
    """A GeoJSON Polygon text with the exterior ring only (grids have no holes)."""
    coords = [[round(x, 6), round(y, 6)] for x, y in poly.exterior.coords]
    return json.dumps({"type": "Polygon", "coordinates": [coords]}, separators=(",", ":"))


def sample_lonlat_in(rng: np.random.Generator, poly: Polygon, n: int) -> np.ndarray:
    """Points inside a lon/lat polygon, rounded as written and re-checked after rounding."""
    out: list[np.ndarray] = []
    have = 0
    while have < n:
        pts = np.round(sample_in_polygon(rng, poly, n - have), 6)
        ok = shapely.contains_xy(poly, pts[:, 0], pts[:, 1])
        out.append(pts[ok])
        have += int(ok.sum())
    return np.concatenate(out)[:n]
