from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    DISTRIBUTION_SUBMITTED = "distribution_submitted", _("distribution submitted")
    DISTRIBUTION_RETURNED = "distribution_returned", _("distribution returned")
    DISTRIBUTION_APPROVED = "distribution_approved", _("distribution approved")
    MONTH_PUBLISHED = "month_published", _("appraisal published")
    JOB_DONE = "job_done", _("background job done")
    JOB_FAILED = "job_failed", _("background job failed")
