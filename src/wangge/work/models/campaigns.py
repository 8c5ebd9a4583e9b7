"""Name-list campaigns (名单制营销): a list of customers split to the people of their
grids (``wangge.work.campaigns``), each name tracked to an outcome."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangge.customers.models import Customer
from wangge.org.models import Person, Unit
from wangge.work.choices import CampaignSource, NameOutcome
from wangge.work.models.base import InGrid, Made
from wangge.work.models.opportunities import Opportunity


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user, as_of=None) -> CampaignQuerySet:
        """Campaigns made in a unit ``user`` sees, or with names in a grid they see (a
        city-wide list reaches a grid manager through the names of their grid)."""
        from wangge.org.scope import visible_unit_ids

        if user is None or not user.is_authenticated:
            return self.none()
        ids = visible_unit_ids(user)
        if ids is None:
            return self
        with_names = CampaignName.objects.filter(unit_id__in=ids).values("campaign_id")
        return self.filter(models.Q(unit_id__in=ids) | models.Q(pk__in=with_names))


class Campaign(InGrid, Made):
    """A name-list campaign (名单制营销): a list of customers, split to the people of
    their grids, each name tracked to an outcome."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, verbose_name=_("made for"))
    source = models.CharField(_("source"), max_length=8, choices=CampaignSource.choices)
    criteria = models.JSONField(_("criteria"), default=dict, blank=True)
    due = models.DateField(_("due"), null=True, blank=True)
    split_at = models.DateTimeField(_("split at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("name-list campaign")
        verbose_name_plural = _("name-list campaigns")
        default_related_name = "campaigns"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class CampaignName(InGrid):
    """One customer on a campaign's list: its grid, the person it was given to, and
    the outcome (converted: with the order that proves it)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="names", verbose_name=_("campaign")
    )
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, verbose_name=_("customer"))
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("given to"),
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=16,
        choices=NameOutcome.choices,
        default=NameOutcome.PENDING,
        db_index=True,
    )
    order_ref = models.CharField(_("order number"), max_length=64, blank=True)
    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("opportunity"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("name on a list")
        verbose_name_plural = _("names on lists")
        default_related_name = "campaign_names"
        ordering = ["campaign", "unit", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "customer"], name="one_name_per_campaign")
        ]
        indexes = [models.Index(fields=["person", "outcome"])]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.customer.code}"
