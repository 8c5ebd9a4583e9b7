import shapely

from wangge.core.territory.validate import check_grids, check_places


def test_hand_built_overlap_and_gap_are_found_with_their_place():
    a = shapely.box(0, 0, 100, 100)
    b = shapely.box(95, 0, 200, 100)  # overlaps a by 5 x 100
    c = shapely.box(0, 100, 200, 200)
    ring = shapely.box(0, 0, 200, 200).difference(shapely.box(150, 150, 160, 160))
    problems = check_grids(
        [a, b, c.difference(shapely.box(150, 150, 160, 160))], ["A", "B", "C"],
        ["X", "X", "X"],
    )  # fmt: skip
    kinds = {(p.kind, p.features) for p in problems}
    assert ("overlap", ("A", "B")) in kinds
    gap = next(p for p in problems if p.kind == "gap")
    assert abs(gap.area_m2 - 100) < 1e-6 and 150 < gap.x < 160 and 150 < gap.y < 160
    assert ring.area > 0


def test_tolerance_and_centers_limit_what_counts():
    a = shapely.box(0, 0, 100, 100)
    b = shapely.box(99.999, 0, 200, 100)  # 0.1 m² overlap: noise
    assert check_grids([a, b], ["A", "B"]) == []
    c = shapely.box(50, 0, 150, 100)
    assert check_grids([a, c], ["A", "C"], ["X", "Y"]) == []  # different centers
    assert check_grids([a, c], ["A", "C"], ["X", "X"])[0].kind == "overlap"


def test_a_gap_along_the_centers_edge_needs_its_outline():
    a = shapely.box(0, 0, 100, 100)
    outline = {"X": shapely.box(0, 0, 100, 120)}
    assert check_grids([a], ["A"], ["X"]) == []
    (gap,) = check_grids([a], ["A"], ["X"], center_shapes=outline)
    assert gap.kind == "gap" and abs(gap.area_m2 - 2000) < 1e-6


def test_invalid_grid_is_named():
    bowtie = shapely.Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])
    (p,) = [p for p in check_grids([bowtie], ["A"]) if p.kind == "invalid"]
    assert p.features == ("A",) and "Self-intersection" in p.detail


def test_places_inside_exactly_one_grid():
    a, b = shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100)
    pts = [shapely.Point(50, 50), shapely.Point(100, 50), shapely.Point(300, 50)]
    problems = check_places([a, b], ["A", "B"], pts, ["p1", "p2", "p3"])
    assert [(p.kind, p.features) for p in problems] == [("place_outside", ("p3",))]
    c = shapely.box(40, 40, 60, 60)
    problems = check_places([a, b, c], ["A", "B", "C"], pts[:1], ["p1"])
    assert [(p.kind, p.features) for p in problems] == [("place_in_several", ("p1", "A", "C"))]


def test_lonlat_grids_and_places_are_checked_in_metres_and_told_in_lon_lat():
    from wangge.core.territory.validate import check_lonlat

    d = 0.001  # about 96 m of longitude and 111 m of latitude at 30.58°N
    lon0, lat0 = 114.30, 30.58
    a = shapely.box(lon0, lat0, lon0 + d, lat0 + d)
    b = shapely.box(lon0 + d * 0.9, lat0, lon0 + 2 * d, lat0 + d)  # a tenth over a
    c = shapely.box(lon0, lat0 + d, lon0 + 2 * d, lat0 + 2 * d).difference(
        shapely.box(lon0 + 0.2 * d, lat0 + 1.2 * d, lon0 + 0.4 * d, lat0 + 1.4 * d)
    )
    places = [(lon0 + 0.5 * d, lat0 + 0.5 * d), (lon0 + 0.95 * d, lat0 + 0.5 * d),
              (lon0 + 5 * d, lat0)]  # fmt: skip
    found = check_lonlat([a, b, c], ["江汉一", "江汉二", "江汉三"], ["江汉"] * 3, places,
                         ["甲楼", "乙楼", "丙楼"])  # fmt: skip
    by_kind = {p.kind: p for p in found}
    assert set(by_kind) == {"overlap", "gap", "place_outside", "place_in_several"}
    overlap = by_kind["overlap"]
    assert overlap.features == ("江汉一", "江汉二") and overlap.lonlat
    assert 0.9 * 96 * 111 * 0.1 < overlap.area_m2 < 1.1 * 96 * 111 * 0.1
    assert a.intersection(b).buffer(1e-9).contains(shapely.Point(overlap.x, overlap.y))
    inter = a.intersection(b)
    assert overlap.shape.symmetric_difference(inter).area < 1e-3 * inter.area
    gap = by_kind["gap"]
    assert gap.features == ("江汉",) and lon0 + 0.2 * d < gap.x < lon0 + 0.4 * d
    assert by_kind["place_outside"].features == ("丙楼",)
    assert by_kind["place_in_several"].features == ("乙楼", "江汉一", "江汉二")
    assert check_lonlat([], [], [], places, ["甲楼", "乙楼", "丙楼"]) == []
