"""Which boundary a grid has on a day: the accepted shape in force then (``GridShape``),
else the unit's own boundary. The map, its problems and the designer all read it here."""

from __future__ import annotations

from datetime import date

from wangge.territory.models import GridShape


def boundaries_on(grids, day: date) -> dict[int, dict | None]:
    """grid id → its GeoJSON boundary on ``day``."""
    grids = list(grids)
    out = {g.id: g.boundary for g in grids}
    for s in GridShape.objects.as_of(day).filter(grid_id__in=out):
        out[s.grid_id] = s.boundary
    return out
