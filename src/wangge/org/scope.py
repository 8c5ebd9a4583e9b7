"""Who sees what: the one place that turns a login into the set of units it may see.

Every queryset's ``visible_to(user, as_of=None)`` ends here, so the admin, the API,
the pages and the exports cannot disagree about scope.

The rule for dates: **scope is always today's**. Which units a person sees is decided
by their assignments in force today and the tree as it stands today; ``as_of`` never
enters that decision. ``as_of`` only moves the reporting date of the rows inside that
scope: ``Customer.objects.visible_to(user, as_of=D)`` is the customers whose grid *on
D* is one of the units the user sees *today*. So a grid manager whose assignment ended
yesterday sees nothing of the old grid, not even "as of yesterday", and a person who
moved units sees the new unit's history, not the old unit's. History of a unit one no
longer holds is for the city-wide roles.
"""

from __future__ import annotations

from datetime import date

# The role questions live in base (the scoped admin and masking ask them too); the
# apps keep asking them here, next to the scope questions.
from wangge.base.access import may as may
from wangge.base.access import role_of as role_of
from wangge.core.access import sees_city
from wangge.core.org import Link, subtree, tolerant_as_of
from wangge.org.dated import today


def unit_tree(day: date) -> dict[int, int]:
    """child unit id → parent unit id, as the tree stood on ``day``.

    Bad stored data (two parents on one day, a cycle) is logged by unit code and left
    out, so the page is served without that branch instead of failing for everyone.
    """
    import logging

    from wangge.org.models import Unit, UnitLink

    rows = UnitLink.objects.as_of(day).values_list("unit_id", "parent_id", "valid_from", "valid_to")
    tree, problems = tolerant_as_of((Link(*row) for row in rows), day)
    if problems:
        ids = {node for problem in problems for node in problem.nodes}
        codes = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "code"))
        for problem in problems:
            logging.getLogger(__name__).warning(
                "unit tree on %s: %s: %s (left out of the scope)",
                day.isoformat(),
                problem.kind,
                ", ".join(codes.get(node, str(node)) for node in problem.nodes),
            )
    return tree


def assigned_unit_ids(user, day: date) -> set[int]:
    person = getattr(user, "person", None)
    if person is None:
        return set()
    return set(person.assignments.as_of(day).values_list("unit_id", flat=True))


def assigned_units(user) -> list:
    """The units ``user``'s person is assigned to today (none for a login without a
    person): what a page means by "my grid" or "my center"."""
    person = getattr(user, "person", None)
    if person is None:
        return []
    return [a.unit for a in person.assignments.as_of().select_related("unit")]


def visible_unit_ids(user) -> set[int] | None:
    """The units ``user`` may see, decided today: None means all of them.

    A person sees the units they are assigned to today and everything below them in
    today's tree; the marketing department, auditors and superusers see the whole
    city; anyone else sees nothing. There is deliberately no day parameter: a
    reporting date (``as_of``) filters rows inside this scope, it does not widen it.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    if sees_city(role_of(user), is_superuser=user.is_superuser):
        return None
    day = today()
    roots = assigned_unit_ids(user, day)
    if not roots:
        return set()
    return subtree(unit_tree(day), roots)
