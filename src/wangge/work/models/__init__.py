"""Front-line work, one module per business: work orders (``orders``), opportunities
with their stage moves (``opportunities``), visits and surveys (``visits``), ownership
and the pool (``pool``), name-list campaigns (``campaigns``), grid plans and network
resources (``records``), competitions (``competitions``), meeting notes and work logs
(``basics``). The keys they share are ``base``.

Each row belongs to a grid (``unit``) and is seen by whoever sees that grid. The rules
(which move is allowed, what is overdue, how far a check-in was) are
``wangge.core.work``; the service modules (``orders``, ``pipeline``, ``visits``,
``surveys``...) are the only writers.
"""

from wangge.work.models.base import AtCustomerOrPlace, InGrid, Made
from wangge.work.models.basics import MeetingAction, MeetingNote, WorkLog
from wangge.work.models.campaigns import Campaign, CampaignName, CampaignQuerySet
from wangge.work.models.competitions import Competition, CompetitionQuerySet
from wangge.work.models.opportunities import Opportunity, StageMove
from wangge.work.models.orders import WorkOrder
from wangge.work.models.pool import Owner
from wangge.work.models.records import (
    GridPlan,
    NetworkResource,
    NetworkResourceQuerySet,
    PlanAction,
)
from wangge.work.models.visits import Survey, Visit

__all__ = [
    "AtCustomerOrPlace",
    "Campaign",
    "CampaignName",
    "CampaignQuerySet",
    "Competition",
    "CompetitionQuerySet",
    "GridPlan",
    "InGrid",
    "Made",
    "MeetingAction",
    "MeetingNote",
    "NetworkResource",
    "NetworkResourceQuerySet",
    "Opportunity",
    "Owner",
    "PlanAction",
    "StageMove",
    "Survey",
    "Visit",
    "WorkLog",
    "WorkOrder",
]
