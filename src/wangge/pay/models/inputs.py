"""A month's inputs besides the appraisal: units' pay bases and revenue, people's
attendance and training."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangge.org.dated import Dated, DatedQuerySet
from wangge.org.models import Person, Unit


class UnitPayQuerySet(models.QuerySet):
    """A unit's pay figures (base, revenue against budget): the units whose pay
    ``user`` may read (``wangge.pay.access``)."""

    def visible_to(self, user, as_of=None):
        from wangge.pay.access import unit_pay_ids

        ids = unit_pay_ids(user)
        return self if ids is None else self.filter(unit_id__in=ids)


class DatedUnitPayQuerySet(UnitPayQuerySet, DatedQuerySet):
    pass


class PersonRowQuerySet(models.QuerySet):
    """A person's monthly inputs: visible with the person (``Person.objects.visible_to``)."""

    def visible_to(self, user, as_of=None):
        return self.filter(person__in=Person.objects.visible_to(user, as_of).values("pk"))


class UnitPayBase(Dated):
    """A center's or county's monthly pay base, budget tier and revenue budget."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="pay_bases", verbose_name=_("unit")
    )
    tier = models.CharField(_("budget tier"), max_length=8, default="B")
    base_cents = models.BigIntegerField(_("monthly base (cents)"))
    revenue_budget_cents = models.BigIntegerField(_("monthly revenue budget (cents)"), default=0)

    history = HistoricalRecords()

    objects = DatedUnitPayQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit pay base")
        verbose_name_plural = _("unit pay bases")
        ordering = ["unit", "valid_from"]

    def __str__(self) -> str:
        return f"{self.unit} {self.tier} ({self.valid_from})"


class UnitRevenue(models.Model):
    """A unit's billed revenue for a month, for the share above budget."""

    month = models.DateField(_("month"))
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="pay_revenues", verbose_name=_("unit")
    )
    revenue_cents = models.BigIntegerField(_("revenue (cents)"))

    history = HistoricalRecords()

    objects = UnitPayQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit revenue")
        verbose_name_plural = _("unit revenues")
        constraints = [
            models.UniqueConstraint(fields=["month", "unit"], name="pay_revenue_one_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.month:%Y-%m}"


class PersonMonth(models.Model):
    """What the formula needs about a person besides the score: attendance, training."""

    month = models.DateField(_("month"))
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="pay_months", verbose_name=_("person")
    )
    attendance = models.DecimalField(
        _("attendance"), max_digits=5, decimal_places=4, default=Decimal(1)
    )
    training_hours = models.DecimalField(
        _("training hours this year so far"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
    )
    rural = models.BooleanField(
        _("stationed in a rural grid"),
        null=True,
        blank=True,
        help_text=_("empty: from the grid the person is assigned to"),
    )

    history = HistoricalRecords()

    objects = PersonRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("person month")
        verbose_name_plural = _("person months")
        constraints = [
            models.UniqueConstraint(fields=["month", "person"], name="pay_person_one_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.month:%Y-%m}"
