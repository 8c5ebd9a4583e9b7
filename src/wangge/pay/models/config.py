"""The company's pay rules: its configuration (the shipped defaults until it changes
them) and its points schemes.

The ``default_*`` functions are the fields' defaults; the migrations name them as
``wangge.pay.models.default_*``, so the package re-exports them.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangge.core.pay import (
    DEFAULT_POST_COEFFICIENTS,
    DEFAULT_TIER_COEFFICIENTS,
    DEFAULT_TILT,
    TrainingRule,
)
from wangge.org.dated import Dated, DatedQuerySet
from wangge.org.models import Unit
from wangge.org.scoped import city_wide
from wangge.pay.choices import GridWeights, PointsMode, TwoUnits, Unscored


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
