"""Progress of long background work, so the page that started it can follow it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class JobQuerySet(models.QuerySet):
    def visible_to(self, user, as_of=None) -> JobQuerySet:
        """One's own jobs only (superusers see all): a job's file is written with its
        starter's scope and masking, so it is theirs even for a city-wide colleague."""
        if user is None:
            return self
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(started_by=user)


class Job(models.Model):
    kind = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    done = models.BigIntegerField(_("done"), default=0)
    total = models.BigIntegerField(_("total"), default=0)
    message = models.TextField(_("message"), blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return (
            int(100 * self.done / self.total)
            if self.total
            else (100 if self.status == JobStatus.DONE else 0)
        )


#: job kind → the url name of the page that follows it (``pk`` argument); the others
#: are followed on the generic job page. Apps register theirs in ``ready()``.
JOB_PAGES: dict[str, str] = {}


def job_page(job: Job) -> str:
    from django.urls import reverse

    return reverse(JOB_PAGES.get(job.kind, "job"), kwargs={"pk": job.pk})
