"""The analytics store's dimension files follow the database after every import."""

from __future__ import annotations

import json
import os
from pathlib import Path


def refresh_dims(store: Path) -> None:
    """The store's customer, subscription, place, channel and grid files follow the
    database (each written beside its place and renamed over it)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from wangge.analytics.dims import write_org_dims
    from wangge.core import schema
    from wangge.customers.models import Customer, Subscription
    from wangge.engines import count_rows, dim_file
    from wangge.territory.models import Channel, Place

    dims = Path(store) / "dims"
    if not dims.is_dir():
        return
    if count_rows(dim_file(store, "customer")) > Customer.objects.count():
        # a files-only store holds customers the database does not: leave it to intake's
        # own store path rather than drop them
        return
    write_org_dims(store)
    tables = {
        "customer": (
            Customer.objects.order_by("pk").values_list(
                "pk",
                "code",
                "name",
                "kind",
                "ownership",
                "place_id",
                "phone",
                "id_number",
                "industry",
                "address",
            ),
            schema.DIMS["customer"],
        ),
        "subscription": (
            Subscription.objects.order_by("pk").values_list(
                "pk",
                "customer_id",
                "product_line",
                "product",
                "number",
                "monthly_fee_cents",
                "start_date",
                "end_date",
                "contract_end",
                "status",
                "channel_id",
                "sold_by_id",
            ),
            schema.DIMS["subscription"],
        ),
        "place": (
            Place.objects.order_by("pk").values_list(
                "pk", "code", "name", "kind", "lon", "lat", "boundary", "households", "enterprises"
            ),
            schema.DIMS["place"],
        ),
        "channel": (
            Channel.objects.order_by("pk").values_list(
                "pk", "code", "name", "kind", "lon", "lat", "grid_id"
            ),
            schema.DIMS["channel"],
        ),
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
