"""Marketing resources: budgets, requests, allocation plans with their edits, stock and
two-level delivery, and the closed loop's uses and results.

Rows belong to a unit and are seen by whoever sees it (``scoped_by``); a delivery is
seen from both ends (the support center that sends it and the grid that receives it).
A plan's header is the company's (``city_wide``), its lines are the units'. The
service modules (``planning``, ``delivery``, ``evaluation``) are the only writers.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangge.customers.models import Customer
from wangge.org.models import Person, Unit
from wangge.org.scoped import UnitScoped, city_wide, scoped_by
from wangge.resources.choices import (
    DeliveryStatus,
    PlanStatus,
    Purpose,
    ResourceKind,
    ResultKind,
)
from wangge.work.models import WorkOrder

KIND = {"max_length": 16, "choices": ResourceKind.choices, "db_index": True}


class Budget(models.Model):
    """The department's budget of one kind for one month (a year is twelve rows)."""

    month = models.DateField(_("month"), db_index=True)
    kind = models.CharField(_("resource kind"), **KIND)
    amount_cents = models.BigIntegerField(_("budget (cents)"))
    base_share = models.DecimalField(
        _("least share for the existing base"), max_digits=5, decimal_places=4, default=0.3
    )

    history = HistoricalRecords()
    objects = city_wide().as_manager()

    class Meta:
        verbose_name = _("resource budget")
        verbose_name_plural = _("resource budgets")
        ordering = ["month", "kind"]
        constraints = [models.UniqueConstraint(fields=["month", "kind"], name="one_budget")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.get_kind_display()}"


