"""Targets, schemes, judgement scores and the month-end appraisal runs.

The arithmetic lives in ``wangge.core`` (targets, scoring, explain); these models
keep what it was fed and what it produced, so every published figure can be shown
again exactly as it was, with its derivation, years later.

A run (``AppraisalRun``) is one attempt at closing a month. It is a draft until it
is published; a published run and everything under it is immutable (the models
refuse to save or delete it). A correction after publication is a new run of the
same month with the next version number; the pages show what moved between them.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangge.appraisal.choices import (
    Direction,
    Measure,
    RunStatus,
    SchemeStatus,
    SubjectKind,
    TargetSource,
)
from wangge.org.models import Person, Unit
from wangge.org.scoped import city_wide, scoped_by


def _item(key: str) -> str:
    """An indicator's or item's name in the active language (names of rows in lists
    and in the audit trail; the code stays in the row's fields)."""
    from wangge.appraisal.names import item_name

    return item_name(key)


class SubjectQuerySet(models.QuerySet):
    """Rows about a unit or a person: visible with the unit, or with a unit the person serves."""

    def visible_to(self, user, as_of=None):
        """Rows of a unit ``user`` sees today, or of a person ``Person.objects.visible_to``
        returns for ``as_of`` (assigned that day to a unit the user sees today)."""
        from wangge.org.scope import visible_unit_ids

        ids = visible_unit_ids(user)
        if ids is None:
            return self
        people = Person.objects.visible_to(user, as_of).values("pk")
        return self.filter(Q(unit_id__in=ids) | Q(person_id__in=people))


class PublishedRunError(RuntimeError):
    """Raised when something tries to change a published appraisal run."""


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


# --- targets ----------------------------------------------------------------------


class TargetPlan(models.Model):
    """One decomposition: a total of one indicator for one month, split from a root unit.

    Keeps the weights used and the total, so the derivation of every target under it
    can be shown again ("12000 × share 0.1834 ≈ 2201").
    """

    month = models.DateField(_("month"), db_index=True, help_text=_("first day of the month"))
    indicator_key = models.CharField(_("indicator"), max_length=64)
    root = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("root unit")
    )
    total = models.BigIntegerField(_("total"))
    measure = models.CharField(
        _("unit of measure"), max_length=8, choices=Measure.choices, default=Measure.COUNT
    )
    weights = models.JSONField(_("weights"), default=dict, blank=True)
    factors = models.JSONField(_("factors"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()

    objects = scoped_by("root").as_manager()

    class Meta:
        verbose_name = _("target plan")
        verbose_name_plural = _("target plans")
        ordering = ["-month", "indicator_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "indicator_key", "root"], name="appraisal_plan_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {_item(self.indicator_key)} {self.total}"


class Target(models.Model):
    """A unit's (or a person's) target of one indicator for one month.

    ``value`` is an integer: a count, or cents for money indicators (see ``measure``).
    ``formula_value`` is what the decomposition gave before any hand adjustment.
    """

    plan = models.ForeignKey(
        TargetPlan,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("plan"),
    )
    month = models.DateField(_("month"), db_index=True, help_text=_("first day of the month"))
    indicator_key = models.CharField(_("indicator"), max_length=64, db_index=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("unit"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("person"),
    )
    value = models.BigIntegerField(_("value"))
    measure = models.CharField(
        _("unit of measure"), max_length=8, choices=Measure.choices, default=Measure.COUNT
    )
    formula_value = models.BigIntegerField(_("formula value"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=16, choices=TargetSource.choices, default=TargetSource.DECOMPOSED
    )
    derivation = models.JSONField(_("derivation"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SubjectQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["-month", "indicator_key", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "indicator_key", "unit"],
                condition=Q(person__isnull=True),
                name="appraisal_target_unit_unique",
            ),
            models.UniqueConstraint(
                fields=["month", "indicator_key", "person"],
                condition=Q(unit__isnull=True),
                name="appraisal_target_person_unique",
            ),
            models.CheckConstraint(
                condition=Q(unit__isnull=False, person__isnull=True)
                | Q(unit__isnull=True, person__isnull=False),
                name="appraisal_target_one_subject",
            ),
        ]

    def __str__(self) -> str:
        who = self.unit or self.person
        return f"{self.month:%Y-%m} {_item(self.indicator_key)} {who}: {self.value}"


class TargetAdjustment(models.Model):
    """A director's move of one target within ±10 %, with the siblings that absorbed it."""

    plan = models.ForeignKey(
        TargetPlan,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="adjustments",
        verbose_name=_("plan"),
    )
    month = models.DateField(_("month"))
    indicator_key = models.CharField(_("indicator"), max_length=64)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="target_adjustments", verbose_name=_("unit")
    )
    before = models.BigIntegerField(_("before"))
    after = models.BigIntegerField(_("after"))
    formula_value = models.BigIntegerField(_("formula value"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    siblings = models.JSONField(
        _("siblings"), default=dict, blank=True, help_text=_("sibling unit id → [before, after]")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    by_name = models.CharField(_("by (name)"), max_length=100, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    objects = scoped_by("unit").as_manager()

    class Meta:
        verbose_name = _("target adjustment")
        verbose_name_plural = _("target adjustments")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.unit} {_item(self.indicator_key)} {self.before} → {self.after}"


# --- schemes and judgement ------------------------------------------------------------


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


class MonthlyEntry(models.Model):
    """A figure a person enters for a unit or a person for one month, and who entered it."""

    month = models.DateField(_("month"), db_index=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    objects = SubjectQuerySet.as_manager()

    class Meta:
        abstract = True


#: the most a judgement score column holds (``max_digits=6, decimal_places=2``)
POINTS_LIMIT = Decimal("9999.99")


def judgement_maxima() -> dict[str, Fraction]:
    """Each judgement item of the schemes in use → the highest maximum any of them gives it."""
    maxima: dict[str, Fraction] = {}
    for definition in Scheme.objects.filter(status=SchemeStatus.ACTIVE).values_list(
        "definition", flat=True
    ):
        for item in (definition or {}).get("qualitative", []):
            top = Fraction(str(item["max_points"]))
            maxima[item["key"]] = max(top, maxima.get(item["key"], top))
    return maxima


def judgement_problem(item_key: str, points, maxima: dict[str, Fraction] | None = None) -> str:
    """Why a judgement score cannot be stored, or "" when it can.

    Every entry path (page, import, admin, API, shell) ends in ``QualitativeScore.save``,
    which asks this, so a score above its item's maximum, for an unknown item, negative,
    NaN or infinite never reaches the database (and never breaks a page that reads it).
    """
    try:
        value = Decimal(str(points))
    except ArithmeticError:
        value = Decimal("NaN")
    if not value.is_finite():
        return _("%(value)s is not a number of points") % {"value": points}
    if value < 0:
        return _("points must not be negative (got %(value)s)") % {"value": points}
    maxima = judgement_maxima() if maxima is None else maxima
    if item_key not in maxima:
        return _("no judgement item %(item)s in the schemes in use") % {"item": item_key}
    if Fraction(value) > maxima[item_key]:
        top = maxima[item_key]
        return _("%(value)s is above the maximum of %(item)s (%(max)s points)") % {
            "value": points,
            "item": item_key,
            "max": top.numerator if top.denominator == 1 else float(top),
        }
    return ""


class QualitativeScoreQuerySet(SubjectQuerySet):
    def readable(self) -> QualitativeScoreQuerySet:
        """The rows whose points the database can hand back (bad old rows left out).

        A value the column cannot hold, stored before validation existed, makes
        reading it fail; pages read through this and say how many they left out.
        """
        return self.filter(points__gte=0, points__lte=POINTS_LIMIT)


class QualitativeScore(MonthlyEntry):
    """A judgement score a director gives a unit or person for one item of one month."""

    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="qualitative_scores",
        verbose_name=_("unit"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="qualitative_scores",
        verbose_name=_("person"),
    )
    item_key = models.CharField(_("item"), max_length=64)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    reason = models.TextField(_("reason"))

    history = HistoricalRecords()

    objects = QualitativeScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("qualitative score")
        verbose_name_plural = _("qualitative scores")
        ordering = ["-month", "item_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "unit", "item_key"],
                condition=Q(person__isnull=True),
                name="appraisal_qual_unit_unique",
            ),
            models.UniqueConstraint(
                fields=["month", "person", "item_key"],
                condition=Q(unit__isnull=True),
                name="appraisal_qual_person_unique",
            ),
            models.CheckConstraint(
                condition=Q(points__gte=0) & Q(points__lte=POINTS_LIMIT),
                name="appraisal_qual_points_range",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.month:%Y-%m} {self.unit or self.person} {_item(self.item_key)}: {self.points}"
        )

    def save(self, *args, **kwargs) -> None:
        problem = judgement_problem(self.item_key, self.points)
        if problem:
            raise ValidationError({"points": problem})
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        problem = judgement_problem(self.item_key, self.points)
        if problem:
            raise ValidationError({"points": problem})


#: an entered figure's column holds 12 digits before the point (``max_digits=16, 4``)
FIGURE_LIMIT = Decimal("1e12")


def figure_problem(value) -> str:
    """Why an entered figure cannot be stored ("" when it can): NaN, ±∞, or too large."""
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        number = Decimal("NaN")
    if not number.is_finite():
        return _("%(value)s is not a number") % {"value": value}
    if abs(number) >= FIGURE_LIMIT:
        return _("%(value)s is beyond the largest figure (below 10^12)") % {"value": value}
    return ""


class EnteredFigure(MonthlyEntry):
    """A month's actual that billing does not hold: a satisfaction survey, visit coverage,
    an audit section score. Entered (or imported) with its source, kept with history."""

    indicator_key = models.CharField(_("indicator"), max_length=64)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entered_figures",
        verbose_name=_("unit"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entered_figures",
        verbose_name=_("person"),
    )
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    source = models.CharField(_("source"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("entered figure")
        verbose_name_plural = _("entered figures")
        ordering = ["-month", "indicator_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "indicator_key", "unit"],
                condition=Q(person__isnull=True),
                name="appraisal_figure_unit_unique",
            ),
            models.UniqueConstraint(
                fields=["month", "indicator_key", "person"],
                condition=Q(unit__isnull=True),
                name="appraisal_figure_person_unique",
            ),
        ]

    def __str__(self) -> str:
        who = self.unit or self.person
        return f"{self.month:%Y-%m} {_item(self.indicator_key)} {who}: {self.value}"

    def save(self, *args, **kwargs) -> None:
        problem = figure_problem(self.value)
        if problem:
            raise ValidationError({"value": problem})
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        problem = figure_problem(self.value)
        if problem:
            raise ValidationError({"value": problem})


# --- runs and their results -------------------------------------------------------------


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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
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


class ScoreCardQuerySet(SubjectQuerySet):
    def visible_to(self, user, as_of=None):
        """Cards in scope (``SubjectQuerySet``) of the runs ``user`` may see."""
        return super().visible_to(user, as_of).filter(run__in=AppraisalRun.objects.visible_to(user))

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
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="score_cards",
        verbose_name=_("unit"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="score_cards",
        verbose_name=_("person"),
    )
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
