"""The appraisal's fixed vocabularies: how an indicator is measured and read, where a
target came from, the states of a scheme and a run, what a scorecard is about."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Measure(models.TextChoices):
    COUNT = "count", _("count")
    CENTS = "cents", _("cents")
    RATIO = "ratio", _("ratio")
    POINTS = "points", _("points")


class Direction(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


class TargetSource(models.TextChoices):
    DECOMPOSED = "decomposed", _("decomposed")
    ADJUSTED = "adjusted", _("adjusted")
    IMPORTED = "imported", _("imported")


class SchemeStatus(models.TextChoices):
    ACTIVE = "active", _("in use")
    DRAFT = "draft", _("draft")


class RunStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class SubjectKind(models.TextChoices):
    UNIT = "unit", _("unit")
    PERSON = "person", _("person")
