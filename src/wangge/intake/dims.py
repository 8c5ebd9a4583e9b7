"""The analytics store's dimension files follow the database after every import."""

from __future__ import annotations

import json
import os
from pathlib import Path

from wangge.intake.tables import TABLES


def refresh_dims(store: Path) -> None:
    """The store's customer, subscription, place, channel and grid files follow the
    database (each written beside its place and renamed over it)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from wangge.analytics.dims import write_org_dims
    from wangge.core import schema
    from wangge.customers.models import Customer
    from wangge.engines import count_rows, dim_file

    dims = Path(store) / "dims"
    if not dims.is_dir():
        return
    if count_rows(dim_file(store, "customer")) > Customer.objects.count():
        # a files-only store holds customers the database does not: leave it to intake's
        # own store path rather than drop them
        return
    write_org_dims(store)
    # each file's columns, in the order of its schema: the row's id, then what a file sets
    columns = {
        "customer": ("pk", "code", *TABLES["customer"].fields),
        "subscription": ("pk", *TABLES["subscription"].fields),  # named by its id alone
        "place": (
            "pk",
            "code",
            "name",
            "kind",
            "lon",
            "lat",
            "boundary",
            "households",
            "enterprises",
        ),
        "channel": ("pk", "code", *TABLES["channel"].fields),
    }
    tables = {
        name: (
            TABLES[name].model().objects.order_by("pk").values_list(*names),
            schema.DIMS[name],
        )
        for name, names in columns.items()
    }
    for name, (rows, arrow_schema) in tables.items():
        partial = dims / f".{name}.parquet.partial"
        with pq.ParquetWriter(partial, arrow_schema) as writer:
            chunk: list[tuple] = []
            for row in rows.iterator(20_000):
                chunk.append(tuple(_cell(v) for v in row))
                if len(chunk) >= 20_000:
                    writer.write_table(_arrow(chunk, arrow_schema, pa))
                    chunk = []
            writer.write_table(_arrow(chunk, arrow_schema, pa))
        os.replace(partial, dims / f"{name}.parquet")


def _cell(value):
    if value == "":
        return None
    return json.dumps(value) if isinstance(value, dict | list) else value


def _arrow(rows, arrow_schema, pa):
    columns = list(zip(*rows, strict=True)) if rows else [[] for _ in arrow_schema.names]
    return pa.table(
        {
            n: pa.array(list(c), type=arrow_schema.field(n).type)
            for n, c in zip(arrow_schema.names, columns, strict=True)
        },
        schema=arrow_schema,
    )
