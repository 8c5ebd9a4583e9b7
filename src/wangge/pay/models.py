"""Pay: configuration, pools, distributions and their lines, paid sales.

Every figure is int cents (``*_cents``); yuan appear only at the edge. Rows that
hold a pay figure keep their history (django-simple-history). An approved
distribution is locked: its rows refuse to change, a correction is a new version.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangge.core.pay import (
    COMPONENTS,
    DEFAULT_POST_COEFFICIENTS,
    DEFAULT_TIER_COEFFICIENTS,
    DEFAULT_TILT,
    TrainingRule,
)
from wangge.org.dated import Dated, DatedQuerySet
from wangge.org.models import Person, Unit
from wangge.org.scoped import city_wide
from wangge.pay.choices import DistributionStatus, GridWeights, PointsMode, TwoUnits, Unscored


def default_tiers() -> dict[str, str]:
    return {k: str(v) for k, v in DEFAULT_TIER_COEFFICIENTS.items()}


def default_posts() -> dict[str, str]:
    # the service director (county) is front line without a core default: 1.0
    return {**{k: str(v) for k, v in DEFAULT_POST_COEFFICIENTS.items()}, "service_director": "1.0"}


def default_excluded_posts() -> list[str]:
    # managers are paid by the company, not out of the pool they distribute
    return ["center_director", "marketing_department"]


def default_training() -> dict[str, object]:
    r = TrainingRule()
    return {
        "yearly_minimum_hours": str(r.yearly_minimum_hours),
        "rate_per_missing_hour": str(r.rate_per_missing_hour),
        "max_rate": str(r.max_rate),
        "pace": r.pace,
        "check_month": r.check_month,
    }


def default_tilt() -> list[str]:
    # the levels one city company has: its county branches above its urban centers
    return [lv for lv in DEFAULT_TILT if lv != "province"]


def default_front_line_posts() -> list[str]:
    return [
        "grid_manager",
        "community_manager",
        "business_manager",
        "customer_manager",
        "service_director",
    ]


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


class PayConfig(models.Model):
    """A company's pay rules: the shipped defaults until the company changes them."""

    company = models.OneToOneField(
        Unit, on_delete=models.CASCADE, related_name="pay_config", verbose_name=_("company")
    )
    company_total_cents = models.BigIntegerField(
        _("monthly company pay total (cents)"),
        default=0,
        help_text=_("the ceiling of all pools in a month; 0 means no ceiling"),
    )
    tier_coefficients = models.JSONField(_("tier coefficients"), default=default_tiers)
    score_floor = models.DecimalField(
        _("score floor"), max_digits=6, decimal_places=3, default=Decimal("0.6")
    )
    score_cap = models.DecimalField(
        _("score cap"), max_digits=6, decimal_places=3, default=Decimal("1.2")
    )
    revenue_share = models.DecimalField(
        _("share of revenue above budget"),
        max_digits=6,
        decimal_places=4,
        default=Decimal("0.1"),
    )
    formula_share = models.DecimalField(
        _("formula share"), max_digits=6, decimal_places=4, default=Decimal("0.8")
    )
    post_coefficients = models.JSONField(_("post coefficients"), default=default_posts)
    excluded_posts = models.JSONField(
        _("posts outside the distribution"), default=default_excluded_posts
    )
    front_line_posts = models.JSONField(_("front-line posts"), default=default_front_line_posts)
    cap_multiple = models.DecimalField(
        _("cap (k × team average)"), max_digits=6, decimal_places=3, default=Decimal(2)
    )
    floor_cents = models.BigIntegerField(_("floor / minimum wage (cents a month)"), default=0)
    rural_allowances = models.JSONField(
        _("rural allowances (cents a month per item)"), default=dict, blank=True
    )
    training = models.JSONField(_("training-hours rule"), default=default_training)
    two_units = models.CharField(
        _("a person in two units in a month"),
        max_length=16,
        choices=TwoUnits.choices,
        default=TwoUnits.ASSIGNED,
    )
    pyramid_tilt = models.JSONField(_("inverted pyramid (highest pay first)"), default=default_tilt)
    unscored = models.CharField(
        _("people the appraisal did not score"),
        max_length=16,
        choices=Unscored.choices,
        default=Unscored.REFUSE,
    )
    grid_score_weights = models.CharField(
        _("a unit scored through its grids: weights"),
        max_length=16,
        choices=GridWeights.choices,
        default=GridWeights.EQUAL,
        help_text=_("used when the appraisal scores a center's grids but not the center"),
    )

    history = HistoricalRecords()

    objects = city_wide().as_manager()

    class Meta:
        verbose_name = _("pay configuration")
        verbose_name_plural = _("pay configurations")

    def __str__(self) -> str:
        return f"{self.company}"


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


class PointsScheme(models.Model):
    """Points per product sold (积分), paid at a fixed value or as a share of a pool."""

    company = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="points_schemes", verbose_name=_("company")
    )
    name = models.CharField(_("name"), max_length=60)
    mode = models.CharField(
        _("mode"), max_length=8, choices=PointsMode.choices, default=PointsMode.FIXED
    )
    cents_per_point = models.BigIntegerField(_("cents per point"), default=0)
    pool_cents = models.BigIntegerField(_("monthly points pool (cents)"), default=0)
    clawback_months = models.PositiveSmallIntegerField(_("clawback window (months)"), default=3)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    objects = city_wide().as_manager()

    class Meta:
        verbose_name = _("points scheme")
        verbose_name_plural = _("points schemes")
        constraints = [
            models.UniqueConstraint(fields=["company", "name"], name="pay_scheme_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class PointsRule(Dated):
    """Points for one product through one channel kind (empty: any), for a date range."""

    scheme = models.ForeignKey(
        PointsScheme, on_delete=models.CASCADE, related_name="rules", verbose_name=_("scheme")
    )
    product = models.CharField(_("product"), max_length=100)
    channel_kind = models.CharField(_("channel kind"), max_length=32, blank=True)
    points = models.DecimalField(_("points"), max_digits=8, decimal_places=2)

    history = HistoricalRecords()

    objects = city_wide(DatedQuerySet).as_manager()

    class Meta:
        verbose_name = _("points rule")
        verbose_name_plural = _("points rules")
        ordering = ["scheme", "product", "valid_from"]

    def __str__(self) -> str:
        return f"{self.product} {self.channel_kind or '*'}: {self.points}"


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
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    drafted_at = models.DateTimeField(_("drafted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved or returned by"),
    )
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
