"""Records of a grid: its quarter's plan (一格一策) with actions and owners, and the
network resources at its places (imported from the operator's resource system)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangge.base.fields import user_key
from wangge.org.scoped import scoped_by
from wangge.territory.models import Place
from wangge.work.choices import ResourceKind
from wangge.work.models.base import AgreedAction, InGrid


class GridPlan(InGrid):
    """A grid's plan for a quarter (一格一策): its priorities, with actions and owners."""

    quarter = models.DateField(_("quarter"), help_text=_("the quarter's first day"))
    priorities = models.TextField(_("priorities"), blank=True)
    updated_by = user_key(_("updated by"))
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grid plan")
        verbose_name_plural = _("grid plans")
        default_related_name = "grid_plans"
        ordering = ["unit", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "quarter"], name="one_plan_per_grid_quarter")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.quarter:%Y-%m}"


class PlanAction(AgreedAction):
    plan = models.ForeignKey(
        GridPlan, on_delete=models.CASCADE, related_name="actions", verbose_name=_("grid plan")
    )

    history = HistoricalRecords()
    objects = scoped_by("plan__unit").as_manager()

    class Meta:
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")
        ordering = ["plan", "done", "due", "id"]


class NetworkResourceQuerySet(models.QuerySet):
    def visible_to(self, user, as_of=None) -> NetworkResourceQuerySet:
        """The resources at the places ``user`` sees (by the place's grid)."""
        return self.filter(place__in=Place.objects.visible_to(user, as_of))


class NetworkResource(models.Model):
    """A base station, cross-connect box or set of broadband ports at a place, imported
    from the operator's resource system: a seller sees where broadband can be sold."""

    place = models.ForeignKey(
        Place, on_delete=models.CASCADE, related_name="network", verbose_name=_("place")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ResourceKind.choices, db_index=True)
    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    ports_total = models.PositiveIntegerField(_("ports"), default=0)
    ports_used = models.PositiveIntegerField(_("ports in use"), default=0)
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)

    history = HistoricalRecords()
    objects = NetworkResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("network resource")
        verbose_name_plural = _("network resources")
        ordering = ["place", "kind", "code"]

    def __str__(self) -> str:
        return self.code

    @property
    def ports_free(self) -> int:
        return max(0, self.ports_total - self.ports_used)
