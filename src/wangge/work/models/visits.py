"""Visits (checked in and out with a GPS point) and door-to-door surveys (扫楼/扫街)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangge.core.work.surveys import LINES as SURVEY_LINES
from wangge.org.models import Person
from wangge.work.choices import BuyingRole, Provider
from wangge.work.models.base import AtCustomerOrPlace, InGrid
from wangge.work.models.opportunities import Opportunity


class Visit(InGrid, AtCustomerOrPlace):
    """A visit to a customer or a place: checked in (and later out) with a GPS point."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, verbose_name=_("visitor"))
    checked_in_at = models.DateTimeField(_("checked in at"), default=timezone.now)
    in_lat = models.FloatField(_("check-in latitude"))
    in_lon = models.FloatField(_("check-in longitude"))
    in_distance_m = models.FloatField(_("check-in distance (m)"), null=True, blank=True)
    in_outside = models.BooleanField(_("check-in outside the geofence"), default=False)
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)
    out_lat = models.FloatField(_("check-out latitude"), null=True, blank=True)
    out_lon = models.FloatField(_("check-out longitude"), null=True, blank=True)
    out_distance_m = models.FloatField(_("check-out distance (m)"), null=True, blank=True)
    out_outside = models.BooleanField(_("check-out outside the geofence"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        default_related_name = "visits"
        ordering = ["-checked_in_at", "-id"]

    def __str__(self) -> str:
        return f"{self.person} @ {self.subject_code}" if self.subject_code else str(self.person)


def survey_photos():
    """Survey photos under ``$WANGGE_DATA_DIR/media``, served only through the survey's
    photo page to those who see its grid (never as public media)."""
    from django.core.files.storage import FileSystemStorage

    return FileSystemStorage(location=settings.DATA_DIR / "media")


def _provider_field(label):
    return models.CharField(label, max_length=16, choices=Provider.choices, blank=True)


class Survey(InGrid, AtCustomerOrPlace):
    """A door-to-door survey (扫楼/扫街): a surveyor's visit to a place or business in
    the street, who was met, the services in use and the needs, with a GPS point. The
    customer it names may have been created or updated by it (``customer_action``);
    the opportunity it raised, if any, is ``opportunity``."""

    surveyor = models.ForeignKey(Person, on_delete=models.PROTECT, verbose_name=_("surveyor"))
    customer_action = models.CharField(
        _("customer record"),
        max_length=8,
        choices=[("", _("unchanged")), ("created", _("created")), ("updated", _("updated"))],
        blank=True,
    )
    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("opportunity raised"),
    )
    met_name = models.CharField(_("person met"), max_length=100, blank=True)
    met_role = models.CharField(
        _("buying role"), max_length=16, choices=BuyingRole.choices, blank=True
    )
    mobile_provider = _provider_field(_("mobile provider"))
    broadband_provider = _provider_field(_("broadband provider"))
    fixed_provider = _provider_field(_("fixed-line provider"))
    dataline_provider = _provider_field(_("data-line provider"))
    contract_end = models.DateField(_("contract end"), null=True, blank=True)
    needs = models.TextField(_("needs"), blank=True)
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    photo = models.FileField(
        _("photo"), storage=survey_photos, upload_to="surveys/%Y/%m/", blank=True, max_length=200
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        default_related_name = "surveys"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.surveyor} @ {self.subject_code}" if self.subject_code else str(self.surveyor)

    def services(self) -> dict[str, str]:
        """Product line → provider code (blank: none known)."""
        return {line: getattr(self, f"{line}_provider") for line in SURVEY_LINES}
