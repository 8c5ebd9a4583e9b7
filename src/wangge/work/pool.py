"""The ownership pool (公海): who owns each customer and place within its grid, the
prospects that return to the grid's pool when nobody follows them up
(``settings.WANGGE_POOL_DAYS``, default 30), and the grid manager giving pooled rows to
people of the grid. The rules are ``wangge.core.work.pool``; every change is a row of
the ``Owner`` history with its reason.

A row is in the pool when it has no owner, or its owner was given it in another grid
(the customer or place moved): the pool is read from today's grid links, so it needs
no job to stay right after a reorganisation.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.core.work import pool as rules
from wangge.customers.models import Customer, CustomerGrid
from wangge.org.dated import today
from wangge.org.scope import may
from wangge.territory.models import Place, PlaceGrid
from wangge.work.choices import OwnerChange
from wangge.work.models import Opportunity, Owner, StageMove, Survey, Visit, WorkOrder
from wangge.work.placement import check_person, check_subject, check_unit
from wangge.work.refusals import WorkRefused


def pool_days() -> int:
    return int(getattr(settings, "WANGGE_POOL_DAYS", rules.DEFAULT_POOL_DAYS))


def _grid_link(model, field: str):
    return model.objects.as_of(today()).filter(**{field: OuterRef("pk")}).order_by("-valid_from")


def with_grid_and_owner(qs: QuerySet, *, place: bool = False) -> QuerySet:
    """Customers (or places) with today's ``grid_id``, the owner within that grid
    (``owner_person_id``, ``owner_since``) and ``owned``."""
    link = _grid_link(PlaceGrid, "place") if place else _grid_link(CustomerGrid, "customer")
    field = "place" if place else "customer"
    in_grid = Owner.objects.filter(
        **{field: OuterRef("pk")}, unit_id=OuterRef("grid_id"), person__isnull=False
    )
    return qs.annotate(grid_id=Subquery(link.values("grid_id")[:1])).annotate(
        owned=Exists(in_grid),
        owner_person_id=Subquery(in_grid.values("person_id")[:1]),
        owner_since=Subquery(in_grid.values("since")[:1]),
    )


def pooled_customers(user, unit=None) -> QuerySet:
    """The customers in the pool of the grids ``user`` sees (or of ``unit``)."""
    qs = with_grid_and_owner(Customer.objects.visible_to(user)).filter(
        owned=False, grid_id__isnull=False
    )
    return (qs.filter(grid_id=unit.pk) if unit is not None else qs).order_by("code")


def pooled_places(user, unit=None) -> QuerySet:
    qs = with_grid_and_owner(Place.objects.visible_to(user), place=True).filter(
        owned=False, grid_id__isnull=False
    )
    return (qs.filter(grid_id=unit.pk) if unit is not None else qs).order_by("code")


def _grid_of(subject) -> object | None:
    link = subject.grid_links.as_of(today()).select_related("grid").first()
    return link.grid if link else None


def _set_owner(subject, unit, person, reason: str, user=None) -> Owner:
    field = "customer" if isinstance(subject, Customer) else "place"
    row = Owner.objects.filter(**{field: subject}).first() or Owner(**{field: subject})
    row.unit, row.person, row.reason = unit, person, reason
    row.since = timezone.now()
    row.changed_by = user if user is not None and user.is_authenticated else None
    row.save()
    return row


@dataclass(frozen=True)
class Given:
    customers: int
    places: int


def give(user, unit, person, *, customers=(), places=()) -> Given:
    """The grid manager (``work.assign``) gives pooled or owned customers and places of
    ``unit`` to ``person``, who must work in it. All or nothing."""
    if not may(user, "work.assign"):
        raise WorkRefused("person", _("You may not give customers to people."))
    if not customers and not places:
        raise WorkRefused("customers", _("Choose the customers or places to give."))
    check_unit(user, unit)
    check_person(user, person, unit, "person")
    for customer in customers:
        check_subject(user, unit, customer=customer)
    for place in places:
        check_subject(user, unit, place=place)
    with transaction.atomic():
        for subject in (*customers, *places):
            _set_owner(subject, unit, person, OwnerChange.GIVEN, user)
    return Given(len(customers), len(places))


def release(user, subject) -> Owner:
    """The grid manager puts one customer or place back in its grid's pool."""
    if not may(user, "work.assign"):
        raise WorkRefused("person", _("You may not change owners."))
    unit = _grid_of(subject)
    if unit is None:
        raise WorkRefused("customer", _("The customer or place is in no grid today."))
    check_unit(user, unit)
    if isinstance(subject, Customer):
        check_subject(user, unit, customer=subject)
    else:
        check_subject(user, unit, place=subject)
    with transaction.atomic():
        return _set_owner(subject, unit, None, OwnerChange.RELEASED, user)


def take_on_survey(person, customer, unit) -> None:
    """A customer a survey created belongs to its surveyor (who works in the grid)."""
    if not Owner.objects.filter(customer=customer).exists():
        _set_owner(customer, unit, person, OwnerChange.SURVEYED)


def _latest(qs, field: str):
    return Subquery(qs.values("customer").annotate(last=Max(field)).values("last")[:1])


def follow_ups(qs: QuerySet) -> QuerySet:
    """Owner rows of customers with the last follow-up of each kind: a visit, a
    survey, an opportunity raised or moved, a work order started or closed."""
    c = OuterRef("customer_id")
    return qs.annotate(
        last_visit=_latest(Visit.objects.filter(customer=c), "checked_in_at"),
        last_survey=_latest(Survey.objects.filter(customer=c), "created_at"),
        last_opportunity=_latest(Opportunity.objects.filter(customer=c), "created_at"),
        last_move=Subquery(
            StageMove.objects.filter(opportunity__customer=c)
            .values("opportunity__customer")
            .annotate(last=Max("moved_at"))
            .values("last")[:1]
        ),
        last_started=_latest(WorkOrder.objects.filter(customer=c), "started_at"),
        last_closed=_latest(WorkOrder.objects.filter(customer=c), "closed_at"),
    )


FOLLOW_UP_FIELDS = (
    "last_visit",
    "last_survey",
    "last_opportunity",
    "last_move",
    "last_started",
    "last_closed",
)


def return_idle(now=None, days: int | None = None) -> list[Owner]:
    """Every owned prospect nobody followed up for ``days`` returns to its grid's pool.
    Idempotent (a pooled row has no owner to lose), so it can run daily from cron."""
    now = now or timezone.now()
    days = pool_days() if days is None else days
    link = CustomerGrid.objects.as_of(today()).filter(customer=OuterRef("customer_id"))
    rows = follow_ups(
        Owner.objects.filter(customer__isnull=False, person__isnull=False)
        .select_related("customer", "unit", "person")
        .annotate(grid_id=Subquery(link.values("grid_id")[:1]))
    )
    rows = {r.pk: r for r in rows}
    holders = [
        rules.Holder(
            key=r.pk,
            ownership=r.customer.ownership,
            grid_id=r.grid_id,
            owner_id=r.person_id,
            owner_grid_id=r.unit_id,
            since=r.since,
            follow_ups=tuple(getattr(r, f) for f in FOLLOW_UP_FIELDS),
        )
        for r in rows.values()
    ]
    due = rules.due_for_pool(holders, now, days)
    returned = []
    with transaction.atomic():
        for key in due:
            row = rows[key]
            row.previous_person = row.person
            row.person, row.reason, row.since, row.changed_by = (
                None,
                OwnerChange.RETURNED,
                now,
                None,
            )
            row.save()
            returned.append(row)
    return returned
