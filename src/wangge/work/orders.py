"""Work orders: create one for a person, move it through its lifecycle, escalate the
complaints whose resolution deadline passed. The rules are ``wangge.core.work.orders``;
this module loads, checks scope, writes all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.core.work import orders as rules
from wangge.org.dated import today
from wangge.org.models import Assignment, Person, Post, UnitLink
from wangge.org.scope import may
from wangge.work.access import may_move_order
from wangge.work.choices import WorkOrderStatus
from wangge.work.models import WorkOrder
from wangge.work.placement import check_person, check_subject, check_unit
from wangge.work.refusals import WorkRefused, order_move_message


def create_order(user, *, unit, assignee, kind, title, **fields) -> WorkOrder:
    """A new order, assigned; every foreign key re-checked against ``user``'s scope."""
    if not may(user, "work.assign"):
        raise WorkRefused("assignee", _("You may not assign work orders."))
    if not title or not title.strip():
        raise WorkRefused("title", _("A work order needs a title."))
    check_unit(user, unit)
    check_person(user, assignee, unit, "assignee")
    check_subject(user, unit, fields.get("customer"), fields.get("place"))
    if kind == rules.COMPLAINT and fields.get("deadline_at") is None:
        raise WorkRefused("deadline_at", _("A complaint needs a resolution deadline."))
    with transaction.atomic():
        return WorkOrder.objects.create(
            unit=unit,
            assignee=assignee,
            kind=kind,
            title=title.strip(),
            created_by=user if user is not None and user.is_authenticated else None,
            **fields,
        )


def open_for_complaint(
    *, unit, customer, assignee, title, deadline_at, description="", created_by=None
) -> WorkOrder:
    """An order opened by an imported complaint, for the grid's own person.

    No person's scope is checked: the importer's right (``customers.import``) is
    checked by intake, and the order goes to someone working in the customer's grid.
    """
    from wangge.work.placement import works_in

    if not title or not title.strip():
        raise WorkRefused("title", _("A work order needs a title."))
    if deadline_at is None:
        raise WorkRefused("deadline_at", _("A complaint needs a resolution deadline."))
    if not works_in(assignee, unit):
        raise WorkRefused(
            "assignee",
            _("%(person)s does not work in %(unit)s.") % {"person": assignee.name, "unit": unit},
        )
    return WorkOrder.objects.create(
        unit=unit,
        customer=customer,
        assignee=assignee,
        kind=rules.COMPLAINT,
        title=title.strip()[:200],
        description=description,
        deadline_at=deadline_at,
        due_at=deadline_at,
        created_by=created_by if getattr(created_by, "pk", None) else None,
    )


def move_order(user, order: WorkOrder, target: str, reason: str = "") -> WorkOrder:
    """``order`` to ``target`` if the lifecycle allows it, stamping the time."""
    if not may_move_order(user, order):
        raise WorkRefused("status", _("Only the assignee or a manager may move this order."))
    refusal = rules.check_move(order.status, target, reason)
    if refusal is not None:
        raise WorkRefused(
            "reason" if refusal.rule == "reason_required" else "status", order_move_message(refusal)
        )
    now = timezone.now()
    with transaction.atomic():
        locked = WorkOrder.objects.select_for_update().get(pk=order.pk)
        if locked.status != order.status:  # moved meanwhile by someone else
            raise WorkRefused("status", _("The order was changed meanwhile; reload it."))
        locked.status = target
        if target == WorkOrderStatus.ACCEPTED:
            locked.accepted_at = now
        elif target == WorkOrderStatus.IN_PROGRESS:
            locked.started_at = now
        elif target in rules.CLOSED:
            locked.closed_at = now
        if target == WorkOrderStatus.RETURNED:
            locked.return_reason = reason.strip()
        locked.save()
    return locked


def director_of(unit) -> Person | None:
    """The center director of the unit above ``unit`` today (walking up to the first
    unit that has one), or None."""
    day = today()
    seen = set()
    current = unit.pk
    while current is not None and current not in seen:
        seen.add(current)
        link = UnitLink.objects.as_of(day).filter(unit_id=current).first()
        current = link.parent_id if link else None
        if current is None:
            return None
        found = (
            Assignment.objects.as_of(day)
            .filter(unit_id=current, post=Post.CENTER_DIRECTOR)
            .select_related("person")
            .order_by("valid_from", "pk")
            .first()
        )
        if found is not None:
            return found.person
    return None


@dataclass(frozen=True)
class Escalation:
    order: WorkOrder
    director: Person | None  # None: no director found (the order is left for the next run)


def escalate(now: datetime | None = None) -> list[Escalation]:
    """Escalate every open complaint past its deadline to its grid's center director.

    Idempotent: an escalated order keeps its ``escalated_at`` and is not touched again;
    one whose grid has no director is reported and stays as it is.
    """
    now = now or timezone.now()
    open_late = WorkOrder.objects.filter(
        kind=rules.COMPLAINT,
        status__in=rules.OPEN,
        deadline_at__lt=now,
        escalated_at__isnull=True,
    ).select_related("unit")
    done = []
    with transaction.atomic():
        for order in open_late.select_for_update():
            if not rules.must_escalate(
                order.kind, order.status, order.deadline_at, order.escalated_at, now
            ):
                continue
            director = director_of(order.unit)
            if director is not None:
                order.escalated_to = director
                order.escalated_at = now
                order.save(update_fields=["escalated_to", "escalated_at"])
            done.append(Escalation(order, director))
    return done
