"""The pay's fixed vocabularies: the settings' options (a person in two units, grid
weights, unscored posts, points mode) and the states of a distribution."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TwoUnits(models.TextChoices):
    ASSIGNED = "assigned", _("split by days assigned")
    CALENDAR = "calendar", _("split by calendar days")
    REFUSE = "refuse", _("refuse")


class GridWeights(models.TextChoices):
    EQUAL = "equal", _("equal")
    HOUSEHOLDS = "households", _("households")


class Unscored(models.TextChoices):
    REFUSE = "refuse", _("refuse the distribution")
    LEAVE_OUT = "leave_out", _("leave them out of the pool, named on the page")


class PointsMode(models.TextChoices):
    FIXED = "fixed", _("fixed value per point")
    POOL = "pool", _("share of a points pool")


class DistributionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned")
