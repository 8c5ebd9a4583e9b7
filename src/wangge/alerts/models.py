"""Early warning: the month's alerts per customer, the churn-model versions, the runs.

An ``Alert`` belongs to the customer's grid at the month end (``unit``) and is seen by
whoever sees that grid (``scoped_by("unit")``), like the customers and work orders.
``ModelVersion`` and ``AlertRun`` are the company's own records (no personal data).
The writer is ``wangge.alerts.monthly`` (and ``wangge.alerts.outcomes`` for outcomes).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.alerts.choices import AlertOutcome, Level, Rule
from wangge.customers.models import Customer
from wangge.org.models import Unit
from wangge.org.scoped import city_wide, scoped_by


class ModelVersion(models.Model):
    """One trained churn model: what it saw, how it did, whether scoring may use it."""

    trained_at = models.DateTimeField(_("trained at"), auto_now_add=True)
    trained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("trained by"),
    )
    train_from = models.DateField(_("first training month"))
    train_to = models.DateField(_("last training month"))
    validate_from = models.DateField(_("first validation month"))
    validate_to = models.DateField(_("last validation month"))
    rows = models.JSONField(_("rows"), default=dict)
    positives = models.JSONField(_("churned rows"), default=dict)
    metrics = models.JSONField(_("metrics"), default=dict)
    columns = models.JSONField(_("feature columns"), default=list)
    seconds = models.JSONField(_("seconds"), default=dict)
    blob = models.BinaryField(_("model"), editable=False)
    approved = models.BooleanField(_("approved"), default=False, db_index=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    objects = city_wide().as_manager()

    class Meta:
        verbose_name = _("churn model version")
        verbose_name_plural = _("churn model versions")
        ordering = ["-trained_at", "-pk"]

    def __str__(self) -> str:
        return f"v{self.pk} {self.train_from:%Y-%m}..{self.validate_to:%Y-%m}"


class AlertRun(models.Model):
    """The month's run: when, with which model version, what it said."""

    month = models.DateField(_("month"), unique=True)
    ran_at = models.DateTimeField(_("ran at"), auto_now=True)
    model_version = models.ForeignKey(
        ModelVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="runs",
        verbose_name=_("model version"),
    )
    notes = models.JSONField(_("notes"), default=list, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    options = models.JSONField(_("options"), default=dict, blank=True)

    objects = city_wide().as_manager()

    class Meta:
        verbose_name = _("alert run")
        verbose_name_plural = _("alert runs")
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class Alert(models.Model):
    """One rule (or the model's top-risk list) raised for one customer in one month."""

    run = models.ForeignKey(
        AlertRun, on_delete=models.CASCADE, related_name="alerts", verbose_name=_("run")
    )
    month = models.DateField(_("month"), db_index=True)
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="alerts", verbose_name=_("customer")
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alerts",
        verbose_name=_("grid"),
    )
    rule = models.CharField(_("rule"), max_length=24, choices=Rule.choices, db_index=True)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices, db_index=True)
    subscription_id = models.BigIntegerField(_("subscription"), null=True, blank=True)
    figure = models.BigIntegerField(_("figure"), null=True, blank=True)
    baseline = models.BigIntegerField(_("baseline"), null=True, blank=True)
    on_date = models.DateField(_("date"), null=True, blank=True)
    risk = models.FloatField(_("churn risk"), null=True, blank=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    action = models.CharField(_("suggested action"), max_length=300, blank=True)
    holdout = models.BooleanField(_("held out"), default=False)
    work_order = models.ForeignKey(
        "work.WorkOrder",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alerts",
        verbose_name=_("work order"),
    )
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=AlertOutcome.choices, blank=True
    )
    outcome_at = models.DateTimeField(_("outcome recorded at"), null=True, blank=True)

    objects = scoped_by("unit").as_manager()

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-month", "unit_id", "customer_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "customer", "rule"], name="one_alert_per_customer_rule_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.customer.code} {self.rule}"
