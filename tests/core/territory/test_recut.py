import numpy as np
import pytest
import shapely

from tests.core.territory.test_design import block, contiguous
from wangge.core.territory import Infeasible
from wangge.core.territory.design import design, fixed_clusters
from wangge.core.territory.graph import build_graph
from wangge.core.territory.metrics import deviation
from wangge.core.territory.recut import flag, recut


def test_drifted_grids_are_flagged_and_rebalanced_with_few_moves():
    geoms = block(24, 24)
    graph = build_graph(geoms)
    rng = np.random.default_rng(5)
    w = rng.integers(20, 60, len(geoms)).astype(float)
    park = np.zeros(len(geoms), dtype=bool)
    park[[0, 1, 24, 25]] = True
    d = design(graph, w, 17, 0.05, fixed_clusters(graph, park))
    drifted = [3, 7, 11]
    w2 = w.copy()
    w2[np.isin(d.grid, drifted)] *= 1.35
    w2[park] *= 2  # a drifting fixed cluster still never moves
    loads = np.bincount(d.grid, weights=w2, minlength=17)
    assert set(flag(loads, d.fixed)) == set(drifted)
    r = recut(graph, w2, d.grid, tolerance=0.10, fixed=d.fixed)
    assert r.flagged and set(r.flagged) == set(drifted)
    new_loads = np.bincount(r.grid, weights=w2, minlength=17)
    assert deviation(new_loads, d.fixed) <= 0.10 + 1e-9
    assert contiguous(graph, r.grid, 17)
    assert (r.grid[park] == d.grid[park]).all() and not (r.grid[~park] == 0).any()
    moved = np.flatnonzero(r.grid != d.grid)
    assert sorted(m.unit for m in r.moves) == moved.tolist()
    assert len(moved) < 0.15 * len(geoms)


def test_nothing_moves_when_balanced_and_infeasible_is_said():
    geoms = block(6, 6)
    graph = build_graph(geoms)
    d = design(graph, np.ones(36), 4, 0.05)
    assert recut(graph, np.ones(36), d.grid, tolerance=0.05).moves == []
    w = np.ones(36)
    w[0] = 20
    with pytest.raises(Infeasible, match="above a grid's upper bound"):
        recut(graph, w, d.grid, tolerance=0.05)
    assert shapely.area(geoms[0]) == 10_000


def test_a_large_instance_starts_with_the_local_search_and_still_moves_few(monkeypatch):
    import wangge.core.territory.recut as recut_module

    monkeypatch.setattr(recut_module, "LARGE", 100)  # this block counts as large
    geoms = block(20, 20)
    graph = build_graph(geoms)
    w = np.random.default_rng(8).integers(20, 60, len(geoms)).astype(float)
    d = design(graph, w, 16, 0.04)
    w2 = w.copy()
    w2[np.isin(d.grid, [2, 9, 13])] *= 1.3
    r = recut(graph, w2, d.grid, tolerance=0.10)
    assert r.notes[0] == "local search first (large instance)"
    assert deviation(np.bincount(r.grid, weights=w2, minlength=16), set()) <= 0.10 + 1e-9
    assert contiguous(graph, r.grid, 16)
    assert len(r.moves) < 0.15 * len(geoms)