class Request(models.Model):
    """A unit asks for a kind in a month: at most ``amount_cents``, at least ``min_cents``."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="resource_requests",
                             verbose_name=_("unit"))  # fmt: skip
    month = models.DateField(_("month"), db_index=True)
    kind = models.CharField(_("resource kind"), **KIND)
    amount_cents = models.BigIntegerField(_("amount asked (cents)"))
    min_cents = models.BigIntegerField(_("least needed (cents)"), default=0)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    requested_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("requested by"))  # fmt: skip
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()
    objects = scoped_by("unit").as_manager()

    class Meta:
        verbose_name = _("resource request")
        verbose_name_plural = _("resource requests")
        ordering = ["month", "unit__code", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "month", "kind"], name="one_request")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.month:%Y-%m} {self.get_kind_display()}"


class Plan(models.Model):
    """The allocation of one month: proposed by the optimiser, edited, accepted."""

    month = models.DateField(_("month"), db_index=True)
    status = models.CharField(_("status"), max_length=16, choices=PlanStatus.choices,
                              default=PlanStatus.PROPOSED)  # fmt: skip
    objective_cents = models.BigIntegerField(_("expected attributable revenue (cents)"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("created by"))  # fmt: skip
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("accepted by"))  # fmt: skip
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = city_wide().as_manager()

    class Meta:
        verbose_name = _("allocation plan")
        verbose_name_plural = _("allocation plans")
        ordering = ["-month", "-id"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} #{self.pk}"


class PlanLine(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="lines",
                             verbose_name=_("allocation plan"))  # fmt: skip
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("unit"))  # fmt: skip
    kind = models.CharField(_("resource kind"), **KIND)
    purpose = models.CharField(_("purpose"), max_length=8, choices=Purpose.choices)
    proposed_cents = models.BigIntegerField(_("proposed (cents)"))
    cents = models.BigIntegerField(_("allocated (cents)"))
    last_cents = models.BigIntegerField(_("last period (cents)"), default=0)
    expected_cents = models.BigIntegerField(_("expected revenue of the proposal (cents)"),
                                            default=0)  # fmt: skip

    history = HistoricalRecords()
    objects = scoped_by("unit").as_manager()

    class Meta:
        verbose_name = _("allocation line")
        verbose_name_plural = _("allocation lines")
        ordering = ["kind", "unit__code", "purpose"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit", "kind", "purpose"], name="one_line")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_kind_display()} {self.get_purpose_display()}"


class PlanEdit(models.Model):
    """One change a person made to a proposed line, with the reason they gave."""

    line = models.ForeignKey(PlanLine, on_delete=models.CASCADE, related_name="edits",
                             verbose_name=_("allocation line"))  # fmt: skip
    before_cents = models.BigIntegerField(_("before (cents)"))
    after_cents = models.BigIntegerField(_("after (cents)"))
    reason = models.CharField(_("reason"), max_length=500)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                  related_name="+", verbose_name=_("edited by"))  # fmt: skip
    edited_at = models.DateTimeField(_("edited at"), default=timezone.now)

    objects = scoped_by("line__unit").as_manager()

    class Meta:
        verbose_name = _("allocation edit")
        verbose_name_plural = _("allocation edits")
        ordering = ["-edited_at", "-id"]

    def __str__(self) -> str:
        return f"{self.line} {self.before_cents} → {self.after_cents}"


class Stock(models.Model):
    """Gifts and materials held by an accounting support center."""

    holder = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="resource_stock",
                               verbose_name=_("held by"))  # fmt: skip
    kind = models.CharField(_("resource kind"), **KIND)
    item = models.CharField(_("item"), max_length=100)
    quantity = models.PositiveIntegerField(_("quantity"), default=0)
    unit_value_cents = models.BigIntegerField(_("value per piece (cents)"), default=0)

    history = HistoricalRecords()
    objects = scoped_by("holder").as_manager()

    class Meta:
        verbose_name = _("stock")
        verbose_name_plural = _("stock")
        ordering = ["holder__code", "kind", "item"]
        constraints = [
            models.UniqueConstraint(fields=["holder", "kind", "item"], name="one_stock_item")
        ]

    def __str__(self) -> str:
        return f"{self.item} ({self.holder})"


class DeliveryQuerySet(UnitScoped):
    """A delivery is seen by both ends: the support center sending, the grid receiving."""

    def visible_to(self, user, as_of=None):
        from wangge.org.scope import visible_unit_ids

        ids = visible_unit_ids(user)
        return self if ids is None else self.filter(Q(grid__in=ids) | Q(source__in=ids))


class DeliveryOrder(models.Model):
    """Deliver instead of collect: the support center sends a grid what it asked for."""

    source = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="deliveries_sent",
                               verbose_name=_("sent by"))  # fmt: skip
    grid = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="deliveries_received",
                             verbose_name=_("grid"))  # fmt: skip
    request = models.ForeignKey(Request, on_delete=models.PROTECT, related_name="deliveries",
                                verbose_name=_("resource request"))  # fmt: skip
    stock = models.ForeignKey(Stock, on_delete=models.PROTECT, related_name="deliveries",
                              verbose_name=_("stock"))  # fmt: skip
    quantity = models.PositiveIntegerField(_("quantity"))
    value_cents = models.BigIntegerField(_("value (cents)"))
    status = models.CharField(_("status"), max_length=16, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.SENT, db_index=True)  # fmt: skip
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                related_name="+", verbose_name=_("sent by"))  # fmt: skip
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    received_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("received by"))  # fmt: skip
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery order")
        verbose_name_plural = _("delivery orders")
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.stock.item} × {self.quantity} → {self.grid}"


class Use(models.Model):
    """A resource spent: on a campaign, a customer or a work order (or the whole unit)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="resource_uses",
                             verbose_name=_("unit"))  # fmt: skip
    kind = models.CharField(_("resource kind"), **KIND)
    purpose = models.CharField(_("purpose"), max_length=8, choices=Purpose.choices,
                               default=Purpose.GROWTH)  # fmt: skip
    day = models.DateField(_("day"), db_index=True)
    cents = models.BigIntegerField(_("spent (cents)"))
    campaign = models.CharField(_("campaign"), max_length=100, blank=True)
    customer = models.ForeignKey(Customer, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("customer"))  # fmt: skip
    work_order = models.ForeignKey(WorkOrder, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("work order"))  # fmt: skip
    delivery = models.ForeignKey(DeliveryOrder, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="uses", verbose_name=_("delivery order"))  # fmt: skip
    recorded_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))  # fmt: skip

    objects = scoped_by("unit").as_manager()

    class Meta:
        verbose_name = _("resource use")
        verbose_name_plural = _("resource uses")
        ordering = ["-day", "-id"]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_kind_display()} {self.day}"


class Result(models.Model):
    """What the market answered: an order, a new add or a retained customer, with its
    revenue; the attribution rule (``wangge.core.resources.loop``) credits it to uses."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="resource_results",
                             verbose_name=_("unit"))  # fmt: skip
    kind = models.CharField(_("kind"), max_length=16, choices=ResultKind.choices)
    day = models.DateField(_("day"), db_index=True)
    revenue_cents = models.BigIntegerField(_("revenue (cents)"))
    customer = models.ForeignKey(Customer, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("customer"))  # fmt: skip

    objects = scoped_by("unit").as_manager()

    class Meta:
        verbose_name = _("marketing result")
        verbose_name_plural = _("marketing results")
        ordering = ["-day", "-id"]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_kind_display()} {self.day}"
