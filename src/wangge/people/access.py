"""Who may open and act on the people side, on top of ``may`` and the rows' scope."""

from __future__ import annotations

from wangge.org.scope import may


def _person(user):
    return getattr(user, "person", None) if user is not None else None


def may_open_training(user) -> bool:
    """Training and competency pages: everyone with a staff record reads their own;
    team readers (``people.view_team``) read their team's."""
    if user is None or not user.is_authenticated:
        return False
    return _person(user) is not None or may(user, "people.view_team")


def may_open_audits(user) -> bool:
    """Audits are read with the team (``people.view_team``) or filled (``people.audit``)."""
    return may(user, "people.view_team") or may(user, "people.audit")


def may_open_satisfaction(user) -> bool:
    """Survey results are read with the team (``people.view_team``) or entered
    (``people.satisfaction``)."""
    return may(user, "people.view_team") or may(user, "people.satisfaction")
