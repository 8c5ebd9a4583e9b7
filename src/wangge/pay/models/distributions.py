"""Pools and their second distribution: versions, payslip lines and paid sales.

An approved distribution is locked: its rows refuse to change, a correction is a
new version.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangge.base.fields import user_key
from wangge.core.pay import COMPONENTS
from wangge.org.models import Person, Unit
from wangge.pay.choices import DistributionStatus


class PayPoolQuerySet(models.QuerySet):
    def visible_to(self, user, as_of=None) -> PayPoolQuerySet:
        """Pools of the units ``user`` may see (the city for marketing and auditors)."""
        from wangge.org.scope import visible_unit_ids

        ids = visible_unit_ids(user)
        return self if ids is None else self.filter(unit_id__in=ids)


class PayPool(models.Model):
    """A center's or county's pool for a month, from its published appraisal."""

    month = models.DateField(_("month"), db_index=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="pay_pools", verbose_name=_("unit")
    )
    appraisal_run = models.ForeignKey(
        "appraisal.AppraisalRun",
        on_delete=models.PROTECT,
        related_name="pay_pools",
        verbose_name=_("appraisal run"),
    )
    base_cents = models.BigIntegerField(_("base (cents)"))
    tier = models.CharField(_("budget tier"), max_length=8)
    tier_coefficient = models.DecimalField(_("tier coefficient"), max_digits=6, decimal_places=3)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2)
    revenue_above_budget_cents = models.BigIntegerField(_("revenue above budget (cents)"))
    computed_cents = models.BigIntegerField(_("computed pool (cents)"))
    pool_cents = models.BigIntegerField(_("pool after the company ceiling (cents)"))
    scaled_down = models.BooleanField(_("scaled to the company total"), default=False)
    heads = models.PositiveIntegerField(_("people"), default=0)
    derivation = models.JSONField(_("derivation"), default=dict)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    objects = PayPoolQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pay pool")
        verbose_name_plural = _("pay pools")
        ordering = ["-month", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["month", "unit"], name="pay_pool_one_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.month:%Y-%m}"


class DistributionLocked(Exception):
    """An approved distribution, or one of its lines, was about to change."""


class DistributionQuerySet(models.QuerySet):
    def visible_to(self, user, as_of=None) -> DistributionQuerySet:
        """Distributions whose pay ``user`` may read (``wangge.pay.access``): a director
        their center's, marketing and auditors the city's, anyone else none."""
        from wangge.pay.access import unit_pay_ids

        ids = unit_pay_ids(user)
        return self if ids is None else self.filter(unit_id__in=ids)


class Distribution(models.Model):
    """One version of a unit's second distribution for a month, and its approval."""

    month = models.DateField(_("month"), db_index=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="pay_distributions", verbose_name=_("unit")
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=DistributionStatus.choices,
        default=DistributionStatus.DRAFT,
    )
    pool_cents = models.BigIntegerField(_("pool (cents)"))
    formula_part_cents = models.BigIntegerField(_("formula part (cents)"), default=0)
    discretionary_part_cents = models.BigIntegerField(_("discretionary part (cents)"), default=0)
    returned_cents = models.BigIntegerField(_("returned to the company (cents)"), default=0)
    drafted_by = user_key(_("drafted by"))
    drafted_at = models.DateTimeField(_("drafted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = user_key(_("approved or returned by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    objects = DistributionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")
        ordering = ["-month", "unit__code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "unit", "version"], name="pay_distribution_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.month:%Y-%m} v{self.version}"

    def save(self, *args, **kwargs) -> None:
        """Refuse to change an approved version: corrections are new versions."""
        if self._stored_status() == DistributionStatus.APPROVED:
            raise DistributionLocked(f"{self} is approved and locked")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_status() == DistributionStatus.APPROVED:
            raise DistributionLocked(f"{self} is approved and locked")
        return super().delete(*args, **kwargs)

    @property
    def locked(self) -> bool:
        return self.status == DistributionStatus.APPROVED

    def _stored_status(self) -> str | None:
        if self.pk is None:
            return None
        return Distribution.objects.filter(pk=self.pk).values_list("status", flat=True).first()


class PayLineQuerySet(models.QuerySet):
    def visible_to(self, user, as_of=None) -> PayLineQuerySet:
        """A person's own lines, and the lines of the units whose pay they may read."""
        from wangge.pay.access import unit_pay_ids

        if user is None or not user.is_authenticated:
            return self.none()
        person = getattr(user, "person", None)
        own = models.Q(person=person) if person is not None else models.Q(pk__in=[])
        ids = unit_pay_ids(user)
        if ids is None:
            return self
        return self.filter(own | models.Q(distribution__unit_id__in=ids))


class PayLine(models.Model):
    """One line of a person's payslip, inside one distribution version."""

    distribution = models.ForeignKey(
        Distribution, on_delete=models.CASCADE, related_name="lines", verbose_name=_("distribution")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="pay_lines", verbose_name=_("person")
    )
    component = models.CharField(
        _("component"), max_length=32, choices=[(c, c) for c in COMPONENTS]
    )
    item = models.CharField(_("item"), max_length=100, blank=True)
    amount_cents = models.BigIntegerField(_("amount (cents)"))
    reason = models.TextField(_("reason"), blank=True)
    derivation = models.JSONField(_("derivation"), default=dict)
    subscription = models.ForeignKey(
        "customers.Subscription",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pay_lines",
        verbose_name=_("subscription"),
    )

    objects = PayLineQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pay line")
        verbose_name_plural = _("pay lines")
        ordering = ["distribution", "person", "id"]

    def __str__(self) -> str:
        from wangge.core.formatting import yuan
        from wangge.pay.presentation import component_label

        return f"{self.person} {component_label(self.component)} {yuan(self.amount_cents)}"

    def save(self, *args, **kwargs) -> None:
        if self.distribution.status == DistributionStatus.APPROVED:
            raise DistributionLocked(f"{self.distribution} is approved and locked")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.distribution.status == DistributionStatus.APPROVED:
            raise DistributionLocked(f"{self.distribution} is approved and locked")
        return super().delete(*args, **kwargs)


class SalePoints(models.Model):
    """A sale's points and money in one distribution version: what a clawback takes back."""

    distribution = models.ForeignKey(
        Distribution, on_delete=models.CASCADE, related_name="sales", verbose_name=_("distribution")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    subscription = models.ForeignKey(
        "customers.Subscription",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("subscription"),
    )
    scheme = models.CharField(_("scheme"), max_length=60)
    points = models.DecimalField(_("points"), max_digits=10, decimal_places=2)
    amount_cents = models.BigIntegerField(_("amount (cents)"))

    history = HistoricalRecords()

    objects = PayLineQuerySet.as_manager()  # paid sales follow the payslip rule of lines

    class Meta:
        verbose_name = _("paid sale")
        verbose_name_plural = _("paid sales")

    def __str__(self) -> str:
        return f"{self.subscription_id} {self.points}"
