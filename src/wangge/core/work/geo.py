"""Where a visit happened: the distance from the check-in point to the customer's or
place's location, and whether that is outside the geofence.

Distances are great-circle (haversine) on a sphere of the mean Earth radius: within a
few metres of the ellipsoid at a city's scale, which is far below GPS error on a phone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG)
#: a check-in further than this from the customer's or place's location is flagged
DEFAULT_GEOFENCE_M = 300


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float


def point_problem(lat: object, lon: object) -> str | None:
    """Why (lat, lon) is not a usable GPS point, or None: "missing", "not_a_number",
    "out_of_range"."""
    if lat is None or lon is None or lat == "" or lon == "":
        return "missing"
    try:
        la, lo = float(lat), float(lon)
    except (TypeError, ValueError):
        return "not_a_number"
    if not (math.isfinite(la) and math.isfinite(lo)):
        return "not_a_number"
    if not (-90 <= la <= 90 and -180 <= lo <= 180):
        return "out_of_range"
    return None


def distance_m(a: Point, b: Point) -> float:
    """Great-circle distance in metres between two points (degrees)."""
    phi1, phi2 = math.radians(a.lat), math.radians(b.lat)
    dphi = phi2 - phi1
    dlmb = math.radians(b.lon - a.lon)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def outside(distance: float | None, radius_m: float = DEFAULT_GEOFENCE_M) -> bool:
    """Outside the geofence; a visit with no known target location is not flagged."""
    return distance is not None and distance > radius_m
