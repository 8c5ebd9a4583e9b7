"""Targets: a decomposition (plan), the targets it gave, and the directors' adjustments."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangge.appraisal.choices import (
    Measure,
    TargetSource,
)
from wangge.appraisal.models.subjects import SubjectQuerySet, _item, one_per_subject, subject_keys
from wangge.base.fields import user_key
from wangge.org.models import Unit
from wangge.org.scoped import scoped_by


class TargetPlan(models.Model):
    """One decomposition: a total of one indicator for one month, split from a root unit.

    Keeps the weights used and the total, so the derivation of every target under it
    can be shown again ("12000 × share 0.1834 ≈ 2201").
    """

    month = models.DateField(_("month"), db_index=True, help_text=_("first day of the month"))
    indicator_key = models.CharField(_("indicator"), max_length=64)
    root = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("root unit")
    )
    total = models.BigIntegerField(_("total"))
    measure = models.CharField(
        _("unit of measure"), max_length=8, choices=Measure.choices, default=Measure.COUNT
    )
    weights = models.JSONField(_("weights"), default=dict, blank=True)
    factors = models.JSONField(_("factors"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = user_key(_("created by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()

    objects = scoped_by("root").as_manager()

    class Meta:
        verbose_name = _("target plan")
        verbose_name_plural = _("target plans")
        ordering = ["-month", "indicator_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "indicator_key", "root"], name="appraisal_plan_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {_item(self.indicator_key)} {self.total}"


class Target(models.Model):
    """A unit's (or a person's) target of one indicator for one month.

    ``value`` is an integer: a count, or cents for money indicators (see ``measure``).
    ``formula_value`` is what the decomposition gave before any hand adjustment.
    """

    plan = models.ForeignKey(
        TargetPlan,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("plan"),
    )
    month = models.DateField(_("month"), db_index=True, help_text=_("first day of the month"))
    indicator_key = models.CharField(_("indicator"), max_length=64, db_index=True)
    unit, person = subject_keys("targets")
    value = models.BigIntegerField(_("value"))
    measure = models.CharField(
        _("unit of measure"), max_length=8, choices=Measure.choices, default=Measure.COUNT
    )
    formula_value = models.BigIntegerField(_("formula value"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=16, choices=TargetSource.choices, default=TargetSource.DECOMPOSED
    )
    derivation = models.JSONField(_("derivation"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SubjectQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["-month", "indicator_key", "unit__code"]
        constraints = [
            *one_per_subject("appraisal_target", "month", "indicator_key", "subject"),
            models.CheckConstraint(
                condition=Q(unit__isnull=False, person__isnull=True)
                | Q(unit__isnull=True, person__isnull=False),
                name="appraisal_target_one_subject",
            ),
        ]

    def __str__(self) -> str:
        who = self.unit or self.person
        return f"{self.month:%Y-%m} {_item(self.indicator_key)} {who}: {self.value}"


class TargetAdjustment(models.Model):
    """A director's move of one target within ±10 %, with the siblings that absorbed it."""

    plan = models.ForeignKey(
        TargetPlan,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="adjustments",
        verbose_name=_("plan"),
    )
    month = models.DateField(_("month"))
    indicator_key = models.CharField(_("indicator"), max_length=64)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="target_adjustments", verbose_name=_("unit")
    )
    before = models.BigIntegerField(_("before"))
    after = models.BigIntegerField(_("after"))
    formula_value = models.BigIntegerField(_("formula value"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    siblings = models.JSONField(
        _("siblings"), default=dict, blank=True, help_text=_("sibling unit id → [before, after]")
    )
    by = user_key(_("by"))
    by_name = models.CharField(_("by (name)"), max_length=100, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    objects = scoped_by("unit").as_manager()

    class Meta:
        verbose_name = _("target adjustment")
        verbose_name_plural = _("target adjustments")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.unit} {_item(self.indicator_key)} {self.before} → {self.after}"
