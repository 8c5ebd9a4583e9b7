"""Load an analytics store's dimension tables into the web database, all or nothing.

The store (written by the demo generator or by intake) is the source; the
database gets the organisation, the territory, the customers and the
subscriptions, with the store's ids as primary keys so that analytics results
and database rows name the same things. Loading replaces what was there, inside
one transaction: a failure half-way leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq
from django.contrib.auth import get_user_model
from django.db import transaction

from wangge.core.access import ROLE_OF_POST
from wangge.customers.models import Customer, CustomerGrid, Subscription
from wangge.org.models import Assignment, Person, Unit, UnitLink
from wangge.org.roles import grant_role
from wangge.territory.models import Channel, Place, PlaceGrid

Progress = Callable[[str, int, int], None]
BATCH = 20_000


class StoreError(RuntimeError):
    """The store is missing a table or a table does not match what the loader expects."""


@dataclass(frozen=True)
class LoadSummary:
    counts: dict[str, int]


class _Columns(dict):
    """One batch as column name → Python values, refusing a missing column by name."""

    num_rows = 0

    def to_pylist(self) -> list[dict]:
        return [dict(zip(self, values, strict=True)) for values in zip(*self.values(), strict=True)]


def _batches(path: Path) -> Iterator[_Columns]:
    if not path.exists():
        raise StoreError(f"{path}: missing; generate the demo city or run intake first")
    for batch in pq.ParquetFile(path).iter_batches(batch_size=BATCH):
        columns = _Columns(batch.to_pydict())
        columns.num_rows = batch.num_rows
        yield columns


def _rows(path: Path) -> int:
    return pq.ParquetFile(path).metadata.num_rows if path.exists() else 0


def _blank(value):
    return "" if value is None else value


def _unit(r: dict) -> Unit:
    return Unit(
        id=r["unit_id"],
        code=r["code"],
        name=r["name"],
        kind=r["kind"],
        grid_class=_blank(r["grid_class"]),
        grid_type=_blank(r["grid_type"]),
        urban=bool(r["urban"]),
        lon=r["lon"],
        lat=r["lat"],
        boundary=_geojson(r["boundary"]),
        households=r["households"] or 0,
        population=r["population"] or 0,
        enterprises=r["enterprises"] or 0,
    )


def _geojson(text):
    import json

    return json.loads(text) if text else None


def _person(r: dict) -> Person:
    return Person(
        id=r["person_id"],
        staff_no=r["staff_no"],
        name=r["name"],
        post=r["post"],
        level=r["level"],
        role=ROLE_OF_POST.get(r["post"], "frontline"),
        phone=_blank(r["phone"]),
        id_number=_blank(r["id_number"]),
        hired_on=r["hired_on"],
    )


def _place(r: dict) -> Place:
    return Place(
        id=r["place_id"],
        code=r["code"],
        name=r["name"],
        kind=r["kind"],
        lon=r["lon"],
        lat=r["lat"],
        boundary=_geojson(r["boundary"]),
        households=r["households"] or 0,
        enterprises=r["enterprises"] or 0,
    )


def _channel(r: dict) -> Channel:
    return Channel(
        id=r["channel_id"],
        code=r["code"],
        name=r["name"],
        kind=r["kind"],
        lon=r["lon"],
        lat=r["lat"],
        grid_id=r["grid_id"],
    )


def _dated(model, **fields):
    def build(r: dict):
        return model(
            valid_from=r["valid_from"],
            valid_to=r["valid_to"],
            **{target: r[source] for target, source in fields.items()},
        )

    return build


# (table file, model, row → instance), in an order that satisfies foreign keys
TABLES = [
    ("unit", Unit, _unit),
    ("unit_link", UnitLink, _dated(UnitLink, unit_id="unit_id", parent_id="parent_id")),
    ("person", Person, _person),
    (
        "person_unit",
        Assignment,
        _dated(Assignment, person_id="person_id", unit_id="unit_id", post="post"),
    ),
    ("place", Place, _place),
    ("place_grid", PlaceGrid, _dated(PlaceGrid, place_id="place_id", grid_id="grid_id")),
    ("channel", Channel, _channel),
    ("customer", Customer, None),
    ("customer_grid", CustomerGrid, None),
    ("subscription", Subscription, None),
]

# The big tables skip model instances: column → column straight into INSERT statements.
COLUMNS = {
    "customer": {
        "id": "customer_id",
        "code": "code",
        "name": "name",
        "kind": "kind",
        "ownership": "ownership",
        "place": "place_id",
        "phone": "phone",
        "id_number": "id_number",
        "industry": "industry",
        "address": "address",
    },
    "customer_grid": {
        "customer": "customer_id",
        "grid": "grid_id",
        "valid_from": "valid_from",
        "valid_to": "valid_to",
    },
    "subscription": {
        "id": "subscription_id",
        "customer": "customer_id",
        "product_line": "product_line",
        "product": "product",
        "number": "number",
        "monthly_fee_cents": "monthly_fee_cents",
        "start_date": "start_date",
        "end_date": "end_date",
        "contract_end": "contract_end",
        "status": "status",
        "channel": "channel_id",
        "sold_by": "sold_by",
    },
}


def _insert_columns(model, mapping: dict[str, str], rows: dict[str, list]) -> None:
    from django.db import connection, models

    fields = [model._meta.get_field(name) for name in mapping]
    columns = []
    for field, source in zip(fields, mapping.values(), strict=True):
        values = rows[source]
        if isinstance(field, models.CharField):
            values = ["" if v is None else v for v in values]
        columns.append(values)
    qn = connection.ops.quote_name
    sql = (
        f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, list(zip(*columns, strict=True)))


def clear() -> None:
    """Empty every table of the product (logins and history included), in the caller's
    transaction: the demo city replaces the whole database, never a part of it."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.color import no_style
    from django.db import connection

    # content types and permissions describe the code, not the city: the role groups
    # made after the load point at them, so they stay
    keep = {ContentType._meta.db_table, Permission._meta.db_table}
    tables = [
        t for t in connection.introspection.django_table_names(only_existing=True) if t not in keep
    ]
    statements = connection.ops.sql_flush(
        no_style(), tables, reset_sequences=True, allow_cascade=True
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # rows written earlier in this transaction leave deferred foreign-key
            # checks pending, and PostgreSQL will not truncate under them
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for sql in statements:
            cursor.execute(sql)


def foreign_logins() -> list[str]:
    """Logins that the demo did not create: their presence means this is not a demo database."""
    return list(
        get_user_model()
        .objects.exclude(username__in=_DEMO_USERNAMES)
        .values_list("username", flat=True)
    )


CUSTOMER_TABLES = {"customer", "customer_grid", "subscription"}
LINK_TABLES = {"place_grid", "customer_grid"}


def load_store(
    store: Path,
    *,
    progress: Progress | None = None,
    files_only: bool = False,
    links_by_import: bool = False,
) -> LoadSummary:
    """Replace the database's organisation, territory and customers with the store's.

    ``files_only`` keeps customers and subscriptions in the store alone: a
    province's millions of rows serve analytics from Parquet, not the web database.
    ``links_by_import`` leaves the places' and customers' grid links out: the demo
    brings them in as an operator's file (``wangge.demo.intake``).
    """
    dims = Path(store) / "dims"
    tables = [t for t in TABLES if not (files_only and t[0] in CUSTOMER_TABLES)]
    if links_by_import:
        tables = [t for t in tables if t[0] not in LINK_TABLES]
    for name, _, _ in tables:
        if not (dims / f"{name}.parquet").exists():
            raise StoreError(f"{dims / (name + '.parquet')}: missing from the store")
    counts: dict[str, int] = {}
    people: set[int] = set()
    with transaction.atomic():
        clear()
        for name, model, build in tables:
            path = dims / f"{name}.parquet"
            total, done = _rows(path), 0
            for rows in _batches(path):
                try:
                    if build is None:
                        _insert_columns(model, COLUMNS[name], rows)
                    else:
                        records = rows.to_pylist()
                        if name == "person_unit":
                            records = [r for r in records if r["person_id"] in people]
                        model.objects.bulk_create([build(r) for r in records], batch_size=2_000)
                except KeyError as exc:
                    raise StoreError(f"{path}: column {exc.args[0]!r} is missing") from exc
                done += rows.num_rows
                if progress:
                    progress(str(model._meta.verbose_name_plural), done, total)
            counts[name] = done
            if name == "person":
                # A close writes the database's assignments back into the store, the
                # demo's own auditor among them; that person is not in the store and
                # is made again with the logins, so their old assignment is left out.
                people = set(Person.objects.values_list("pk", flat=True))
        _reset_sequences()
    return LoadSummary(counts=counts)


def _reset_sequences() -> None:
    """Explicit ids leave PostgreSQL's sequences behind; move them past the loaded rows."""
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), [m for _, m, _ in TABLES])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


