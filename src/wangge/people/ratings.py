"""Reverse appraisal: the front line rates the support units that serve it (a unit
with back-office staff, the rater's own unit or one above it) once a month; the
results are each unit's raters' means, never who gave what."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.core.people import ratings as core
from wangge.org.dated import today
from wangge.org.models import Assignment, Post, Unit
from wangge.org.scope import assigned_unit_ids, unit_tree
from wangge.people.choices import RatingItem
from wangge.people.models import Rating
from wangge.people.refusals import PeopleRefused, need, person_of


def support_units(user) -> list[Unit]:
    """The units with back-office staff today that serve ``user``: their own unit or
    any above it in today's tree."""
    day = today()
    tree = unit_tree(day)
    above: set[int] = set()
    for uid in assigned_unit_ids(user, day):
        node, hops = uid, 0
        while node is not None and hops < 64:
            above.add(node)
            node, hops = tree.get(node), hops + 1
    staffed = Assignment.objects.as_of(day).filter(post=Post.BACK_OFFICE, unit_id__in=above)
    return list(Unit.objects.filter(pk__in=staffed.values("unit_id")).order_by("code"))


@transaction.atomic
def rate(user, unit: Unit, month: date, scores: dict[str, int], comment: str = "") -> Rating:
    """The rater's rating of ``unit`` for ``month`` (a second one that month replaces
    the first, kept in history)."""
    need(user, "people.rate")
    rater = person_of(user)
    if rater is None:
        raise PeopleRefused("unit", _("Only staff with a personnel record rate support units."))
    if unit.pk not in {u.pk for u in support_units(user)}:
        raise PeopleRefused("unit", _("%(unit)s is not one of the support units serving you.")
                            % {"unit": unit.name})  # fmt: skip
    if month > timezone.localdate().replace(day=1):
        raise PeopleRefused("month", _("A month still to come cannot be rated."))
    for key in core.ITEMS:
        problem = core.rating_problem(scores.get(key))
        if problem:
            raise PeopleRefused(key, _("%(item)s: rate with a whole number from 0 to 100.")
                                % {"item": RatingItem(key).label})  # fmt: skip
    row, _created = Rating.objects.update_or_create(
        rater=rater, unit=unit, month=month,
        defaults={**{k: scores[k] for k in core.ITEMS}, "comment": comment,
                  "rated_at": timezone.now()},
    )  # fmt: skip
    return row


def results(user, month: date, *, company: bool = False) -> list[tuple[Unit, core.UnitResult]]:
    """Each support unit in ``user``'s view (every one for the company's batch run)
    with its raters' means for ``month``."""
    rows = (Rating.objects.all() if company else Rating.objects.visible_to(user)).filter(
        month=month
    )
    rated = [core.Rated(r.unit_id, r.rater_id, {k: getattr(r, k) for k in core.ITEMS})
             for r in rows]  # fmt: skip
    out = core.aggregate(rated)
    units = Unit.objects.in_bulk([r.unit for r in out])
    return [(units[r.unit], r) for r in out]
