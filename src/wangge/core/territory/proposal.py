"""A proposal for the grids of one area, from the database's plain data: the designer
(k grids afresh) or the re-cut (today's grids, rebalanced with as few moves as possible).

The atomic units are the area's places. Their polygons are the Voronoi cells of the
places of each grid clipped to that grid's boundary, so today's grids are exactly a
partition of the units and the re-cut starts from them. A place whose point lies outside
its grid's boundary gets no cell; it is left where it is and said so. Proposed grids are
named after today's grids they share most workload with (a one-to-one matching), so an
accepted proposal moves places between grids that exist; grids beyond today's count are
new, today's grids left without a match are emptied.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import shapely

from wangge.core.territory import TerritoryError
from wangge.core.territory.design import design, fixed_clusters
from wangge.core.territory.graph import build_graph
from wangge.core.territory.layers import _apply, to_metric_plane
from wangge.core.territory.metrics import Metrics, measure
from wangge.core.territory.recut import recut

DESIGN = "design"
RECUT = "recut"


@dataclass
class Area:
    """Today's grids of an area (codes, WGS-84 polygons) and their places."""

    grid_codes: list[str]
    grid_shapes: list  # shapely polygons, lon/lat
    place_codes: list[str]
    lonlat: np.ndarray  # (n, 2)
    place_grid: np.ndarray  # index into grid_codes
    workload: np.ndarray
    fixed: np.ndarray  # bool: places of a kind chosen to be grids of their own


def metrics_dict(m: Metrics) -> dict:
    return {
        "grids": m.grids,
        "fixed": m.fixed,
        "max_deviation": round(m.max_deviation, 6),
        "contiguous": round(m.contiguous, 6),
        "median_polsby_popper": round(m.median_polsby_popper, 4),
        "cut_edges": m.cut_edges,
        "seconds": round(m.seconds, 2),
    }


def _cells(area: Area):
    """Each place's cell in metres (None when its point is outside its grid), and the
    way back to lon/lat."""
    pts = shapely.points(area.lonlat)
    shapes = np.asarray(area.grid_shapes, dtype=object)
    metric, back = to_metric_plane(np.concatenate([shapes, pts]))
    grid_m, pts_m = metric[: len(shapes)], metric[len(shapes) :]
    cells = np.full(len(pts_m), None, dtype=object)
    for g, poly in enumerate(grid_m):
        poly = shapely.make_valid(poly)
        idx = np.flatnonzero(area.place_grid == g)
        if len(idx) == 1:
            parts = [poly]
        elif len(idx) > 1:
            vor = shapely.voronoi_polygons(shapely.multipoints(pts_m[idx]), extend_to=poly,
                                           ordered=True)  # fmt: skip
            parts = [shapely.intersection(c, poly) for c in vor.geoms]
        else:
            continue
        for i, cell in zip(idx, parts, strict=True):
            if poly.contains(pts_m[i]) and not cell.is_empty:
                cells[i] = _polygonal(cell)
    return cells, back


def _polygonal(geom):
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [p for p in getattr(geom, "geoms", []) if p.geom_type == "Polygon"]
    return shapely.MultiPolygon(parts) if parts else None


def _match(new: np.ndarray, old: np.ndarray, w: np.ndarray, k: int, kc: int) -> np.ndarray:
    """For each proposed grid, today's grid (index) it keeps the name of, or -1."""
    from scipy.optimize import linear_sum_assignment

    shared = np.zeros((k, kc))
    np.add.at(shared, (new, old), w + 1e-9)
    rows, cols = linear_sum_assignment(-shared)
    out = np.full(k, -1, dtype=np.int64)
    out[rows] = cols
    return out


def propose(
    area: Area,
    k: int,
    tolerance: float,
    mode: str = DESIGN,
    seed: int = 0,
    time_limit: float = 60.0,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict:
    """The proposal as plain data: its grids (code or None for a new one, workload,
    places, WGS-84 shape), each place's proposed grid, the moves, and the metrics of
    the proposal and of today's grids on the same units."""
    kc = len(area.grid_codes)
    if kc == 0:
        raise TerritoryError("area", "has no grids with a boundary to start from")
    cells, back = _cells(area)
    keep = np.flatnonzero([c is not None for c in cells])
    notes = [f"place {area.place_codes[i]} lies outside its grid's boundary; left where it is"
             for i in np.flatnonzero([c is None for c in cells])]  # fmt: skip
    if len(keep) == 0:
        raise TerritoryError("area", "has no places inside its grids")
    geoms = np.array([cells[i] for i in keep], dtype=object)
    w = np.asarray(area.workload, dtype=float)[keep]
    old = np.asarray(area.place_grid)[keep]
    if progress:
        progress("adjacency", 0, 1)
    graph = build_graph(geoms)
    if graph.joins:
        notes.append(f"{len(graph.joins)} place(s) with no neighbour joined to the nearest")
    if mode == RECUT:
        fixed_grids = {g for g in range(kc) if np.all(area.fixed[keep][old == g])
                       and np.any(old == g)}  # fmt: skip
        r = recut(graph, w, old, kc, tolerance=tolerance, fixed=fixed_grids,
                  time_limit=time_limit)  # fmt: skip
        new, k, fixed, seconds = r.grid, kc, fixed_grids, r.seconds
        names = np.arange(kc)
    else:
        clusters = fixed_clusters(graph, np.asarray(area.fixed)[keep])
        d = design(graph, w, k, tolerance, clusters, seed=seed,
                   label=lambda i: f"place {area.place_codes[keep[i]]}",
                   time_limit=time_limit, progress=progress)  # fmt: skip
        new, fixed, seconds = d.grid, d.fixed, d.seconds
        names = _match(new, old, w, k, kc)
    if progress:
        progress("metrics", 0, 1)
    proposed = measure(graph, geoms, w, new, k, fixed, seconds)
    today = measure(graph, geoms, w, old, kc, set(), 0.0)
    grids = []
    for g in range(k):
        members = np.flatnonzero(new == g)
        shape = shapely.union_all(shapely.buffer(geoms[members], 0.5, quad_segs=1)).buffer(
            -0.5, quad_segs=1
        )
        shape = _apply(np.array([shapely.simplify(shape, 2.0)]), back)[0]
        code = area.grid_codes[names[g]] if names[g] >= 0 else None
        grids.append({
            "code": code,
            "fixed": g in fixed,
            "workload": round(float(w[members].sum()), 2),
            "places": len(members),
            "shape": shapely.geometry.mapping(shapely.set_precision(shape, 1e-7)),
        })  # fmt: skip
    assignment = {area.place_codes[keep[i]]: int(new[i]) for i in range(len(keep))}
    moves = [
        {"place": area.place_codes[keep[i]], "from": area.grid_codes[old[i]],
         "to": grids[new[i]]["code"], "to_grid": int(new[i]), "workload": float(w[i])}
        for i in range(len(keep))
        if grids[new[i]]["code"] != area.grid_codes[old[i]]
    ]  # fmt: skip
    closed = [area.grid_codes[i] for i in range(kc) if i not in set(names.tolist())]
    return {
        "mode": mode,
        "k": k,
        "tolerance": tolerance,
        "grids": grids,
        "assignment": assignment,
        "moves": moves,
        "closed": closed,
        "metrics": metrics_dict(proposed),
        "current": metrics_dict(today),
        "moved_share": round(len(moves) / len(keep), 6),
        "notes": notes,
    }
