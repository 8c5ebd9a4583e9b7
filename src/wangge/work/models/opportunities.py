"""Opportunities (商机) with their stage moves: cultivate → mine → convert → realise →
review → re-cultivate; the rules are ``wangge.core.work.opportunities``."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangge.base.fields import user_key
from wangge.org.models import Person
from wangge.org.scoped import scoped_by
from wangge.work.choices import OpportunityKind, Outcome, Stage
from wangge.work.models.base import AtCustomerOrPlace, InGrid, Made


class Opportunity(InGrid, AtCustomerOrPlace, Made):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=16, choices=OpportunityKind.choices, db_index=True
    )
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, verbose_name=_("owner"))
    team = models.ManyToManyField(
        Person, blank=True, related_name="team_opportunities", verbose_name=_("team members")
    )
    value_cents = models.BigIntegerField(_("value (cents)"), default=0)
    expected_close = models.DateField(_("expected close"), null=True, blank=True)
    stage = models.CharField(
        _("stage"), max_length=16, choices=Stage.choices, default=Stage.CULTIVATE, db_index=True
    )
    outcome = models.CharField(
        _("outcome"), max_length=8, choices=Outcome.choices, default=Outcome.OPEN, db_index=True
    )
    outcome_reason = models.CharField(_("won/lost reason"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        default_related_name = "opportunities"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class StageMove(models.Model):
    """One move of an opportunity between stages (the first row: where it started)."""

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="moves", verbose_name=_("opportunity")
    )
    from_stage = models.CharField(_("from"), max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=16, choices=Stage.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    moved_by = user_key(_("moved by"))
    moved_at = models.DateTimeField(_("moved at"), default=timezone.now)

    objects = scoped_by("opportunity__unit").as_manager()

    class Meta:
        verbose_name = _("stage move")
        verbose_name_plural = _("stage moves")
        ordering = ["moved_at", "id"]

    def __str__(self) -> str:
        return f"{self.opportunity}: {self.from_stage or '·'} → {self.to_stage}"
