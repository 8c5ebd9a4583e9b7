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


def _batches(path: Path) -> Iterator[list[dict]]:
    if not path.exists():
        raise StoreError(f"{path}: missing; generate the demo city or run intake first")
    for batch in pq.ParquetFile(path).iter_batches(batch_size=BATCH):
        yield batch.to_pylist()


def _rows(path: Path) -> int:
    return pq.ParquetFile(path).metadata.num_rows if path.exists() else 0


def _blank(value):
    return "" if value is None else value


def _unit(r: dict) -> Unit:
    return Unit(
        id=r["unit_id"], code=r["code"], name=r["name"], kind=r["kind"],
        grid_class=_blank(r["grid_class"]), grid_type=_blank(r["grid_type"]),
        urban=bool(r["urban"]), lon=r["lon"], lat=r["lat"],
        boundary=_geojson(r["boundary"]), households=r["households"] or 0,
        population=r["population"] or 0, enterprises=r["enterprises"] or 0,
    )


def _geojson(text):
    import json

    return json.loads(text) if text else None


def _person(r: dict) -> Person:
    return Person(
        id=r["person_id"], staff_no=r["staff_no"], name=r["name"], post=r["post"],
        level=r["level"], role=ROLE_OF_POST.get(r["post"], "frontline"),
        phone=_blank(r["phone"]), id_number=_blank(r["id_number"]), hired_on=r["hired_on"],
    )


def _place(r: dict) -> Place:
    return Place(
        id=r["place_id"], code=r["code"], name=r["name"], kind=r["kind"], lon=r["lon"],
        lat=r["lat"], boundary=_geojson(r["boundary"]), households=r["households"] or 0,
        enterprises=r["enterprises"] or 0,
    )


def _channel(r: dict) -> Channel:
    return Channel(
        id=r["channel_id"], code=r["code"], name=r["name"], kind=r["kind"], lon=r["lon"],
        lat=r["lat"], grid_id=r["grid_id"],
    )


def _customer(r: dict) -> Customer:
    return Customer(
        id=r["customer_id"], code=r["code"], name=r["name"], kind=r["kind"],
        ownership=r["ownership"], place_id=r["place_id"], phone=_blank(r["phone"]),
        id_number=_blank(r["id_number"]), industry=_blank(r["industry"]),
        address=_blank(r["address"]),
    )


def _subscription(r: dict) -> Subscription:
    return Subscription(
        id=r["subscription_id"], customer_id=r["customer_id"], product_line=r["product_line"],
        product=r["product"], number=_blank(r["number"]), monthly_fee_cents=r["monthly_fee_cents"],
        start_date=r["start_date"], end_date=r["end_date"], contract_end=r["contract_end"],
        status=r["status"], channel_id=r["channel_id"], sold_by_id=r["sold_by"],
    )


def _dated(model, **fields):
    def build(r: dict):
        return model(
            valid_from=r["valid_from"], valid_to=r["valid_to"],
            **{target: r[source] for target, source in fields.items()},
        )

    return build


# (table file, model, row → instance), in an order that satisfies foreign keys
TABLES = [
    ("unit", Unit, _unit),
    ("unit_link", UnitLink, _dated(UnitLink, unit_id="unit_id", parent_id="parent_id")),
    ("person", Person, _person),
    ("person_unit", Assignment, _dated(Assignment, person_id="person_id", unit_id="unit_id", post="post")),
    ("place", Place, _place),
    ("place_grid", PlaceGrid, _dated(PlaceGrid, place_id="place_id", grid_id="grid_id")),
    ("channel", Channel, _channel),
    ("customer", Customer, _customer),
    ("customer_grid", CustomerGrid, _dated(CustomerGrid, customer_id="customer_id", grid_id="grid_id")),
    ("subscription", Subscription, _subscription),
]


def clear() -> None:
    """Empty every table of the product (logins and history included), in the caller's
    transaction: the demo city replaces the whole database, never a part of it."""
    from django.core.management.color import no_style
    from django.core.management.sql import sql_flush
    from django.db import connection

    statements = sql_flush(no_style(), connection, allow_cascade=True)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def foreign_logins() -> list[str]:
    """Logins that the demo did not create: their presence means this is not a demo database."""
    return list(
        get_user_model().objects.exclude(username__in=_DEMO_USERNAMES).values_list("username", flat=True)
    )


CUSTOMER_TABLES = {"customer", "customer_grid", "subscription"}


def load_store(
    store: Path, *, progress: Progress | None = None, files_only: bool = False
) -> LoadSummary:
    """Replace the database's organisation, territory and customers with the store's.

    ``files_only`` keeps customers and subscriptions in the store alone: a
    province's millions of rows serve analytics from Parquet, not the web database.
    """
    dims = Path(store) / "dims"
    tables = [t for t in TABLES if not (files_only and t[0] in CUSTOMER_TABLES)]
    for name, _, _ in tables:
        if not (dims / f"{name}.parquet").exists():
            raise StoreError(f"{dims / (name + '.parquet')}: missing from the store")
    counts: dict[str, int] = {}
    with transaction.atomic():
        clear()
        for name, model, build in tables:
            path = dims / f"{name}.parquet"
            total, done = _rows(path), 0
            for rows in _batches(path):
                try:
                    model.objects.bulk_create([build(r) for r in rows], batch_size=2_000)
                except KeyError as exc:
                    raise StoreError(f"{path}: column {exc.args[0]!r} is missing") from exc
                done += len(rows)
                if progress:
                    progress(str(model._meta.verbose_name_plural), done, total)
            counts[name] = done
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
        "frontline": _person_in(first_grid.id, ["community_manager", "business_manager", "customer_manager"]),
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
        staff_no="AUDIT-001", name="审计员", post="marketing_department", role="auditor",
        user=auditor_user,
    )
    city = Unit.objects.filter(kind="city").first()
    if city is not None:
        Assignment.objects.create(person=auditor, unit=city, post="marketing_department", valid_from=_epoch())
    logins.append(_describe("auditor", auditor))
    User.objects.create_superuser("admin", password=password)
    logins.append(DemoLogin("admin", "superuser", "-", "-"))
    return logins


_DEMO_USERNAMES = ["gridmgr", "gridmgr2", "frontline", "director", "marketing", "backoffice", "auditor", "admin"]


def _epoch():
    from datetime import date

    return date(2000, 1, 1)


def _person_in(unit_id: int, posts: list[str]) -> Person | None:
    a = Assignment.objects.as_of().filter(unit_id=unit_id, post__in=posts).select_related("person").first()
    return a.person if a else None


def _any_post(post: str) -> Person | None:
    a = Assignment.objects.as_of().filter(post=post).select_related("person").order_by("person__staff_no").first()
    return a.person if a else None


def _describe(username: str, person: Person) -> DemoLogin:
    a = person.assignments.as_of().select_related("unit").first()
    return DemoLogin(username, person.role, person.name, a.unit.name if a else "-")
