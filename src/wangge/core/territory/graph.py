"""The adjacency of units: which polygons share a border, robust to slivers and islands.

Two units are neighbours when they share a stretch of border longer than a few buffer
widths, counted with a small buffer (default 2 m) so that digitising slivers and tiny gaps
do not cut a neighbourhood; touching at a corner does not count (rook, not queen). Units
left apart (islands, an exclave across a gap wider than the buffer) are joined to their
nearest unit, and each such join is reported. Hard boundaries then remove edges: lines
(rivers, main roads) crossing the segment between two units' inner points, and a column
(a county or center code) whose value must not change within a grid.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components

DEFAULT_BUFFER_M = 2.0
#: a shared border shorter than this many buffer widths is a corner touch, not a border
CORNER_WIDTHS = 3.0


@dataclass(frozen=True)
class Join:
    """An island joined to its nearest unit: both units and the gap in metres."""

    island: int
    to: int
    gap_m: float


@dataclass
class Graph:
    n: int
    edges: np.ndarray  # (m, 2) int, i < j
    joins: list[Join] = field(default_factory=list)
    cut_by_barrier: int = 0
    cut_by_column: int = 0
    _csr: csr_matrix | None = field(default=None, repr=False)

    @property
    def csr(self) -> csr_matrix:
        if self._csr is None:
            self._csr = to_csr(self.n, self.edges)
        return self._csr

    def neighbours(self) -> list[np.ndarray]:
        c = self.csr
        return [c.indices[c.indptr[i] : c.indptr[i + 1]] for i in range(self.n)]


def to_csr(n: int, edges: np.ndarray) -> csr_matrix:
    e = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    rows = np.concatenate([e[:, 0], e[:, 1]])
    cols = np.concatenate([e[:, 1], e[:, 0]])
    m = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n)).tocsr()
    m.data[:] = 1
    return m


def touching_pairs(geoms: np.ndarray, buffer_m: float = DEFAULT_BUFFER_M) -> np.ndarray:
    """(i, j) pairs, i < j, sharing more than a corner of border within ``buffer_m``."""
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="dwithin", distance=buffer_m)
    keep = left < right
    left, right = left[keep], right[keep]
    if len(left) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    grown = shapely.buffer(geoms, buffer_m, quad_segs=2)
    shared = shapely.length(shapely.intersection(grown[left], shapely.boundary(geoms[right])))
    ok = shared > CORNER_WIDTHS * buffer_m
    return np.column_stack([left[ok], right[ok]]).astype(np.int64)


def join_islands(geoms: np.ndarray, edges: np.ndarray) -> tuple[np.ndarray, list[Join]]:
    """Edges plus one edge from every piece not connected to the rest to its nearest unit
    outside it, repeated until the whole is one piece."""
    n = len(geoms)
    joins: list[Join] = []
    edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    while True:
        count, label = connected_components(to_csr(n, edges), directed=False)
        if count <= 1:
            return edges, joins
        sizes = np.bincount(label)
        main = int(np.argmax(sizes))
        new = []
        for comp in range(count):
            if comp == main:
                continue
            inside = np.flatnonzero(label == comp)
            outside = np.flatnonzero(label != comp)
            tree = shapely.STRtree(geoms[outside])
            (src, dst), dist = tree.query_nearest(
                geoms[inside], return_distance=True, all_matches=False
            )
            best = int(np.argmin(dist))
            a, b = int(inside[src[best]]), int(outside[dst[best]])
            joins.append(Join(a, b, float(dist[best])))
            new.append((min(a, b), max(a, b)))
        edges = np.unique(np.vstack([edges, np.array(new, dtype=np.int64)]), axis=0)


def barrier_cuts(geoms: np.ndarray, edges: np.ndarray, barriers) -> np.ndarray:
    """Which edges cross a barrier line: the segment between the two units' inner points
    meets the line."""
    if barriers is None or len(barriers) == 0 or len(edges) == 0:
        return np.zeros(len(edges), dtype=bool)
    pts = shapely.get_coordinates(shapely.point_on_surface(geoms))
    segs = shapely.linestrings(np.stack([pts[edges[:, 0]], pts[edges[:, 1]]], axis=1))
    tree = shapely.STRtree(np.asarray(barriers))
    hit, _ = tree.query(segs, predicate="intersects")
    cut = np.zeros(len(edges), dtype=bool)
    cut[hit] = True
    return cut


def build_graph(
    geoms: np.ndarray,
    buffer_m: float = DEFAULT_BUFFER_M,
    barriers=None,
    within: np.ndarray | None = None,
) -> Graph:
    """The adjacency graph of units in a metric CRS, islands joined, hard boundaries cut."""
    edges = touching_pairs(geoms, buffer_m)
    edges, joins = join_islands(geoms, edges)
    cut = barrier_cuts(geoms, edges, barriers)
    by_column = np.zeros(len(edges), dtype=bool)
    if within is not None and len(edges):
        w = np.asarray(within, dtype=object)
        by_column = w[edges[:, 0]] != w[edges[:, 1]]
    keep = ~(cut | by_column)
    return Graph(
        n=len(geoms),
        edges=edges[keep],
        joins=joins,
        cut_by_barrier=int(cut.sum()),
        cut_by_column=int((by_column & ~cut).sum()),
    )
