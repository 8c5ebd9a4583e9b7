"""The organisation in the analytics store, written fresh from the database before a run.

The database is the one truth for the organisation: units, the unit tree, assignments
and the place and customer grids. The demo generator writes its own copies into
``dims/``; a reorganisation, an admin edit or an assignment change happens only in the
database. So every analytics run and every month-end close first rewrites these
dimension files from the database (every dated row, so each month is cut as of its own
dates by the rates), and the figures, scores and pay follow the organisation.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from wangge.core import schema

ORG_DIMS = ("unit", "unit_link", "person_unit", "place_grid", "customer_grid")


def _rows(name: str) -> list[dict]:
    from wangge.customers.models import CustomerGrid
    from wangge.org.models import Assignment, Unit, UnitLink
    from wangge.territory.models import PlaceGrid

    dated = ("valid_from", "valid_to")
    if name == "unit":
        return [
            {
                "unit_id": u.pk,
                "code": u.code,
                "name": u.name,
                "kind": u.kind,
                "grid_class": u.grid_class or None,
                "grid_type": u.grid_type or None,
                "urban": u.urban,
                "lon": u.lon,
                "lat": u.lat,
                "boundary": json.dumps(u.boundary) if u.boundary else None,
                "households": u.households,
                "population": u.population,
                "enterprises": u.enterprises,
            }
            for u in Unit.objects.order_by("pk")
        ]
    sources = {
        "unit_link": (UnitLink, {"unit_id": "unit_id", "parent_id": "parent_id"}),
        "person_unit": (
            Assignment,
            {"person_id": "person_id", "unit_id": "unit_id", "post": "post"},
        ),
        "place_grid": (PlaceGrid, {"place_id": "place_id", "grid_id": "grid_id"}),
        "customer_grid": (CustomerGrid, {"customer_id": "customer_id", "grid_id": "grid_id"}),
    }
    model, columns = sources[name]
    fields = [*columns.values(), *dated]
    return [
        dict(zip([*columns, *dated], row, strict=True))
        for row in model.objects.order_by("pk").values_list(*fields)
    ]


def write_org_dims(store: Path) -> dict[str, int]:
    """Rewrite the organisation's dimension files of ``store`` from the database.

    Each file is written beside its place and renamed over it, so a reader never sees
    half a file. A store without ``dims/`` is left alone (the run then says it is missing).
    Returns the rows written per table.
    """
    dims = Path(store) / "dims"
    if not dims.is_dir():
        return {}
    written = {}
    for name in ORG_DIMS:
        table = pa.Table.from_pylist(_rows(name), schema=schema.DIMS[name])
        target = dims / f"{name}.parquet"
        partial = dims / f".{name}.parquet.partial"
        pq.write_table(table, partial)
        os.replace(partial, target)
        written[name] = table.num_rows
    return written
