"""Staging: the checked rows of a file, their codes resolved to our ids, kept aside.

The database kinds spool their rows to a temporary file (a million-row file is not
held in memory); the monthly facts are written beside the live partition. Nothing
here writes to the database: ``wangge.intake.writes`` does, in the run's transaction.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from typing import Any

from wangge.core.intake.check import Checker
from wangge.core.intake.sources import Table
from wangge.intake import store as facts_store

BATCH = 5_000


class Tracked:
    """The table's rows, remembering the number of the last one handed out."""

    def __init__(self, rows: Iterator[tuple[int, list[Any]]]) -> None:
        self.rows = rows
        self.number = 0

    def __iter__(self):
        for number, cells in self.rows:
            self.number = number
            yield number, cells


class Spool:
    """Clean rows pickled to a temporary file in batches, read back in the write phase."""

    def __init__(self) -> None:
        self.handle = tempfile.TemporaryFile(prefix="wangge-intake-")
        self.batch: list[Any] = []

    def add(self, item: Any) -> None:
        self.batch.append(item)
        if len(self.batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.batch:
            pickle.dump(self.batch, self.handle, protocol=pickle.HIGHEST_PROTOCOL)
            self.batch = []

    def batches(self) -> Iterator[list[Any]]:
        self.flush()
        self.handle.seek(0)
        while True:
            try:
                yield pickle.load(self.handle)
            except EOFError:
                return

    def close(self) -> None:
        self.handle.close()


# --- code resolution: the operator's codes → our ids ---------------------------------


def codes(model, field_name: str = "code", **filters) -> dict[str, int]:
    return dict(model.objects.filter(**filters).values_list(field_name, "pk").iterator(10_000))


class Resolver:
    """Looks codes up, reporting an unknown one as a problem of its cell."""

    def __init__(self, checker: Checker, table: Table, tracked: Tracked) -> None:
        self.checker, self.table, self.tracked = checker, table, tracked
        self.position = {name: pos for name, pos, _h in checker.columns}

    def __call__(self, record: dict, name: str, known: dict, what: str):
        value = record.get(name)
        if value is None:
            return None
        found = known.get(value)
        if found is None:
            self.checker._problem(
                self.tracked.number, self.position.get(name), value, "unknown_code", what=what
            )
        return found


# --- the database kinds: each row as (code, values, grid id, grid since) ---------------


def stage_customers(records, resolve, spool, month) -> None:
    from wangge.org.models import Unit
    from wangge.territory.models import Place

    grids = codes(Unit, kind__in=("grid", "virtual"))
    places = codes(Place)
    for r in records:
        grid = resolve(r, "grid_code", grids, "grid")
        place = resolve(r, "place_code", places, "place")
        if grid is None or (r["place_code"] is not None and place is None):
            continue
        spool.add(
            (
                r["code"],
                {
                    "name": r["name"],
                    "kind": r["kind"],
                    "ownership": r["ownership"] or "ours",
                    "place_id": place,
                    "phone": r["phone"] or "",
                    "id_number": r["id_number"] or "",
                    "industry": r["industry"] or "",
                    "address": r["address"] or "",
                },
                grid,
                r["valid_from"],
            )
        )


def stage_subscriptions(records, resolve, spool, month) -> None:
    from wangge.customers.models import Customer
    from wangge.org.models import Person
    from wangge.territory.models import Channel

    customers = codes(Customer)
    channels = codes(Channel)
    people = codes(Person, "staff_no")
    for r in records:
        customer = resolve(r, "customer_code", customers, "customer")
        channel = resolve(r, "channel_code", channels, "channel")
        seller = resolve(r, "sold_by", people, "staff")
        if (
            customer is None
            or (r["channel_code"] is not None and channel is None)
            or (r["sold_by"] is not None and seller is None)
        ):
            continue
        spool.add(
            (
                r["code"],
                {
                    "customer_id": customer,
                    "product_line": r["product_line"],
                    "product": r["product"] or "",
                    "number": r["number"] or "",
                    "monthly_fee_cents": r["monthly_fee_cents"] or 0,
                    "start_date": r["start_date"],
                    "end_date": r["end_date"],
                    "contract_end": r["contract_end"],
                    "status": r["status"],
                    "channel_id": channel,
                    "sold_by_id": seller,
                },
                None,
                None,
            )
        )


def _located(records, resolve):
    """Each record whose grid is known, with the grid's id and its point (name, kind,
    lon, lat): places and channels both stand in one grid. A record naming an unknown
    grid is left out; ``resolve`` has noted the problem."""
    from wangge.org.models import Unit

    grids = codes(Unit, kind__in=("grid", "virtual"))
    for r in records:
        grid = resolve(r, "grid_code", grids, "grid")
        if grid is not None:
            point = {"name": r["name"], "kind": r["kind"], "lon": r["lon"], "lat": r["lat"]}
            yield r, grid, point


def stage_places(records, resolve, spool, month) -> None:
    for r, grid, point in _located(records, resolve):
        fields = {
            **point,
            "households": r["households"] or 0,
            "enterprises": r["enterprises"] or 0,
        }
        spool.add((r["code"], fields, grid, r["valid_from"]))


def stage_channels(records, resolve, spool, month) -> None:
    for r, grid, point in _located(records, resolve):
        spool.add((r["code"], {**point, "grid_id": grid}, None, None))


# --- the monthly facts -------------------------------------------------------------------


def stage_facts(records, resolve, staged: facts_store.StagedMonth) -> None:
    from wangge.customers.models import Subscription

    known: dict[str, tuple] = {}
    for code, pk, customer, line, start in (
        Subscription.objects.filter(code__isnull=False)
        .values_list("code", "pk", "customer_id", "product_line", "start_date")
        .iterator(20_000)
    ):
        known[code] = (pk, customer, line, start)
    names = staged_columns()
    columns: dict[str, list] = {n: [] for n in names}
    for r in records:
        sub = resolve(r, "code", known, "subscription")
        if sub is None:
            continue
        pk, customer, line, start = sub
        row = (
            r["month"],
            pk,
            customer,
            line,
            r["status"],
            r["status_since"],
            start,
            r["billed_cents"],
            r["paid_cents"] if r["paid_cents"] is not None else r["billed_cents"],
            r["arrears_cents"] or 0,
            r["arrears_over_90_cents"] or 0,
            r["usage"] or 0,
            r["complaints"] or 0,
        )
        for n, value in zip(names, row, strict=True):
            columns[n].append(value)
        if len(columns["month"]) >= 65_536:
            staged.write(columns)
            columns = {n: [] for n in names}
    if columns["month"]:
        staged.write(columns)


def staged_columns() -> list[str]:
    from wangge.core import schema

    return list(schema.SUBSCRIPTION_MONTH.names)
