"""Territory: polygon layers, adjacency, validation, the grid designer and the re-cut.

Plain data in and out, no Django. ``layers`` reads and writes polygon files (GeoJSON,
Shapefile, GeoPackage) into a metric working CRS; ``gcj02`` converts the Chinese base
maps' coordinates; ``graph`` builds the adjacency of units (small buffer, islands joined,
hard boundaries); ``validate`` finds gaps, overlaps, invalid polygons and misplaced
places; ``design`` cuts units into k balanced contiguous grids; ``recut`` restores balance
after drift moving as few units as possible; ``metrics`` measures a partition.
"""

from __future__ import annotations


class TerritoryError(ValueError):
    """Bad input or an impossible request, worded for the person who gave it.

    ``what`` names the file, feature, column or option; ``message`` says what is wrong
    and, where there is one, what to do about it.
    """

    def __init__(self, what: str, message: str) -> None:
        super().__init__(f"{what}: {message}")
        self.what = what
        self.message = message


class Infeasible(TerritoryError):
    """The constraints cannot all hold; the message says which one and why."""
