"""Two-level delivery ("deliver instead of collect"): the accounting support center
sends a grid what it asked for from its stock; the grid confirms receipt; resources are
then used against campaigns, customers or work orders. All or nothing."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.core.resources.kinds import PHYSICAL
from wangge.customers.models import Customer
from wangge.org.models import Unit
from wangge.org.scope import may
from wangge.resources.choices import DeliveryStatus
from wangge.resources.models import DeliveryOrder, Request, Stock, Use
from wangge.resources.refusals import ResourcesRefused, kind_label
from wangge.work.models import WorkOrder


def _need(user, action: str) -> None:
    if not may(user, action):
        raise PermissionDenied


def _person(user):
    return getattr(user, "person", None) if user is not None else None


@transaction.atomic
def send(user, stock: Stock, grid: Unit, quantity: int, month: date) -> DeliveryOrder:
    """A delivery order from the stock's holder to ``grid``: only to a grid that asked
    for the stock's kind that month, never more than the stock holds."""
    _need(user, "resources.deliver")
    stock = Stock.objects.visible_to(user).select_for_update().filter(pk=stock.pk).first()
    if stock is None:
        raise ResourcesRefused("stock", _("That stock is not in your scope."))
    if not Unit.objects.visible_to(user).filter(pk=grid.pk).exists():
        raise ResourcesRefused("grid", _("That grid is not in your scope."))
    request = Request.objects.filter(unit=grid, month=month, kind=stock.kind).first()
    if request is None:
        raise ResourcesRefused(
            "grid",
            _("%(grid)s did not ask for %(kind)s in %(month)s: nothing is delivered.")
            % {"grid": grid.name, "kind": kind_label(stock.kind), "month": f"{month:%Y-%m}"},
        )
    if quantity <= 0:
        raise ResourcesRefused("quantity", _("The quantity must be more than zero."))
    if quantity > stock.quantity:
        raise ResourcesRefused(
            "quantity",
            _("Only %(left)s of %(item)s are in stock.") % {"left": stock.quantity,
                                                             "item": stock.item},
        )  # fmt: skip
    Stock.objects.filter(pk=stock.pk).update(quantity=F("quantity") - quantity)
    return DeliveryOrder.objects.create(
        source=stock.holder, grid=grid, request=request, stock=stock, quantity=quantity,
        value_cents=quantity * stock.unit_value_cents,
        sent_by=user if user is not None and user.is_authenticated else None,
    )  # fmt: skip


def may_receive(user, order: DeliveryOrder) -> bool:
    """The grid's people confirm (``resources.receive``), for a grid they are assigned to
    or see; the sending center does not confirm its own delivery."""
    return (
        may(user, "resources.receive")
        and Unit.objects.visible_to(user).filter(pk=order.grid_id).exists()
    )


@transaction.atomic
def receive(user, order: DeliveryOrder) -> DeliveryOrder:
    order = DeliveryOrder.objects.visible_to(user).select_for_update().filter(pk=order.pk).first()
    if order is None:
        raise PermissionDenied
    if not may_receive(user, order):
        raise PermissionDenied
    if order.status != DeliveryStatus.SENT:
        raise ResourcesRefused("status", _("This delivery is already confirmed."))
    order.status = DeliveryStatus.RECEIVED
    order.received_by = _person(user)
    order.received_at = timezone.now()
    order.save()
    return order


@transaction.atomic
def record_use(user, unit: Unit, kind: str, day: date, cents: int, *, purpose: str = "growth",
               campaign: str = "", customer: Customer | None = None,
               work_order: WorkOrder | None = None,
               delivery: DeliveryOrder | None = None) -> Use:  # fmt: skip
    """Resources spent in a unit in scope; a customer or work order must be of that unit,
    gifts and materials come from a received delivery to it."""
    _need(user, "resources.use")
    if not Unit.objects.visible_to(user).filter(pk=unit.pk).exists():
        raise ResourcesRefused("unit", _("That unit is not in your scope."))
    if cents <= 0:
        raise ResourcesRefused("cents", _("The amount spent must be more than zero."))
    if (
        customer is not None
        and not Customer.objects.visible_to(user).filter(pk=customer.pk).exists()
    ):
        raise ResourcesRefused("customer", _("That customer is not in your scope."))
    if (
        work_order is not None
        and not WorkOrder.objects.visible_to(user).filter(pk=work_order.pk, unit=unit).exists()
    ):
        raise ResourcesRefused("work_order", _("That work order is not of this unit."))
    if kind in PHYSICAL:
        if delivery is None or delivery.grid_id != unit.pk or delivery.stock.kind != kind:
            raise ResourcesRefused(
                "delivery", _("Gifts and materials are used from a delivery to this grid.")
            )
        if delivery.status != DeliveryStatus.RECEIVED:
            raise ResourcesRefused("delivery", _("Confirm receipt of the delivery first."))
    return Use.objects.create(
        unit=unit, kind=kind, purpose=purpose, day=day, cents=cents, campaign=campaign,
        customer=customer, work_order=work_order, delivery=delivery, recorded_by=_person(user),
    )  # fmt: skip
