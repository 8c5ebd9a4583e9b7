"""The choices of early warning; the codes are the core's (``wangge.core.alerts``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.core.alerts import plan, rules


class Level(models.TextChoices):
    RED = rules.RED, _("red")
    YELLOW = rules.YELLOW, _("yellow")
    GUARD = rules.GUARD, _("guard list")


class Rule(models.TextChoices):
    CONTRACT_ENDING = rules.CONTRACT_ENDING, _("contract or promotion ending")
    ARREARS_AGEING = rules.ARREARS_AGEING, _("arrears ageing")
    USAGE_DROP = rules.USAGE_DROP, _("usage drop")
    ARPU_DROP = rules.ARPU_DROP, _("ARPU drop")
    COMPLAINTS = rules.COMPLAINTS, _("repeated complaints")
    NEW_SILENT = rules.NEW_SILENT, _("new user silent")
    GUARD_LIST = rules.GUARD_LIST, _("guard list")
    CHURN_RISK = plan.CHURN_RISK, _("churn risk (model)")


class AlertOutcome(models.TextChoices):
    RETAINED = "retained", _("retained")
    CHURNED = "churned", _("churned")
    UNREACHABLE = "unreachable", _("unreachable")
    NOT_AT_RISK = "not_at_risk", _("not at risk")
