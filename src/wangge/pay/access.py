"""Who may do what in pay: read a unit's pay, draft its distribution, approve.

The payslip rule is asked once by the API, pages and exports.

A person always reads their own payslip. The pay lines of a whole unit (every
person's amounts) are for a role granted ``pay.read_unit``, and only for units in
that person's scope today; holding the unit in scope is not enough (back office is
assigned to a center but sees no colleague's pay).
"""

from __future__ import annotations

from wangge.org.dated import today
from wangge.org.models import Unit
from wangge.org.scope import assigned_unit_ids, may, visible_unit_ids


def may_read_unit_pay(user, unit: Unit | int) -> bool:
    """Whether ``user`` may read every person's pay lines of ``unit``."""
    if not may(user, "pay.read_unit"):
        return False
    if user is None:
        return True
    ids = visible_unit_ids(user)
    return ids is None or (unit.pk if isinstance(unit, Unit) else unit) in ids


def unit_pay_ids(user) -> set[int] | None:
    """The units whose pay ``user`` may read (None: all of them; empty: none but their own)."""
    if not may(user, "pay.read_unit"):
        return set()
    return None if user is None else visible_unit_ids(user)


def may_draft(user, unit: Unit) -> bool:
    """A role that drafts, assigned to the unit itself today (not only above it); a
    superuser or a batch run (``user`` None) may too."""
    if user is None or user.is_superuser:
        return may(user, "pay.draft")
    return may(user, "pay.draft") and unit.pk in assigned_unit_ids(user, today())


def may_approve(user) -> bool:
    """The marketing department's approval of a submitted distribution."""
    return may(user, "pay.approve")
