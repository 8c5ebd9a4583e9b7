"""The choices of the people side, shared by models, forms and the API. Levels are the
organisation's (``org.models.Level``); the audit sections and rating items are the
appraisal schemes' indicator keys (``wangge.core.people``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.core.people import ratings


class Section(models.TextChoices):
    HARDWARE = "hardware", _("hardware environment")
    INDICATORS = "indicators", _("software indicators")
    INTERNAL_MANAGEMENT = "internal_management", _("internal management")


class RatingItem(models.TextChoices):
    RESPONSIVENESS = ratings.ITEMS[0], _("timeliness")
    PROBLEM_SOLVING = ratings.ITEMS[1], _("quality of the help")
    ATTITUDE = ratings.ITEMS[2], _("attitude")


class ResponseSource(models.TextChoices):
    ENTERED = "entered", _("entered")
    IMPORTED = "imported", _("imported")


#: the satisfaction bands of ``wangge.core.people.satisfaction.band``, in words
BAND_LABELS = {
    "very satisfied": _("very satisfied"),
    "satisfied": _("satisfied"),
    "fairly satisfied": _("fairly satisfied"),
    "not satisfied": _("not satisfied"),
}