DEMO_PASSWORD = "wangge-demo"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    person: str
    unit: str


def create_demo_logins(password: str = DEMO_PASSWORD) -> list[DemoLogin]:
    """One login per role, each tied to a real person of the demo city.

    Two grid managers of the same center make data scoping visible: each sees
    only their own grid's customers.
    """
    User = get_user_model()
    grid_managers = list(
        Assignment.objects.as_of()
        .filter(post="grid_manager", unit__kind="grid")
        .select_related("person", "unit")
        .order_by("unit__code")[:2]
    )
    if len(grid_managers) < 2:
        raise StoreError("the demo city has fewer than two grid managers")
    first_grid = grid_managers[0].unit
    center_id = UnitLink.objects.as_of().get(unit=first_grid).parent_id
    picks = {
        "gridmgr": grid_managers[0].person,
        "gridmgr2": grid_managers[1].person,
        "frontline": _person_in(
            first_grid.id, ["community_manager", "business_manager", "customer_manager"]
        ),
        "director": _person_in(center_id, ["center_director"]) or _any_post("center_director"),
        "marketing": _any_post("marketing_department"),
        "backoffice": _any_post("back_office"),
    }
    logins = []
    for username, person in picks.items():
        if person is None:
            continue
        user = User.objects.create_user(username, password=password)
        grant_role(user, person.role)
        person.user = user
        person.save(update_fields=["user"])
        logins.append(_describe(username, person))
    auditor_user = User.objects.create_user("auditor", password=password)
    grant_role(auditor_user, "auditor")
    auditor = Person.objects.create(
        staff_no="AUDIT-001",
        name="审计员",
        post="marketing_department",
        role="auditor",
        user=auditor_user,
    )
    city = Unit.objects.filter(kind="city").first()
    if city is not None:
        Assignment.objects.create(
            person=auditor, unit=city, post="marketing_department", valid_from=_epoch()
        )
    logins.append(_describe("auditor", auditor))
    User.objects.create_superuser("admin", password=password)
    logins.append(DemoLogin("admin", "superuser", "-", "-"))
    return logins


_DEMO_USERNAMES = [
    "gridmgr",
    "gridmgr2",
    "frontline",
    "director",
    "marketing",
    "backoffice",
    "auditor",
    "admin",
]


def _epoch():
    from datetime import date

    return date(2000, 1, 1)


def _person_in(unit_id: int, posts: list[str]) -> Person | None:
    a = (
        Assignment.objects.as_of()
        .filter(unit_id=unit_id, post__in=posts)
        .select_related("person")
        .first()
    )
    return a.person if a else None


def _any_post(post: str) -> Person | None:
    a = (
        Assignment.objects.as_of()
        .filter(post=post)
        .select_related("person")
        .order_by("person__staff_no")
        .first()
    )
    return a.person if a else None


def _describe(username: str, person: Person) -> DemoLogin:
    a = person.assignments.as_of().select_related("unit").first()
    return DemoLogin(username, person.role, person.name, a.unit.name if a else "-")
