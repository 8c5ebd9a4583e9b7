"""A tiny analytics store written by hand, for the alert rules and the churn features."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from wangge.core import schema

D = date
OPEN = D(2020, 1, 1)
OLD = D(2020, 1, 5)


def write(path: Path, rows: list[dict], s: pa.Schema) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    full = [{f.name: r.get(f.name) for f in s} for r in rows]
    pq.write_table(pa.Table.from_pylist(full, schema=s), path)


def fact(month, sub, cust, *, status="active", start=OLD, billed=5000, arrears=0,
         usage=1000, complaints=0, line="mobile"):  # fmt: skip
    return {
        "month": month,
        "subscription_id": sub,
        "customer_id": cust,
        "product_line": line,
        "status": status,
        "status_since": start,
        "start_date": start,
        "billed_cents": billed,
        "paid_cents": billed - min(arrears, billed),
        "arrears_cents": arrears,
        "arrears_over_90_cents": 0,
        "usage": usage,
        "complaints": complaints,
    }


def write_store(root: Path, facts, *, subscriptions=(), customers=(), grids=()) -> Path:
    """``customers``: (id, ownership); ``grids``: (customer id, grid id);
    ``subscriptions``: (id, customer id, contract end or None)."""
    by_month: dict = {}
    for f in facts:
        by_month.setdefault(f["month"], []).append(f)
    for m, rows in by_month.items():
        write(
            root / "facts/subscription_month" / f"{m:%Y-%m}" / "part-00000.parquet",
            rows,
            schema.SUBSCRIPTION_MONTH,
        )
    write(
        root / "dims/customer.parquet",
        [
            {
                "customer_id": c,
                "code": f"C{c}",
                "name": f"客户{c}",
                "kind": "individual",
                "ownership": own,
            }
            for c, own in customers
        ],
        schema.CUSTOMER,
    )
    write(
        root / "dims/customer_grid.parquet",
        [{"customer_id": c, "grid_id": g, "valid_from": OPEN} for c, g in grids],
        schema.CUSTOMER_GRID,
    )
    write(
        root / "dims/subscription.parquet",
        [
            {
                "subscription_id": s,
                "customer_id": c,
                "product_line": "mobile",
                "product": "5G",
                "monthly_fee_cents": 5000,
                "start_date": OPEN,
                "contract_end": end,
                "status": "active",
            }
            for s, c, end in subscriptions
        ],
        schema.SUBSCRIPTION,
    )
    return root
