"""Work orders: anything that needs a person's action (an alert, a complaint, a survey
follow-up, a name on a list), assigned → accepted → in progress → done / returned."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangge.core.work import orders as rules
from wangge.org.models import Person
from wangge.work.choices import WorkOrderKind, WorkOrderStatus
from wangge.work.models.base import AtCustomerOrPlace, InGrid, Made


class WorkOrder(InGrid, AtCustomerOrPlace, Made):
    kind = models.CharField(_("kind"), max_length=16, choices=WorkOrderKind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    assignee = models.ForeignKey(Person, on_delete=models.PROTECT, verbose_name=_("assignee"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=WorkOrderStatus.choices,
        default=WorkOrderStatus.ASSIGNED,
        db_index=True,
    )
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    deadline_at = models.DateTimeField(
        _("resolution deadline"),
        null=True,
        blank=True,
        help_text=_("complaints: escalated to the center director when missed"),
    )
    return_reason = models.CharField(_("reason for returning"), max_length=500, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    escalated_to = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalated_work_orders",
        verbose_name=_("escalated to"),
    )
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        default_related_name = "work_orders"
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["assignee", "status"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def overdue(self) -> bool:
        return rules.is_overdue(self.status, self.due_at, timezone.now())
