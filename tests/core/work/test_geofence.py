"""Distance of a check-in from its target, worked by hand: one degree of a great circle
is R·π/180 = 6 371 008.8 m × 0.017453293 = 111 195.08 m."""

import math

import pytest

from wangge.core.work.geo import DEFAULT_GEOFENCE_M, Point, distance_m, outside, point_problem

DEGREE = 6_371_008.8 * math.pi / 180  # 111 195.08 m


def test_the_same_point_is_zero_metres_away():
    assert distance_m(Point(36.65, 117.05), Point(36.65, 117.05)) == 0


def test_one_degree_of_latitude_is_one_degree_of_the_great_circle():
    assert distance_m(Point(36.0, 117.0), Point(37.0, 117.0)) == pytest.approx(111_195.08, abs=0.01)


def test_one_degree_of_longitude_on_the_equator_too_and_half_that_at_sixty_north():
    assert distance_m(Point(0, 117), Point(0, 118)) == pytest.approx(DEGREE, abs=0.01)
    # at 60°N: 2R·asin(cos 60°·sin 0.5°) = 12 742 017.6 × 0.004363282 = 55 597.0 m, a little
    # under half a degree of the equator (55 597.5 m along the parallel): the great circle
    # cuts the corner
    assert distance_m(Point(60, 10), Point(60, 11)) == pytest.approx(55_597.0, abs=0.1)


def test_antipodes_are_half_the_circumference():
    assert distance_m(Point(0, 0), Point(0, 180)) == pytest.approx(math.pi * 6_371_008.8)


def test_three_hundred_metres_north_in_jinan_is_the_edge_of_the_default_fence():
    place = Point(36.65, 117.05)
    near = distance_m(place, Point(36.65 + 0.0026, 117.05))  # 0.0026° × 111 195 = 289.1 m
    far = distance_m(place, Point(36.65 + 0.0027, 117.05))  # 300.2 m
    assert near == pytest.approx(289.1, abs=0.1)
    assert far == pytest.approx(300.2, abs=0.1)
    assert DEFAULT_GEOFENCE_M == 300
    assert not outside(near) and outside(far)
    assert not outside(far, radius_m=500)


def test_no_known_target_is_never_flagged():
    assert not outside(None)


@pytest.mark.parametrize(
    ("lat", "lon", "problem"),
    [
        (None, 117.0, "missing"),
        ("", "", "missing"),
        ("abc", 117.0, "not_a_number"),
        ("nan", 117.0, "not_a_number"),
        (91, 117.0, "out_of_range"),
        (36.6, -181, "out_of_range"),
        ("36.65", "117.05", None),
    ],
)
def test_a_point_that_is_not_a_gps_fix_is_named(lat, lon, problem):
    assert point_problem(lat, lon) == problem
