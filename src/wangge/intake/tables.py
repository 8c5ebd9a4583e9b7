"""The database kinds an import writes: for each, its model, the columns a file sets,
how its rows are staged and, for rows that belong to a grid by a dated link, that link.

One description per kind serves the write, the check-only counts and the rollback,
so a new kind is one entry here and one stager in ``wangge.intake.staging``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from wangge.intake import staging


@dataclass(frozen=True)
class GridLink:
    model: Callable[[], type]  # the dated link model, e.g. CustomerGrid
    child: str  # its column naming the row, e.g. "customer_id"


@dataclass(frozen=True)
class DbTable:
    kind: str
    model: Callable[[], type]
    fields: tuple[str, ...]  # the columns a file sets (the code aside)
    stage: Callable
    link: GridLink | None = None


def _customer():
    from wangge.customers.models import Customer

    return Customer


def _customer_grid():
    from wangge.customers.models import CustomerGrid

    return CustomerGrid


def _subscription():
    from wangge.customers.models import Subscription

    return Subscription


def _place():
    from wangge.territory.models import Place

    return Place


def _place_grid():
    from wangge.territory.models import PlaceGrid

    return PlaceGrid


def _channel():
    from wangge.territory.models import Channel

    return Channel


TABLES: dict[str, DbTable] = {
    t.kind: t
    for t in (
        DbTable(
            "customer",
            _customer,
            (
                "name",
                "kind",
                "ownership",
                "place_id",
                "phone",
                "id_number",
                "industry",
                "address",
            ),
            staging.stage_customers,
            GridLink(_customer_grid, "customer_id"),
        ),
        DbTable(
            "subscription",
            _subscription,
            (
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
            staging.stage_subscriptions,
        ),
        DbTable(
            "place",
            _place,
            ("name", "kind", "lon", "lat", "households", "enterprises"),
            staging.stage_places,
            GridLink(_place_grid, "place_id"),
        ),
        DbTable(
            "channel",
            _channel,
            ("name", "kind", "lon", "lat", "grid_id"),
            staging.stage_channels,
        ),
    )
}
