"""Places (buildings, parks, cluster markets, communities, villages, campuses) and channels."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangge.org.dated import DatedQuerySet, active_on, today
from wangge.org.models import OneParentAtATime, Unit, one_open_link
from wangge.org.scoped import scoped_by


class PlaceKind(models.TextChoices):
    BUILDING = "building", _("building")
    PARK = "park", _("industrial park")
    CLUSTER_MARKET = "cluster_market", _("cluster market")
    COMMUNITY = "community", _("residential community")
    VILLAGE = "village", _("administrative village")
    CAMPUS = "campus", _("campus")


class ChannelKind(models.TextChoices):
    CENTRAL_HALL = "central_hall", _("central hall")
    SELF_RUN_HALL = "self_run_hall", _("self-run hall")
    PARTNER_HALL = "partner_hall", _("partner hall/store")
    AGENT_POINT = "agent_point", _("agent point")


class PlaceQuerySet(models.QuerySet):
    def visible_to(self, user, as_of=None) -> PlaceQuerySet:
        from wangge.org.scope import visible_unit_ids

        day = as_of or today()
        ids = visible_unit_ids(user)
        if ids is None:
            return self
        return self.filter(active_on("grid_links", day), grid_links__grid_id__in=ids).distinct()


class Place(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=PlaceKind.choices, db_index=True)
    lon = models.FloatField(_("longitude"))
    lat = models.FloatField(_("latitude"))
    boundary = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)
    households = models.PositiveIntegerField(_("households"), default=0)
    enterprises = models.PositiveIntegerField(_("enterprises"), default=0)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class PlaceGrid(OneParentAtATime):
    child_field = "place"

    place = models.ForeignKey(
        Place, on_delete=models.CASCADE, related_name="grid_links", verbose_name=_("place")
    )
    grid = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="place_links", verbose_name=_("grid")
    )

    history = HistoricalRecords()

    objects = scoped_by("grid", DatedQuerySet).as_manager()

    class Meta:
        verbose_name = _("place in grid")
        verbose_name_plural = _("places in grids")
        constraints = [one_open_link("place", "one_open_grid_per_place")]

    def __str__(self) -> str:
        return f"{self.place} → {self.grid}"


class ChannelQuerySet(models.QuerySet):
    def visible_to(self, user, as_of=None) -> ChannelQuerySet:
        from wangge.org.scope import visible_unit_ids

        ids = visible_unit_ids(user)
        return self if ids is None else self.filter(grid_id__in=ids)


class Channel(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=ChannelKind.choices, db_index=True)
    lon = models.FloatField(_("longitude"))
    lat = models.FloatField(_("latitude"))
    grid = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="channels", verbose_name=_("supporting grid")
    )

    objects = ChannelQuerySet.as_manager()

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name
