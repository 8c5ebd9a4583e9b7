"""How good a partition is: balance, contiguity, compactness, cut edges."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely
from scipy.sparse.csgraph import connected_components

from wangge.core.territory.graph import DEFAULT_BUFFER_M, Graph


@dataclass(frozen=True)
class Metrics:
    grids: int
    fixed: int
    max_deviation: float  # share of the mean, over the grids that are not fixed clusters
    contiguous: float  # share of grids in one connected piece
    median_polsby_popper: float
    cut_edges: int
    seconds: float

    def lines(self) -> list[str]:
        """One measure a line, as the command prints them."""
        return [
            f"grids {self.grids}",
            f"fixed clusters {self.fixed}",
            f"max deviation {self.max_deviation * 100:.2f}%",
            f"contiguous {self.contiguous * 100:.1f}%",
            f"median Polsby-Popper {self.median_polsby_popper:.3f}",
            f"cut edges {self.cut_edges}",
            f"run time {self.seconds:.1f} s",
        ]


def deviation(loads: np.ndarray, fixed: set[int]) -> float:
    free = [g for g in range(len(loads)) if g not in fixed]
    lf = loads[free]
    m = lf.mean() if len(lf) else 0.0
    return float(np.max(np.abs(lf - m)) / m) if m > 0 else 0.0


def contiguous_share(graph: Graph, grid: np.ndarray, k: int) -> float:
    """Share of grids whose units form one connected piece of the adjacency graph."""
    e = graph.edges
    same = grid[e[:, 0]] == grid[e[:, 1]]
    from wangge.core.territory.graph import to_csr

    _, label = connected_components(to_csr(graph.n, e[same]), directed=False)
    pieces = np.zeros(k, dtype=np.int64)
    for g in range(k):
        members = label[grid == g]
        pieces[g] = len(np.unique(members))
    return float(np.mean(pieces == 1))


def polsby_popper(geoms: np.ndarray, grid: np.ndarray, k: int, buffer_m=DEFAULT_BUFFER_M):
    """4πA/P² of each grid's outline (units merged with the adjacency buffer closing
    slivers), in a metric CRS."""
    grown = shapely.buffer(geoms, buffer_m, quad_segs=1)
    out = np.zeros(k)
    order = np.argsort(grid, kind="stable")
    bounds = np.searchsorted(grid[order], np.arange(k + 1))
    for g in range(k):
        members = order[bounds[g] : bounds[g + 1]]
        if len(members) == 0:
            continue
        shape = shapely.union_all(grown[members]).buffer(-buffer_m, quad_segs=1)
        p = shape.length
        out[g] = 4 * math.pi * shape.area / (p * p) if p > 0 else 0.0
    return out


def measure(graph, geoms, weights, grid, k, fixed, seconds) -> Metrics:
    loads = np.bincount(grid, weights=weights, minlength=k)
    e = graph.edges
    return Metrics(
        grids=k,
        fixed=len(fixed),
        max_deviation=deviation(loads, fixed),
        contiguous=contiguous_share(graph, grid, k),
        median_polsby_popper=float(np.median(polsby_popper(geoms, grid, k))),
        cut_edges=int(np.count_nonzero(grid[e[:, 0]] != grid[e[:, 1]])),
        seconds=seconds,
    )


def kmeans_baseline(geoms: np.ndarray, weights: np.ndarray, k: int, seed: int = 0) -> np.ndarray:
    """The naive baseline: k-means on the units' inner points, weighted by workload."""
    from sklearn.cluster import KMeans

    pts = shapely.get_coordinates(shapely.point_on_surface(geoms))
    km = KMeans(n_clusters=k, n_init=1, random_state=seed)
    return km.fit_predict(pts, sample_weight=np.maximum(weights, 1e-9)).astype(np.int64)
