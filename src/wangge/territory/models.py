"""Places (buildings, parks, cluster markets, communities, villages, campuses) and channels."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangge.org.dated import Dated, DatedQuerySet, active_on, today
from wangge.org.models import OneParentAtATime, Unit, one_open_link
from wangge.org.scoped import scoped_by
from wangge.territory.choices import ProposalMode, ProposalStatus


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


class GridShape(Dated):
    """A grid's boundary from a day on (an accepted proposal): the map shows the shape in
    force on the day it is asked for, and the unit's own boundary before any."""

    grid = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="shapes", verbose_name=_("grid")
    )
    boundary = models.JSONField(_("boundary (GeoJSON)"))

    history = HistoricalRecords()

    objects = scoped_by("grid", DatedQuerySet).as_manager()

    class Meta:
        verbose_name = _("grid boundary")
        verbose_name_plural = _("grid boundaries")
        ordering = ["grid", "valid_from"]

    def __str__(self) -> str:
        return f"{self.grid} {self.valid_from}"


class Proposal(models.Model):
    """A designer or re-cut run over the grids of one area, its result, and whether and
    when it was accepted (through a reorganisation, so history is kept)."""

    area = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("area")
    )
    mode = models.CharField(_("mode"), max_length=8, choices=ProposalMode.choices)
    k = models.PositiveIntegerField(_("grids"))
    tolerance = models.FloatField(_("tolerance"))
    fixed_kinds = models.JSONField(_("place kinds fixed as their own grids"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.RUNNING
    )
    message = models.TextField(_("message"), blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    job = models.ForeignKey(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("job")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("accepted by"),
    )  # fmt: skip
    accepted_day = models.DateField(_("effective day"), null=True, blank=True)
    reorganisation = models.ForeignKey(
        "org.Reorganisation", on_delete=models.SET_NULL, null=True, blank=True,
        verbose_name=_("reorganisation"),
    )  # fmt: skip

    objects = scoped_by("area").as_manager()

    class Meta:
        verbose_name = _("grid proposal")
        verbose_name_plural = _("grid proposals")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.area} {self.get_mode_display()} #{self.pk}"
