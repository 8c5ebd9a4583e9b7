"""Competitions (劳动竞赛): a named contest over a period and one indicator, in a unit;
its participants are the grids under it or their people, ranked live from the figures
(``wangge.work.competitions``), with prizes in cents by place."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangge.org.models import Unit
from wangge.work.choices import CompetitionKind, Indicator, Participants
from wangge.work.models.base import InGrid, Made


class CompetitionQuerySet(models.QuerySet):
    def visible_to(self, user, as_of=None) -> CompetitionQuerySet:
        """Competitions of a unit ``user`` sees, or of a unit above one they see (a
        center's contest reaches its grids' people: they are in it)."""
        from wangge.org.dated import today
        from wangge.org.scope import unit_tree, visible_unit_ids

        if user is None or not user.is_authenticated:
            return self.none()
        ids = visible_unit_ids(user)
        if ids is None:
            return self
        tree = unit_tree(today())
        above = set(ids)
        for uid in ids:
            seen = set()
            while uid in tree and uid not in seen:
                seen.add(uid)
                uid = tree[uid]
                above.add(uid)
        return self.filter(unit_id__in=above)


class Competition(InGrid, Made):
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, verbose_name=_("scope"))
    kind = models.CharField(_("kind"), max_length=8, choices=CompetitionKind.choices)
    indicator = models.CharField(_("indicator"), max_length=16, choices=Indicator.choices)
    participants = models.CharField(_("participants"), max_length=8, choices=Participants.choices)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    prizes_cents = models.JSONField(
        _("prizes (cents)"), default=list, blank=True, help_text=_("by place: first, second…")
    )
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()
    objects = CompetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        default_related_name = "competitions"
        ordering = ["-start", "-id"]

    def __str__(self) -> str:
        return self.name
