"""The choices of marketing resources, shared by models, forms and the API. The codes
are the core's (``wangge.core.resources``); the names are for people."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.core.resources import kinds, loop


class ResourceKind(models.TextChoices):
    PROMOTION = kinds.PROMOTION, _("promotion")
    ADVERTISING = kinds.ADVERTISING, _("advertising")
    OUTBOUND_CALL = kinds.OUTBOUND_CALL, _("outbound calls")
    SMS = kinds.SMS, _("SMS")
    ANALYSIS = kinds.ANALYSIS, _("analysis")
    GIFT = kinds.GIFT, _("gifts")
    MATERIAL = kinds.MATERIAL, _("materials")
    EVENT = kinds.EVENT, _("on-site events")


class Purpose(models.TextChoices):
    BASE = kinds.BASE, _("existing base and traditional services")
    GROWTH = kinds.GROWTH, _("new business and new users")


class PlanStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACCEPTED = "accepted", _("accepted")


class DeliveryStatus(models.TextChoices):
    SENT = "sent", _("sent")
    RECEIVED = "received", _("received")


class ResultKind(models.TextChoices):
    ORDER = loop.ORDER, _("order")
    NEW_ADD = loop.NEW_ADD, _("new add")
    RETAINED = loop.RETAINED, _("retained customer")
