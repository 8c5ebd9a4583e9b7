import numpy as np
import shapely

from tests.core.territory.conftest import squares
from wangge.core.territory.graph import build_graph


def _pairs(g):
    return {tuple(e) for e in g.edges.tolist()}


def test_rook_neighbours_only_corners_do_not_count():
    g = build_graph(np.array(squares(2, 2)))  # 0 (0,0) 1 (0,1) 2 (1,0) 3 (1,1)
    assert _pairs(g) == {(0, 1), (0, 2), (1, 3), (2, 3)}


def test_slivers_within_the_buffer_still_touch():
    g = build_graph(np.array(squares(3, 3, sliver=0.8)), buffer_m=2.0)
    assert len(g.edges) == 12 and not g.joins


def test_an_island_is_joined_to_its_nearest_unit_and_reported():
    geoms = squares(3, 1)
    _, y0, x1, _ = geoms[-1].bounds
    island = shapely.box(x1 + 500, y0, x1 + 600, y0 + 100)
    g = build_graph(np.array([*geoms, island]))
    assert len(g.joins) == 1
    assert (g.joins[0].island, g.joins[0].to) == (3, 2)
    assert abs(g.joins[0].gap_m - 500) < 1e-6
    assert (2, 3) in _pairs(g)


def test_a_river_and_a_column_are_hard_boundaries():
    geoms = np.array(squares(4, 2))  # columns i = 0..3, index i*2+j
    x = geoms[4].bounds[0]  # the line between columns 1 and 2
    river = shapely.LineString([(x, geoms[0].bounds[1] - 10), (x, geoms[1].bounds[3] + 10)])
    g = build_graph(geoms, barriers=[river])
    assert g.cut_by_barrier == 2
    assert (2, 4) not in _pairs(g) and (3, 5) not in _pairs(g)
    county = np.array(["A", "A", "A", "A", "B", "B", "B", "B"], dtype=object)
    g2 = build_graph(geoms, within=county)
    assert g2.cut_by_column == 2 and _pairs(g2) == _pairs(g)
