"""Choices shared by the territory models, forms and pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalMode(models.TextChoices):
    DESIGN = "design", _("design afresh")
    RECUT = "recut", _("re-cut with fewest moves")


class ProposalStatus(models.TextChoices):
    RUNNING = "running", _("running")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")
    ACCEPTED = "accepted", _("accepted")
