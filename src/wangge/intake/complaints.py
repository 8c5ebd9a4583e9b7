"""Imported complaints become work orders: each open ticket once, for its customer's grid.

A complaint file's rows land in the store (``storefiles``); in the same database
transaction that records the run, every ticket not yet resolved that has no order
yet opens one (``wangge.work.orders.open_for_complaint``) for the grid the customer
is in today, assigned to that grid's manager (else the center director above it),
due at the ticket's time limit (else ``DEFAULT_DAYS`` after it was opened). The
ticket → order link (``ComplaintOrder``) makes a re-import open nothing new, whatever
the file. A rollback removes the orders the run opened while nobody has touched
them; an order already accepted or worked on keeps the run from being rolled back.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

DEFAULT_DAYS = 2


class ComplaintRollbackRefused(ValueError):
    pass


def _deadline(row) -> datetime:
    day = row["due_at"] or (row["opened_at"] + timedelta(days=DEFAULT_DAYS))
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def _assignee(grid):
    from wangge.org.models import Assignment, Post
    from wangge.work.orders import director_of

    found = (
        Assignment.objects.as_of()
        .filter(unit=grid, post=Post.GRID_MANAGER)
        .select_related("person")
        .order_by("valid_from", "pk")
        .first()
    )
    return found.person if found is not None else director_of(grid)


def open_orders(rows: list[dict], run, user, outcome) -> int:
    """Open the orders of the file's open tickets that have none; returns how many.
    Tickets whose customer is in no grid, or whose grid has nobody, are counted in
    ``outcome.orders_unassigned`` and left for the next import."""
    from wangge.customers.models import Customer, CustomerGrid
    from wangge.intake.models import ComplaintOrder
    from wangge.work.orders import open_for_complaint

    waiting = [r for r in rows if r["resolved_at"] is None]
    known = set(
        ComplaintOrder.objects.filter(
            complaint_id__in=[r["complaint_id"] for r in waiting]
        ).values_list("complaint_id", flat=True)
    )
    waiting = [r for r in waiting if r["complaint_id"] not in known]
    ids = {r["customer_id"] for r in waiting}
    customers = Customer.objects.in_bulk(ids)
    grids = {
        link.customer_id: link.grid
        for link in CustomerGrid.objects.as_of().filter(customer_id__in=ids).select_related("grid")
    }
    people: dict[int, object] = {}
    opened = unassigned = 0
    for r in waiting:
        grid = grids.get(r["customer_id"])
        if grid is not None and grid.pk not in people:
            people[grid.pk] = _assignee(grid)
        person = people.get(grid.pk) if grid is not None else None
        if person is None:
            unassigned += 1
            continue
        customer = customers[r["customer_id"]]
        category = r["category"] or _("complaint")
        order = open_for_complaint(
            unit=grid,
            customer=customer,
            assignee=person,
            title=_("Complaint: %(category)s (%(customer)s)")
            % {"category": category, "customer": customer.name},
            description=_("Opened on %(day)s; brought in by import #%(run)s.")
            % {"day": r["opened_at"].isoformat(), "run": run.pk},
            deadline_at=_deadline(r),
            created_by=user,
        )
        ComplaintOrder.objects.create(complaint_id=r["complaint_id"], order=order, run=run)
        opened += 1
    outcome.orders_opened, outcome.orders_unassigned = opened, unassigned
    return opened


def rollback(run) -> None:
    """Remove the orders ``run`` opened; refused if one of them is already being worked."""
    from wangge.intake.models import ComplaintOrder
    from wangge.work.choices import WorkOrderStatus
    from wangge.work.models import WorkOrder

    links = ComplaintOrder.objects.filter(run=run).select_related("order")
    worked = [link.order for link in links if link.order.status != WorkOrderStatus.ASSIGNED]
    if worked:
        raise ComplaintRollbackRefused(
            f"work order #{worked[0].pk} opened by import #{run.pk} is already "
            f"{worked[0].status}: close it rather than roll the import back"
        )
    WorkOrder.objects.filter(pk__in=[link.order_id for link in links]).delete()
