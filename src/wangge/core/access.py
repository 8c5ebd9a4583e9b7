"""Roles, what each may see, and how personal numbers are masked.

The web layer asks these questions in one place each (a queryset method for
scope, a serializer/template filter for masking); the answers live here so a
company can change them in settings without code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

ROLES = (
    "marketing",  # city marketing department: sets targets, schemes, pools
    "center_director",  # regional center director / county branch head
    "grid_manager",
    "frontline",  # community, business-customer and customer managers
    "back_office",
    "auditor",
)

# Roles that see the whole city regardless of their own assignments.
CITY_WIDE_ROLES = frozenset({"marketing", "auditor"})

# Default post → role, for people created from a staff list.
ROLE_OF_POST = {
    "grid_manager": "grid_manager",
    "community_manager": "frontline",
    "business_manager": "frontline",
    "customer_manager": "frontline",
    "service_director": "frontline",
    "back_office": "back_office",
    "center_director": "center_director",
    "marketing_department": "marketing",
}


# What each role may *do*: one table, read by the admin, the API, the pages and the
# commands. An action is "<area>.<verb>"; scope (which rows) is decided separately by
# the units a person sees, so "pay.read_unit" means "the pay of units in my scope".
ACTIONS: Mapping[str, str] = {
    "customers.view": "see customers and subscriptions in scope",
    "customers.export": "export the customers in scope to Excel",
    "customers.edit": "edit customers, subscriptions and their grids in the admin",
    "customers.import": "import operators' files (customers, subscriptions, monthly facts)",
    "org.edit_units": "create, rename and re-link units in the admin",
    "org.edit_people": "edit people, their role, login and assignments",
    "territory.edit": "edit places, channels and their grids",
    "territory.design": "run the grid designer and re-cut on an area in scope and accept it",
    "appraisal.manage": "decompose targets, close, publish and seed the month",
    "appraisal.adjust": "adjust targets, enter judgement scores, run what-ifs",
    "appraisal.see_drafts": "see unpublished appraisal runs",
    "pay.approve": "compute pools, approve or return distributions",
    "pay.configure": "edit the pay configuration and the points schemes",
    "pay.draft": "draft the second distribution of a unit one is assigned to",
    "pay.read_unit": "read the pay lines of every person of a unit in scope",
    "pay.export": "export the approved payroll of units in scope",
    "pay.import": "import pay bases and revenue against budget",
    "pay.import_people": "import attendance and training hours of people in scope",
    "audit.read": "read the audit trail",
    "api.docs": "read the API schema and its documentation pages",
    "work.assign": "create work orders for people in scope and move any of them",
    "work.handle": "accept, work on, finish or return the work orders assigned to oneself",
    "work.sell": "record opportunities and move one's own (owner or team) through stages",
    "work.pipeline": "read the pipeline board and conversion rates of the units in scope",
    "work.visit": "check in and out of visits to customers and places",
    "work.survey": "record door-to-door surveys, creating or updating the customer met",
    "work.campaign": "build name-list campaigns of customers in scope and split them to people",
    "work.rank_list": "build and split name lists from the churn-alert ranking of units in scope",
    "work.compete": "set up competitions (contests over an indicator) in units in scope",
    "work.meet": "record the meeting notes of grids in scope, with attendees and actions",
    "work.log": "write one's own daily work log",
    "alerts.view": "read the risk list (alerts, churn risk, reasons) of the units in scope",
    "alerts.record": "record the outcome of an alert's work order (its assignee or a manager)",
    "resources.allocate": "set resource budgets, propose, edit and accept the allocation",
    "resources.request": "ask for marketing resources for a unit in scope",
    "resources.deliver": "keep stock and send delivery orders to grids that asked",
    "resources.receive": "confirm receipt of a delivery to a grid in scope",
    "resources.use": "record resources spent on campaigns, customers or work orders",
    "resources.evaluate": "read the closed loop: spend, results and input-output",
    "people.view_team": "read training hours, competency gaps, audits and ratings in scope",
    "people.train": "hold training sessions of units in scope and record their attendance",
    "people.assess": "record competency assessments and certifications of people in scope",
    "people.audit": "fill the standardisation audit of a grid in scope",
    "people.rate": "rate one's support units each month (reverse appraisal)",
    "people.feed": "feed audit scores and reverse-appraisal results to the appraisal",
    "people.configure": "edit courses, the competency model and the audit checklist",
    "people.satisfaction": "enter or import the satisfaction survey responses of grids in scope",
}

_EVERYONE = frozenset({"customers.view"})
_FRONT_LINE_WORK = frozenset(
    {
        "work.handle",
        "work.sell",
        "work.visit",
        "work.survey",
        "work.log",
        "alerts.view",
        "alerts.record",
    }
)
GRANTS: Mapping[str, frozenset[str]] = {
    "marketing": frozenset(ACTIONS),
    "center_director": _EVERYONE
    | {
        "customers.export",
        "appraisal.adjust",
        "appraisal.see_drafts",
        "territory.design",
        "pay.draft",
        "pay.read_unit",
        "pay.export",
        "pay.import_people",
        "api.docs",
        "work.assign",
        "work.pipeline",
        "work.campaign",
        "work.rank_list",
        "work.compete",
        "work.meet",
        "resources.request",
        "resources.use",
        "resources.evaluate",
        "people.view_team",
        "people.train",
        "people.assess",
        "people.audit",
        "people.satisfaction",
    }
    | _FRONT_LINE_WORK,
    "grid_manager": _EVERYONE
    | _FRONT_LINE_WORK
    | {
        "customers.export",
        "api.docs",
        "work.assign",
        "work.pipeline",
        "work.rank_list",
        "work.compete",
        "work.meet",
        "resources.request",
        "resources.receive",
        "resources.use",
        "resources.evaluate",
        "people.view_team",
        "people.train",
        "people.rate",
    },
    "frontline": _EVERYONE | _FRONT_LINE_WORK | {"resources.use", "people.rate"},
    "back_office": frozenset({"resources.deliver"}),
    "auditor": _EVERYONE
    | {
        "customers.export",
        "appraisal.see_drafts",
        "pay.read_unit",
        "pay.export",
        "audit.read",
        "api.docs",
        "work.pipeline",
        "alerts.view",
        "resources.evaluate",
        "people.view_team",
    },
}


def may(role: str | None, action: str, *, is_superuser: bool = False) -> bool:
    """Whether ``role`` may do ``action``; an unknown action is a programming error."""
    if action not in ACTIONS:
        raise KeyError(f"unknown action {action!r}; add it to wangge.core.access.ACTIONS")
    return is_superuser or (role is not None and action in GRANTS.get(role, frozenset()))


def roles_that_may(action: str) -> list[str]:
    """The roles granted ``action``: whom to tell when something awaits that action."""
    if action not in ACTIONS:
        raise KeyError(f"unknown action {action!r}; add it to wangge.core.access.ACTIONS")
    return sorted(role for role, actions in GRANTS.items() if action in actions)


# What changing each kind of row in the admin takes, by "app.model". ``None``: nobody
# changes it there (computed rows, or rows only a flow with its own checks writes).
# Which rows a person sees is their scope (each model's ``visible_to``); seeing a kind
# at all may take an action too (ADMIN_VIEW). A model of ours missing from this table
# cannot be registered in the admin: the web app refuses to start.
ADMIN_CHANGE: Mapping[str, str | None] = {
    "org.unit": "org.edit_units",
    "org.unitlink": "org.edit_units",
    "org.person": "org.edit_people",
    "org.assignment": "org.edit_people",
    "territory.place": "territory.edit",
    "territory.placegrid": "territory.edit",
    "territory.channel": "territory.edit",
    "customers.customer": "customers.edit",
    "customers.customergrid": "customers.edit",
    "customers.subscription": "customers.edit",
    "appraisal.indicator": "appraisal.manage",
    "appraisal.targetplan": "appraisal.manage",
    "appraisal.target": "appraisal.manage",
    "appraisal.targetadjustment": None,
    "appraisal.scheme": "appraisal.manage",
    "appraisal.qualitativescore": "appraisal.manage",
    "appraisal.enteredfigure": "appraisal.manage",
    "appraisal.appraisalrun": "appraisal.manage",
    "appraisal.scorecard": "appraisal.manage",
    "appraisal.itemscore": None,
    "pay.payconfig": "pay.configure",
    "pay.pointsscheme": "pay.configure",
    "pay.pointsrule": "pay.configure",
    "pay.unitpaybase": "pay.import",
    "pay.unitrevenue": "pay.import",
    "pay.personmonth": "pay.import_people",
    "pay.paypool": None,
    "pay.distribution": "pay.approve",
    "pay.payline": None,
    "pay.salepoints": None,
    "jobs.job": None,
    "intake.importprofile": "customers.import",
    "intake.importrun": None,
    # front-line work is written only by its flows (lifecycle, stage and geofence checks)
    "work.workorder": None,
    "work.opportunity": None,
    "work.stagemove": None,
    "work.visit": None,
    "work.survey": None,
    "work.owner": None,  # the pool's flows check the grid and the person
    "work.campaign": None,  # name lists: built, split and tracked by their flows
    "work.campaignname": None,
    # resources: budgets and stock are kept by hand; the rest only by their flows (the
    # allocation's rules, a delivery only to a grid that asked, receipt by the grid)
    "resources.budget": "resources.allocate",
    "resources.stock": "resources.deliver",
    "resources.request": None,
    "resources.plan": None,
    "resources.planline": None,
    "resources.planedit": None,
    "resources.deliveryorder": None,
    "resources.use": None,
    "resources.result": None,
    # people: the company's lists by hand; what is recorded only by its flows (hours
    # that add up, gaps, audit points within each item's maximum, one rating a month)
    "people.skillitem": "people.configure",
    "people.requirement": "people.configure",
    "people.course": "people.configure",
    "people.audititem": "people.configure",
    "people.session": None,
    "people.attendance": None,
    "people.assessment": None,
    "people.certification": None,
    "people.audit": None,
    "people.finding": None,
    "people.rating": None,
    "people.survey": "people.configure",
    "people.question": "people.configure",
    "people.response": None,  # written only by entry and import (answers on the scale)
}

# Seeing a kind of row at all, by app label; an app not named is open to every role,
# within its scope.
ADMIN_VIEW: Mapping[str, str] = {
    "customers": "customers.view",
    "intake": "customers.import",
    "work": "customers.view",  # the rows name customers
}

# The personal fields of each kind of row and the masking-policy name each follows.
PERSONAL_FIELDS: Mapping[str, Mapping[str, str]] = {
    "org.person": {"phone": "phone", "id_number": "id_number"},
    "customers.customer": {"name": "name", "phone": "phone", "id_number": "id_number"},
    "customers.subscription": {"number": "phone"},
}


def admin_verbs(role: str | None, label: str, *, is_superuser: bool = False) -> frozenset[str]:
    """What ``role`` may do in the admin with rows of ``label``: a subset of
    view/add/change/delete; empty for a kind the table does not know."""
    if label not in ADMIN_CHANGE:
        return frozenset()
    view = ADMIN_VIEW.get(label.split(".")[0])
    if view is not None and not may(role, view, is_superuser=is_superuser):
        return frozenset()
    if not is_superuser and role is None:
        return frozenset()
    change = ADMIN_CHANGE[label]
    if change is not None and may(role, change, is_superuser=is_superuser):
        return frozenset({"view", "add", "change", "delete"})
    return frozenset({"view"})


@dataclass(frozen=True)
class MaskingPolicy:
    """Which roles see a personal field in full; everyone else sees it masked."""

    unmasked: Mapping[str, frozenset[str]] = field(
        default_factory=lambda: {
            # the people who call customers need their numbers
            "phone": frozenset({"grid_manager", "frontline"}),
            "id_number": frozenset(),
            # customers' names: the roles that serve them; audit and back office
            # read the rows behind a number without knowing who the customer is
            "name": frozenset({"marketing", "center_director", "grid_manager", "frontline"}),
        }
    )

    @classmethod
    def from_settings(cls, raw: Mapping[str, Iterable[str]] | None) -> MaskingPolicy:
        if not raw:
            return cls()
        unknown = {r for roles in raw.values() for r in roles} - set(ROLES)
        if unknown:
            raise ValueError(f"masking policy names unknown roles: {sorted(unknown)}")
        # a field the settings leave out keeps its default
        return cls(unmasked={**cls().unmasked, **{k: frozenset(v) for k, v in raw.items()}})

    def shows(self, field_name: str, role: str | None) -> bool:
        return role is not None and role in self.unmasked.get(field_name, frozenset())

    def apply(self, field_name: str, value: str | None, role: str | None) -> str | None:
        if value is None or self.shows(field_name, role):
            return value
        return mask_name(value) if field_name == "name" else mask(value)


def mask(value: str) -> str:
    """Keep the first 3 and last 4 characters (138****1234); hide all of a short value."""
    text = value.strip()
    if len(text) <= 7:
        return "*" * len(text)
    return f"{text[:3]}{'*' * (len(text) - 7)}{text[-4:]}"


def mask_name(value: str) -> str:
    """Keep a name's first character (张**): enough to tell rows apart, not who it is."""
    text = value.strip()
    return f"{text[:1]}{'*' * max(len(text) - 1, 1)}" if text else text


def sees_city(role: str | None, *, is_superuser: bool = False) -> bool:
    return is_superuser or role in CITY_WIDE_ROLES
