"""Saved column mappings and the record of every import.

An ``ImportProfile`` is the company's own rule (which of a source system's headers
is which field, which of its status words is which status): city-wide, edited by
the marketing department. An ``ImportRun`` records one file brought in (or refused):
who, when, the file's hash, the counts, the first problems, and what it wrote, so
it can be rolled back as a unit.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.core.intake.kinds import KINDS
from wangge.org.scoped import CityWide

KIND_CHOICES = [(k.name, k.label) for k in KINDS.values()]


class ImportProfile(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=KIND_CHOICES)
    source_system = models.CharField(_("source system"), max_length=100, blank=True)
    columns = models.JSONField(
        _("columns"), default=dict, help_text=_("our field → the file's header")
    )
    values = models.JSONField(
        _("code maps"),
        default=dict,
        blank=True,
        help_text=_("per field, the file's code words → ours"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CityWide.as_manager()

    class Meta:
        verbose_name = _("import profile")
        verbose_name_plural = _("import profiles")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def profile(self):
        from wangge.core.intake.mapping import Profile

        return Profile(kind=self.kind, columns=self.columns or {}, values=self.values or {})


class RunStatus(models.TextChoices):
    DONE = "done", _("done")
    REFUSED = "refused", _("refused")
    ROLLED_BACK = "rolled_back", _("rolled back")


class ImportRunQuerySet(models.QuerySet):
    def visible_to(self, user, as_of=None) -> ImportRunQuerySet:
        """Runs are the importers' record: those who may import see them all, nobody else."""
        from wangge.org.scope import may

        return self if may(user, "customers.import") else self.none()


class ImportRun(models.Model):
    kind = models.CharField(_("kind"), max_length=32, choices=KIND_CHOICES)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    profile = models.ForeignKey(
        ImportProfile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("profile"),
    )
    month = models.DateField(_("month"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=RunStatus.choices)
    rows_read = models.BigIntegerField(_("rows read"), default=0)
    added = models.BigIntegerField(_("added"), default=0)
    changed = models.BigIntegerField(_("changed"), default=0)
    unchanged = models.BigIntegerField(_("unchanged"), default=0)
    rejected = models.BigIntegerField(_("rejected"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    error_file = models.CharField(_("error workbook"), max_length=500, blank=True)
    # what a rollback undoes: the rows it created, the values it replaced, the
    # store partition it swapped out (see wangge.intake.services.rollback)
    undo = models.JSONField(_("undo"), default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    rolled_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rolled back by"),
    )
    rolled_back_at = models.DateTimeField(_("rolled back at"), null=True, blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.file_name} ({self.get_status_display()})"


class ComplaintOrder(models.Model):
    """The work order an imported complaint opened: one per complaint, whatever the
    number of times its ticket is imported (``complaint_id`` is the store's id of the
    operator's ticket number)."""

    complaint_id = models.BigIntegerField(_("complaint"), unique=True)
    order = models.OneToOneField(
        "work.WorkOrder",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("work order"),
    )
    run = models.ForeignKey(
        ImportRun, on_delete=models.PROTECT, related_name="+", verbose_name=_("import run")
    )

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint's work order")
        verbose_name_plural = _("complaints' work orders")

    def __str__(self) -> str:
        return f"{self.complaint_id} → {self.order_id}"
