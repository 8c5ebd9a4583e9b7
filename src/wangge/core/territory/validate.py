"""Checks of drawn grids: each grid valid and closed, no overlap and no gap between the
grids of one center (beyond a tolerance in square metres), every place inside exactly
one grid. Each problem names its grids or place and where it is (a point inside it):
found in metres, then told in lon/lat (``Problem.at``) for the person who has to fix it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import shapely

DEFAULT_AREA_M2 = 1.0  # overlaps and gaps smaller than this are digitising noise


@dataclass(frozen=True)
class Problem:
    kind: str  # invalid, overlap, gap, place_outside, place_in_several
    features: tuple[str, ...]  # the grids (or the place, then its grids) concerned
    x: float  # a point of the problem: in the metric CRS checked, until ``at`` moves it
    y: float
    area_m2: float = 0.0
    detail: str = ""
    crs: str = ""  # the CRS of x, y once told ("EPSG:4326", "GCJ-02", ...); "" = metres
    lonlat: bool = False  # x, y are longitude and latitude
    shape: object = field(default=None, compare=False)  # the gap or overlap itself

    def at(self, x: float, y: float, crs: str, lonlat: bool) -> Problem:
        """The same problem located at (x, y) of ``crs``."""
        return replace(self, x=x, y=y, crs=crs, lonlat=lonlat)

    def where(self) -> str:
        if self.lonlat:
            name = "WGS-84" if self.crs in ("", "EPSG:4326") else self.crs
            return f"at lon {self.x:.6f}, lat {self.y:.6f} ({name})"
        return f"at ({self.x:.2f}, {self.y:.2f}) {self.crs or 'm'}"

    def text(self) -> str:
        names = ", ".join(self.features)
        where = self.where()
        if self.kind == "invalid":
            return f"{names}: invalid polygon ({self.detail}) {where}"
        if self.kind == "overlap":
            return f"{names} overlap by {self.area_m2:.0f} m² {where}"
        if self.kind == "gap":
            return f"gap of {self.area_m2:.0f} m² between the grids of {names} {where}"
        if self.kind == "place_outside":
            return f"{names} is inside no grid {where}"
        return (
            f"{names[0] if self.features else ''} is inside several grids: "
            + ", ".join(self.features[1:])
            + f" {where}"
        )


def _at(geom) -> tuple[float, float]:
    p = shapely.point_on_surface(geom)
    return float(p.x), float(p.y)


def check_grids(
    geoms: np.ndarray,
    names: list[str],
    centers: list[str] | None = None,
    center_shapes: dict[str, object] | None = None,
    min_area_m2: float = DEFAULT_AREA_M2,
) -> list[Problem]:
    """Problems of grid polygons in a metric CRS; ``centers`` groups them (gaps and
    overlaps are looked for within a center); a center's own outline, when given, also
    finds gaps along its edge."""
    problems: list[Problem] = []
    valid = shapely.is_valid(geoms)
    for i in np.flatnonzero(~valid):
        reason = shapely.is_valid_reason(geoms[i])
        x, y = _at(shapely.make_valid(geoms[i]))
        problems.append(Problem("invalid", (names[i],), x, y, detail=reason))
    fixed = np.array([g if ok else shapely.make_valid(g) for g, ok in zip(geoms, valid,
                      strict=True)])  # fmt: skip
    centers = centers or [""] * len(geoms)
    tree = shapely.STRtree(fixed)
    left, right = tree.query(fixed, predicate="intersects")
    for i, j in zip(left.tolist(), right.tolist(), strict=True):
        if i >= j or centers[i] != centers[j]:
            continue
        inter = shapely.intersection(fixed[i], fixed[j])
        if inter.area > min_area_m2:
            x, y = _at(inter)
            problems.append(Problem("overlap", (names[i], names[j]), x, y, inter.area, shape=inter))
    for c in sorted(set(centers)):
        members = [i for i, cc in enumerate(centers) if cc == c]
        union = shapely.union_all(fixed[members])
        holes = []
        for part in getattr(union, "geoms", [union]):
            # a hole less what lies inside it (a grid drawn inside a ring of others)
            for r in getattr(part, "interiors", []):
                rest = shapely.difference(shapely.Polygon(r), union)
                holes.extend(getattr(rest, "geoms", [rest]))
        if center_shapes and c in center_shapes:
            rest = shapely.difference(center_shapes[c], union)
            holes.extend(getattr(rest, "geoms", [rest]))
        for hole in holes:
            if hole.is_empty or hole.area <= min_area_m2:
                continue
            x, y = _at(hole)
            problems.append(Problem("gap", (c or "the layer",), x, y, hole.area, shape=hole))
    return problems


def check_places(
    grid_geoms: np.ndarray,
    grid_names: list[str],
    points: np.ndarray,
    place_names: list[str],
    tolerance_m: float = 0.0,
) -> list[Problem]:
    """Places (points) inside no grid or inside more than one (beyond ``tolerance_m``
    from a grid's edge, so a point on a shared border counts once)."""
    tree = shapely.STRtree(grid_geoms)
    shrunk = grid_geoms if tolerance_m == 0 else shapely.buffer(grid_geoms, -tolerance_m)
    pts, grids = tree.query(points, predicate="intersects")
    inside: dict[int, list[int]] = {}
    for p, g in zip(pts.tolist(), grids.tolist(), strict=True):
        inside.setdefault(p, []).append(g)
    problems = []
    for p, pt in enumerate(points):
        hits = inside.get(p, [])
        if len(hits) > 1:
            strict_hits = [g for g in hits if shrunk[g].contains(pt)]
            hits = strict_hits if strict_hits else hits[:1]
            hits = sorted(hits)
        if not hits:
            problems.append(Problem("place_outside", (place_names[p],), pt.x, pt.y))
        elif len(hits) > 1:
            names = (place_names[p], *(grid_names[g] for g in hits))
            problems.append(Problem("place_in_several", names, pt.x, pt.y))
    return problems


def check_lonlat(
    grids: list,
    grid_names: list[str],
    centers: list[str],
    places: list[tuple[float, float]],
    place_names: list[str],
    min_area_m2: float = DEFAULT_AREA_M2,
    tolerance_m: float = 1.0,
) -> list[Problem]:
    """``check_grids`` and ``check_places`` on WGS-84 grid polygons and place points (the
    web map's data), in metres on a plane centred on them; every problem told back in
    WGS-84 lon/lat, its gap or overlap shape too."""
    from wangge.core.territory.layers import _apply, to_metric_plane

    if not grids:
        return []
    shapes = np.asarray(grids, dtype=object)
    points = shapely.points(np.asarray(places, dtype=float).reshape(-1, 2))
    metric, back = to_metric_plane(np.concatenate([shapes, points]))
    grid_m, place_m = metric[: len(shapes)], metric[len(shapes) :]
    found = check_grids(grid_m, grid_names, centers, min_area_m2=min_area_m2)
    if len(place_m):
        found += check_places(
            np.array([shapely.make_valid(g) for g in grid_m]), grid_names, place_m, place_names,
            tolerance_m,
        )  # fmt: skip
    out = []
    for p in found:
        lon, lat = back(np.array([p.x]), np.array([p.y]))
        shape = None if p.shape is None else _apply(np.array([p.shape]), back)[0]
        out.append(replace(p.at(float(lon[0]), float(lat[0]), "EPSG:4326", True), shape=shape))
    return out
