"""A proposal from the database's plain data: places as Voronoi units inside today's grids,
designed afresh or re-cut, the proposed grids named after today's grids they overlap."""

import numpy as np
import pytest
import shapely

from wangge.core.territory import TerritoryError
from wangge.core.territory.proposal import DESIGN, RECUT, Area, propose


def area(heavy=3.0, outside=False, park=False):
    """Two grids side by side, 0.1° × 0.1° each, 6 × 6 places in each; the east ones
    ``heavy`` times the west ones' workload."""
    shapes = [shapely.box(117.0, 36.6, 117.1, 36.7), shapely.box(117.1, 36.6, 117.2, 36.7)]
    pts, where, work = [], [], []
    for g, x0 in enumerate((117.0, 117.1)):
        for i in range(6):
            for j in range(6):
                pts.append((x0 + 0.1 * (i + 0.5) / 6, 36.6 + 0.1 * (j + 0.5) / 6))
                where.append(g)
                work.append(100.0 * (heavy if g else 1.0))
    if outside:
        pts.append((117.05, 36.9))
        where.append(0)
        work.append(100.0)
    fixed = np.zeros(len(pts), dtype=bool)
    if park:
        fixed[0] = True
    return Area(["G1", "G2"], shapes, [f"P{i:02d}" for i in range(len(pts))],
                np.array(pts), np.array(where), np.array(work), fixed)  # fmt: skip


def test_a_design_balances_the_area_and_keeps_todays_grid_names():
    r = propose(area(), 2, 0.05, DESIGN)
    assert r["metrics"]["max_deviation"] <= 0.05 and r["metrics"]["contiguous"] == 1.0
    assert r["current"]["max_deviation"] == pytest.approx(0.5)  # 3,600 against 10,800
    assert sorted(g["code"] for g in r["grids"]) == ["G1", "G2"] and r["closed"] == []
    assert sum(g["places"] for g in r["grids"]) == 72
    assert all(m["from"] == "G2" and m["to"] == "G1" for m in r["moves"])
    assert len(r["assignment"]) == 72
    union = shapely.union_all([shapely.geometry.shape(g["shape"]) for g in r["grids"]])
    assert union.area == pytest.approx(0.02, rel=0.01)  # the two grids' ground, all of it


def test_more_grids_than_today_makes_new_ones_and_fewer_closes_some():
    r = propose(area(heavy=1.0), 3, 0.10, DESIGN)
    assert sorted(str(g["code"]) for g in r["grids"]) == ["G1", "G2", "None"]
    r = propose(area(heavy=1.0), 1, 0.10, DESIGN)
    assert len(r["grids"]) == 1 and len(r["closed"]) == 1


def test_the_recut_moves_only_what_balance_needs():
    r = propose(area(heavy=1.5), 2, 0.10, RECUT)
    assert r["metrics"]["max_deviation"] <= 0.10
    # west 3,600, east 5,400, ±10 % of 4,500 asks west for 4,050: three places of 150
    assert len(r["moves"]) == 3 and r["moved_share"] == pytest.approx(3 / 72, abs=1e-6)


def test_a_place_outside_its_grid_stays_and_is_said_and_fixed_places_stand_alone():
    r = propose(area(outside=True, park=True), 3, 0.30, DESIGN)
    assert r["notes"][0] == "place P72 lies outside its grid's boundary; left where it is"
    assert "P72" not in r["assignment"]
    own = [g for g in r["grids"] if g["fixed"]]
    assert len(own) == 1 and own[0]["places"] == 1


def test_an_area_without_drawn_grids_is_refused():
    a = area()
    empty = Area([], [], [], np.zeros((0, 2)), np.zeros(0, int), np.zeros(0), np.zeros(0, bool))
    with pytest.raises(TerritoryError, match="no grids with a boundary"):
        propose(empty, 2, 0.05)
    assert a.grid_codes == ["G1", "G2"]
