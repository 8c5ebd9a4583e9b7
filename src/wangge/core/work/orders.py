"""Work orders: who may move an order where, what each move needs, when it is late.

A work order is anything that needs a person's action (a complaint, a survey follow-up,
a name-list task, an alert). Its life is assigned → accepted → in progress → done, or
returned (with a reason) from any open state. A complaint also has a resolution
deadline: missed while still open, it escalates once to the director of the grid's
center.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

ASSIGNED = "assigned"
ACCEPTED = "accepted"
IN_PROGRESS = "in_progress"
DONE = "done"
RETURNED = "returned"

STATUSES = (ASSIGNED, ACCEPTED, IN_PROGRESS, DONE, RETURNED)
OPEN = frozenset({ASSIGNED, ACCEPTED, IN_PROGRESS})
CLOSED = frozenset({DONE, RETURNED})

KINDS = ("complaint", "survey_followup", "name_list", "alert", "other")
COMPLAINT = "complaint"

#: status → the statuses it may move to. Returning is possible from every open state
#: (the assignee cannot do it, or it is not theirs); a closed order stays closed.
TRANSITIONS: dict[str, frozenset[str]] = {
    ASSIGNED: frozenset({ACCEPTED, RETURNED}),
    ACCEPTED: frozenset({IN_PROGRESS, DONE, RETURNED}),
    IN_PROGRESS: frozenset({DONE, RETURNED}),
    DONE: frozenset(),
    RETURNED: frozenset(),
}

#: target status → what the move needs besides being allowed: ``reason`` (a sentence
#: of why). A return without a reason tells the assigner nothing.
NEEDS: dict[str, frozenset[str]] = {RETURNED: frozenset({"reason"})}


@dataclass(frozen=True)
class Refusal:
    """Why a move is refused: a rule key and its figures, worded by the app."""

    rule: str  # "unknown_status" | "not_allowed" | "reason_required"
    current: str
    target: str


def check_move(current: str, target: str, reason: str = "") -> Refusal | None:
    """None when ``current → target`` is allowed and has what it needs."""
    if current not in TRANSITIONS or target not in TRANSITIONS:
        return Refusal("unknown_status", current, target)
    if target not in TRANSITIONS[current]:
        return Refusal("not_allowed", current, target)
    if "reason" in NEEDS.get(target, ()) and not reason.strip():
        return Refusal("reason_required", current, target)
    return None


def allowed_moves(current: str) -> list[str]:
    """The statuses an order in ``current`` may move to, in lifecycle order."""
    return [s for s in STATUSES if s in TRANSITIONS.get(current, ())]


def is_overdue(status: str, due_at: datetime | None, now: datetime) -> bool:
    """An open order past its due time; a closed one is never overdue (it is history)."""
    return status in OPEN and due_at is not None and now > due_at


def must_escalate(
    kind: str,
    status: str,
    deadline_at: datetime | None,
    escalated_at: datetime | None,
    now: datetime,
) -> bool:
    """A complaint still open after its resolution deadline, not escalated yet.

    Once escalated it stays escalated: running the escalation again changes nothing.
    """
    return (
        kind == COMPLAINT
        and status in OPEN
        and deadline_at is not None
        and now > deadline_at
        and escalated_at is None
    )
