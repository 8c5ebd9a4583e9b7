"""Who may act on a row of front-line work, on top of ``may`` and the row's scope."""

from __future__ import annotations

from wangge.org.scope import may


def person_of(user):
    return getattr(user, "person", None) if user is not None else None


def may_move_order(user, order) -> bool:
    """The assignee (``work.handle``) or anyone who assigns work (``work.assign``); the
    row must be in the user's scope (the caller loads it through ``visible_to``)."""
    if may(user, "work.assign"):
        return True
    me = person_of(user)
    return may(user, "work.handle") and me is not None and order.assignee_id == me.pk


def may_move_opportunity(user, opportunity) -> bool:
    """Its owner or a team member (``work.sell``), or a manager (``work.assign``)."""
    if may(user, "work.assign"):
        return True
    me = person_of(user)
    if me is None or not may(user, "work.sell"):
        return False
    return opportunity.owner_id == me.pk or opportunity.team.filter(pk=me.pk).exists()
