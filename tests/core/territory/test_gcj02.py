import numpy as np

from wangge.core.territory.gcj02 import gcj02_to_wgs84, wgs84_to_gcj02
from wangge.core.work.geo import Point, distance_m


def test_the_offset_in_china_is_hundreds_of_metres_and_the_inverse_undoes_it():
    lon, lat = np.array([116.397, 114.30, 121.47]), np.array([39.909, 30.58, 31.23])
    glon, glat = wgs84_to_gcj02(lon, lat)
    for a, b, c, d in zip(lon, lat, glon, glat, strict=True):
        assert 100 < distance_m(Point(b, a), Point(d, c)) < 1000
    back_lon, back_lat = gcj02_to_wgs84(glon, glat)
    assert np.max(np.abs(back_lon - lon)) < 1e-7
    assert np.max(np.abs(back_lat - lat)) < 1e-7


def test_outside_china_nothing_moves():
    glon, glat = wgs84_to_gcj02(2.35, 48.85)
    assert (float(glon), float(glat)) == (2.35, 48.85)
