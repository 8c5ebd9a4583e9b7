"""What people enter for a month: judgement scores and entered figures.

Every entry path (page, import, admin, API, shell) ends in the models' ``save``,
which refuses a value the column or the schemes in use cannot take.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangge.appraisal.choices import SchemeStatus
from wangge.appraisal.models.schemes import Scheme
from wangge.appraisal.models.subjects import SubjectQuerySet, _item, one_per_subject, subject_keys
from wangge.base.fields import user_key


class MonthlyEntry(models.Model):
    """A figure a person enters for a unit or a person for one month, and who entered it."""

    month = models.DateField(_("month"), db_index=True)
    entered_by = user_key(_("entered by"))
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

    unit, person = subject_keys("qualitative_scores")
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
            *one_per_subject("appraisal_qual", "month", "subject", "item_key"),
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
    unit, person = subject_keys("entered_figures")
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    source = models.CharField(_("source"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("entered figure")
        verbose_name_plural = _("entered figures")
        ordering = ["-month", "indicator_key"]
        constraints = [
            *one_per_subject("appraisal_figure", "month", "indicator_key", "subject"),
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
