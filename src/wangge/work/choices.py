"""The choices of front-line work, shared by models, forms, filters and the API. The
codes are the core's (``wangge.core.work``); the names are for people."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.core.work import campaigns, orders, surveys
from wangge.core.work import competitions as contest
from wangge.core.work import opportunities as op


class WorkOrderKind(models.TextChoices):
    COMPLAINT = orders.COMPLAINT, _("complaint")
    SURVEY_FOLLOWUP = "survey_followup", _("survey follow-up")
    NAME_LIST = "name_list", _("name-list task")
    ALERT = "alert", _("alert")
    OTHER = "other", _("other")


class WorkOrderStatus(models.TextChoices):
    ASSIGNED = orders.ASSIGNED, _("assigned")
    ACCEPTED = orders.ACCEPTED, _("accepted")
    IN_PROGRESS = orders.IN_PROGRESS, _("in progress")
    DONE = orders.DONE, _("done")
    RETURNED = orders.RETURNED, _("returned")


class Stage(models.TextChoices):
    CULTIVATE = op.CULTIVATE, _("cultivate")
    MINE = op.MINE, _("mine")
    CONVERT = op.CONVERT, _("convert")
    REALISE = op.REALISE, _("realise")
    REVIEW = op.REVIEW, _("review")
    RECULTIVATE = op.RECULTIVATE, _("re-cultivate")


class OpportunityKind(models.TextChoices):
    FIXED_LINE = "fixed_line", _("fixed line")
    BROADBAND = "broadband", _("broadband")
    DATA_LINE = "data_line", _("data line")
    NEW_ENTERPRISE = "new_enterprise", _("newly registered funded enterprise")
    NEW_PREMISES = "new_premises", _("new premises network")
    EXPANSION = "expansion", _("expansion or relocation")
    INTEGRATED = "integrated", _("integrated solution")


class Outcome(models.TextChoices):
    OPEN = op.OPEN, _("open")
    WON = op.WON, _("won")
    LOST = op.LOST, _("lost")


#: the outcomes an opportunity is closed with
CLOSING_OUTCOMES = [
    (Outcome.WON.value, Outcome.WON.label),
    (Outcome.LOST.value, Outcome.LOST.label),
]


class Provider(models.TextChoices):
    """Who provides a product line to a surveyed customer."""

    OURS = surveys.OURS, _("ours")
    CHINA_MOBILE = surveys.COMPETITOR_MOBILE, _("China Mobile")
    CHINA_UNICOM = surveys.COMPETITOR_UNICOM, _("China Unicom")
    CHINA_BROADNET = surveys.COMPETITOR_BROADNET, _("China Broadnet")
    OTHER = surveys.COMPETITOR_OTHER, _("another operator")


class BuyingRole(models.TextChoices):
    """The part the person met plays in a business customer's buying."""

    DECISION_MAKER = "decision_maker", _("decision maker")
    INFLUENCER = "influencer", _("influencer")
    USER = "user", _("user")


class DuplicateChoice(models.TextChoices):
    """What the surveyor chose when the customer may already be on file."""

    UPDATE = "update", _("update this one")
    CREATE = "create", _("create anyway")


class OwnerChange(models.TextChoices):
    """Why a customer's or place's owner changed (the pool's history)."""

    GIVEN = "given", _("given by the grid manager")
    RETURNED = "returned", _("returned to the pool: no follow-up")
    RELEASED = "released", _("put back in the pool")
    SURVEYED = "surveyed", _("recorded by a survey")


class NameOutcome(models.TextChoices):
    """Where one name of a name-list campaign got to."""

    PENDING = campaigns.PENDING, _("not yet contacted")
    CONTACTED = campaigns.CONTACTED, _("contacted")
    INTERESTED = campaigns.INTERESTED, _("interested")
    CONVERTED = campaigns.CONVERTED, _("converted")
    REFUSED = campaigns.REFUSED, _("refused")
    WRONG_DATA = campaigns.WRONG_DATA, _("wrong data")


#: the outcomes a person records (not "not yet contacted")
RECORDED_OUTCOMES = [(o.value, o.label) for o in NameOutcome if o != NameOutcome.PENDING]


class CampaignSource(models.TextChoices):
    FILTER = "filter", _("customer filter")
    UPLOAD = "upload", _("uploaded Excel")
    RANKING = "ranking", _("churn-alert ranking")


class ResourceKind(models.TextChoices):
    """Network resources at a place, as the operator's resource system lists them."""

    BASE_STATION = "base_station", _("base station")
    CROSS_CONNECT = "cross_connect", _("cross-connect box")
    BROADBAND_PORT = "broadband_port", _("broadband ports")


class CompetitionKind(models.TextChoices):
    WEEKLY = contest.WEEKLY, _("weekly blitz")
    MONTHLY = contest.MONTHLY, _("monthly contest")


class Participants(models.TextChoices):
    GRID = contest.GRID, _("grids")
    PERSON = contest.PERSON, _("people")


class Indicator(models.TextChoices):
    """What a competition ranks by: the product's own figures over the period."""

    VISITS = contest.VISITS, _("visits checked in")
    SURVEYS = contest.SURVEYS, _("door-to-door surveys")
    OPPORTUNITIES = contest.OPPORTUNITIES, _("opportunities raised")
    REALISED_VALUE = contest.REALISED_VALUE, _("value of opportunities realised")
    NAMES_CONVERTED = contest.NAMES_CONVERTED, _("names converted")
    ORDERS_DONE = contest.ORDERS_DONE, _("work orders done")


class MeetingKind(models.TextChoices):
    MORNING = "morning", _("morning meeting")
    WEEKLY = "weekly", _("weekly meeting")
    MONTHLY = "monthly", _("monthly meeting")
