import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.sparse.csgraph import connected_components

from wangge.core.territory import Infeasible, TerritoryError
from wangge.core.territory.design import design, fixed_clusters
from wangge.core.territory.graph import build_graph, to_csr
from wangge.core.territory.metrics import deviation, measure


def block(nx, ny, cell=100.0):
    return np.array(
        [shapely.box(i * cell, j * cell, (i + 1) * cell, (j + 1) * cell)
         for i in range(nx) for j in range(ny)]
    )  # fmt: skip


def contiguous(graph, grid, k):
    e = graph.edges
    same = grid[e[:, 0]] == grid[e[:, 1]]
    _, lab = connected_components(to_csr(graph.n, e[same]), directed=False)
    return all(len(np.unique(lab[grid == g])) == 1 for g in range(k))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    nx=st.integers(6, 14), ny=st.integers(6, 14), k=st.integers(2, 8),
    seed=st.integers(0, 10_000), fixed_at=st.integers(0, 10_000),
)  # fmt: skip
def test_constraints_hold_on_random_instances(nx, ny, k, seed, fixed_at):
    geoms = block(nx, ny)
    graph = build_graph(geoms)
    rng = np.random.default_rng(seed)
    w = rng.integers(20, 60, len(geoms)).astype(float)
    cluster = np.zeros(len(geoms), dtype=bool)
    cluster[fixed_at % len(geoms)] = True  # one park: a unit of its own
    clusters = fixed_clusters(graph, cluster)
    d = design(graph, w, k + 1, 0.10, clusters, seed=seed)
    assert contiguous(graph, d.grid, k + 1)
    assert set(np.flatnonzero(d.grid == 0)) == {fixed_at % len(geoms)} and d.fixed == {0}
    loads = np.bincount(d.grid, weights=w, minlength=k + 1)
    assert deviation(loads, d.fixed) <= 0.10
    assert (loads > 0).all()


def test_a_block_is_balanced_tightly():
    geoms = block(30, 30)
    graph = build_graph(geoms)
    w = np.random.default_rng(3).lognormal(3, 0.6, len(geoms))
    d = design(graph, w, 20, 0.05)
    m = measure(graph, geoms, w, d.grid, 20, d.fixed, d.seconds)
    assert m.max_deviation < 0.05 and m.contiguous == 1.0
    assert any(line.startswith("max deviation ") and line.endswith("%") for line in m.lines())


def test_a_river_splits_the_grids():
    geoms = block(10, 4)
    river = shapely.LineString([(500, -10), (500, 410)])
    graph = build_graph(geoms, barriers=[river])
    d = design(graph, np.ones(40), 4, 0.05)
    left = np.array([g.centroid.x < 500 for g in geoms])
    for g in range(4):
        sides = set(left[d.grid == g].tolist())
        assert len(sides) == 1


def test_bad_requests_are_explained():
    geoms = block(3, 3)
    graph = build_graph(geoms)
    with pytest.raises(TerritoryError, match="10 grids asked for, but the layer has only 9"):
        design(graph, np.ones(9), 10)
    w = np.ones(9)
    w[4] = 50
    with pytest.raises(Infeasible, match=r"feature 5: its workload 50 alone"):
        design(graph, w, 3, 0.1)
    with pytest.raises(Infeasible, match=r"no partition within ±1\.0%"):
        design(graph, np.arange(1, 10, dtype=float), 2, 0.01)
    river = shapely.LineString([(100, -10), (100, 310)])  # 3 units | 6 units
    cut = build_graph(geoms, barriers=[river])
    with pytest.raises(Infeasible, match="cut off by hard boundaries"):
        design(cut, np.ones(9), 2, 0.05)
