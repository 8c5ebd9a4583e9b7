"""The month-end runs and their results: cards and item scores.

A published run and everything under it is immutable: the models refuse to save
or delete it.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangge.appraisal.choices import (
    RunStatus,
    SubjectKind,
)
from wangge.appraisal.models.subjects import SubjectQuerySet, subject_keys
from wangge.base.fields import user_key
from wangge.core.people.audit_card import ROLE as AUDIT_ROLE


class PublishedRunError(RuntimeError):
    """Raised when something tries to change a published appraisal run."""


class AppraisalRunQuerySet(models.QuerySet):
    def visible_to(self, user, as_of=None) -> AppraisalRunQuerySet:
        """Every published run; drafts only for those granted ``appraisal.see_drafts``."""
        from wangge.org.scope import may

        if user is not None and not (user.is_authenticated and user.is_active):
            return self.none()
        return self if may(user, "appraisal.see_drafts") else self.published()

    def published(self) -> AppraisalRunQuerySet:
        return self.filter(status=RunStatus.PUBLISHED)

    def latest_for(self, month, *, published_only: bool = False) -> AppraisalRun | None:
        qs = self.filter(month=month)
        if published_only:
            qs = qs.published()
        return qs.order_by("-version").first()

    def delete(self):
        if self.filter(status=RunStatus.PUBLISHED).exists():
            raise PublishedRunError("a published appraisal run cannot be deleted")
        return super().delete()


class AppraisalRun(models.Model):
    """One close of one month: every card and item it computed, and who published it."""

    month = models.DateField(_("month"), db_index=True, help_text=_("first day of the month"))
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=RunStatus.choices, default=RunStatus.DRAFT
    )
    created_by = user_key(_("created by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = user_key(_("published by"))
    engine = models.CharField(_("engine"), max_length=16, default="duckdb")
    options = models.JSONField(_("options"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    seconds = models.FloatField(_("seconds"), null=True, blank=True)
    diff = models.JSONField(_("difference from the previous version"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    objects = AppraisalRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("appraisal run")
        verbose_name_plural = _("appraisal runs")
        ordering = ["-month", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["month", "version"], name="appraisal_run_month_version")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} v{self.version} ({self.get_status_display()})"

    def save(self, *args, **kwargs) -> None:
        if self._stored_status() == RunStatus.PUBLISHED:
            raise PublishedRunError(f"appraisal run {self} is published and cannot change")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_status() == RunStatus.PUBLISHED:
            raise PublishedRunError(f"appraisal run {self} is published and cannot be deleted")
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == RunStatus.PUBLISHED

    def _stored_status(self) -> str | None:
        if self.pk is None:
            return None
        return type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()


def _guard(run_id: int | None) -> None:
    if (
        run_id is not None
        and AppraisalRun.objects.filter(pk=run_id, status=RunStatus.PUBLISHED).exists()
    ):
        raise PublishedRunError("the results of a published appraisal run cannot change")


#: roles of schemes that score a subject a second time beside its own card
SECOND_CARD_ROLES = (AUDIT_ROLE,)


class ScoreCardQuerySet(SubjectQuerySet):
    def visible_to(self, user, as_of=None):
        """Cards in scope (``SubjectQuerySet``) of the runs ``user`` may see."""
        return super().visible_to(user, as_of).filter(run__in=AppraisalRun.objects.visible_to(user))

    def ordinary(self):
        """One card per subject and run: without the second cards the close adds beside
        a subject's own (a grid's standardisation audit), which pay, trends, the map and
        the grids' best and worst must not read as the grid's score."""
        from wangge.appraisal.models.schemes import Scheme

        second = Scheme.objects.filter(role__in=SECOND_CARD_ROLES).values("code")
        return self.exclude(scheme_code__in=second)

    def delete(self):
        if self.filter(run__status=RunStatus.PUBLISHED).exists():
            raise PublishedRunError("the results of a published appraisal run cannot be deleted")
        return super().delete()


class ScoreCard(models.Model):
    """A unit's or a person's score of one run, with its rank among the scheme's peers."""

    run = models.ForeignKey(
        AppraisalRun, on_delete=models.CASCADE, related_name="cards", verbose_name=_("run")
    )
    subject_kind = models.CharField(_("subject"), max_length=8, choices=SubjectKind.choices)
    unit, person = subject_keys("score_cards")
    label = models.CharField(_("label"), max_length=200, blank=True)
    scheme_code = models.CharField(_("scheme"), max_length=64, db_index=True)
    quantitative = models.DecimalField(_("quantitative"), max_digits=8, decimal_places=2)
    qualitative = models.DecimalField(_("qualitative"), max_digits=8, decimal_places=2)
    total = models.DecimalField(_("total"), max_digits=8, decimal_places=2)
    rank = models.DecimalField(
        _("rank"), max_digits=8, decimal_places=2, help_text=_("ties share the average rank")
    )
    peers = models.PositiveIntegerField(_("peers"))
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    figures = models.JSONField(
        _("figures"),
        default=dict,
        blank=True,
        help_text=_("the month's figures the card was scored on"),
    )
    derivation = models.JSONField(_("derivation"), default=dict, blank=True)

    objects = ScoreCardQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score card")
        verbose_name_plural = _("score cards")
        ordering = ["run", "scheme_code", "rank"]
        indexes = [models.Index(fields=["run", "scheme_code", "rank"])]

    def __str__(self) -> str:
        return f"{self.label or self.unit or self.person} {self.total} (#{self.rank})"

    def save(self, *args, **kwargs) -> None:
        _guard(self.run_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _guard(self.run_id)
        return super().delete(*args, **kwargs)

    @property
    def subject(self):
        return self.unit if self.subject_kind == SubjectKind.UNIT else self.person


class ItemScoreQuerySet(models.QuerySet):
    def visible_to(self, user, as_of=None):
        return self.filter(card__in=ScoreCard.objects.visible_to(user, as_of).values("pk"))

    def delete(self):
        if self.filter(card__run__status=RunStatus.PUBLISHED).exists():
            raise PublishedRunError("the results of a published appraisal run cannot be deleted")
        return super().delete()


class ItemScore(models.Model):
    """One indicator or judgement item of a card: actual, target, completion, points, why."""

    card = models.ForeignKey(
        ScoreCard, on_delete=models.CASCADE, related_name="items", verbose_name=_("card")
    )
    key = models.CharField(_("key"), max_length=64)
    label = models.CharField(_("label"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, default="quantitative")
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=2)
    actual = models.DecimalField(
        _("actual"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    completion = models.DecimalField(
        _("completion"), max_digits=16, decimal_places=6, null=True, blank=True
    )
    points = models.DecimalField(_("points"), max_digits=8, decimal_places=2)
    derivation = models.JSONField(_("derivation"), default=dict, blank=True)

    objects = ItemScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        ordering = ["card", "id"]

    def __str__(self) -> str:
        return f"{self.key}: {self.points}"

    def save(self, *args, **kwargs) -> None:
        _guard(ScoreCard.objects.filter(pk=self.card_id).values_list("run_id", flat=True).first())
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _guard(ScoreCard.objects.filter(pk=self.card_id).values_list("run_id", flat=True).first())
        return super().delete(*args, **kwargs)

    @property
    def reason(self) -> dict | None:
        """Why the item is not applicable for this subject (None: it is), as stored."""
        return (self.derivation or {}).get("reason")

    @property
    def not_applicable(self) -> str:
        """That reason in the viewer's language, for the card ("" when applicable)."""
        from wangge.appraisal.explain import reason_text

        return reason_text(self.reason)
