"""The catalogue the targets and cards name: indicators, and the schemes as stored JSON."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangge.appraisal.choices import (
    Direction,
    Measure,
    SchemeStatus,
)
from wangge.org.scoped import city_wide

# --- indicator catalogue ------------------------------------------------------------


class Indicator(models.Model):
    """An indicator a target or a scheme can name (``new_adds.mobile``, ``revenue`` …).

    Optional: schemes and targets name indicators by key; the catalogue gives the key
    a label, a unit of measure and a direction for pages and imports.
    """

    key = models.CharField(_("key"), max_length=64, unique=True)
    label = models.CharField(_("label"), max_length=100)
    measure = models.CharField(
        _("unit of measure"), max_length=8, choices=Measure.choices, default=Measure.COUNT
    )
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    description = models.TextField(_("description"), blank=True)

    objects = city_wide().as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.label} ({self.key})"


# --- schemes ----------------------------------------------------------------------


class Scheme(models.Model):
    """An appraisal scheme as stored JSON (``wangge.core.scoring.scheme_to_dict``).

    ``role``, ``grid_class``, ``phase`` and the dates are copied out of the JSON so
    the close can pick the scheme in force without reading every definition; the
    JSON stays the source of truth and ``save`` keeps the copies in step.
    A draft is never used by a close: it is what the what-if page compares.
    """

    code = models.CharField(_("code"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role or post"), max_length=32, db_index=True)
    grid_class = models.CharField(_("grid class"), max_length=1, blank=True)
    phase = models.CharField(_("phase"), max_length=32, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(
        _("valid to"), null=True, blank=True, help_text=_("exclusive; empty while in force")
    )
    status = models.CharField(
        _("status"), max_length=8, choices=SchemeStatus.choices, default=SchemeStatus.ACTIVE
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="drafts",
        verbose_name=_("based on"),
    )
    definition = models.JSONField(_("definition"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    objects = city_wide().as_manager()

    class Meta:
        verbose_name = _("appraisal scheme")
        verbose_name_plural = _("appraisal schemes")
        ordering = ["role", "grid_class", "code", "valid_from"]

    def __str__(self) -> str:
        from django.utils.translation import gettext

        return gettext(self.name)

    def save(self, *args, **kwargs) -> None:
        d = self.definition or {}
        self.code = d.get("code", self.code)
        self.name = d.get("name", self.name) or self.code
        self.role = d.get("role", self.role)
        self.grid_class = d.get("grid_class") or ""
        self.phase = d.get("phase") or ""
        from datetime import date

        self.valid_from = date.fromisoformat(d["valid_from"]) if d.get("valid_from") else None
        self.valid_to = date.fromisoformat(d["valid_to"]) if d.get("valid_to") else None
        super().save(*args, **kwargs)
        from wangge.appraisal.names import forget_names

        forget_names()

    def core(self):
        """The scheme as the core reads it."""
        from wangge.core.scoring import scheme_from_dict

        return scheme_from_dict(self.definition)
