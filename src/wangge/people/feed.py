"""What the people side hands the appraisal, through the appraisal's own path for
figures billing does not hold (``EnteredFigure``, the audit section scores and the
raters' means, each against a target of full marks):

* a grid's audit of the month → its ``standardisation-audit`` section scores
  (hardware, indicators, internal management, each out of 100);
* a support unit's reverse-appraisal means → the ``back-office-reverse`` items of
  every back-office person assigned to it at the month's end (their own scorecard);
* the month's satisfaction surveys → ``satisfaction`` (the score out of 100 that the
  schemes band) of every surveyed grid, and of every person assigned at the month's
  end to units holding surveyed grids: the mean over all those grids' responses.

Run for a month by the marketing department, all or nothing, idempotent: running it
again after more ratings replaces the figures it wrote.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.db import transaction
from django.utils.translation import gettext_noop

from wangge.core.months import month_end
from wangge.core.people import satisfaction as core_satisfaction
from wangge.core.people.ratings import FULL_MARKS, ITEMS
from wangge.org.models import Assignment, Post
from wangge.people import ratings, satisfaction
from wangge.people.models import Audit
from wangge.people.refusals import need

AUDIT_SOURCE = gettext_noop("standardisation audit")
RATING_SOURCE = gettext_noop("front-line ratings")
SURVEY_SOURCE = gettext_noop("satisfaction survey")
SATISFACTION = "satisfaction"


@dataclass(frozen=True)
class Fed:
    audits: int
    units_rated: int
    people_rated: int
    grids_surveyed: int = 0
    people_surveyed: int = 0


def _value(x: Fraction) -> Decimal:
    return (Decimal(x.numerator) / Decimal(x.denominator)).quantize(Decimal("0.0001"))


def _put(month: date, key: str, value: Decimal, source: str, user, **subject) -> None:
    from wangge.appraisal.models import EnteredFigure, Measure, Target, TargetSource

    EnteredFigure.objects.update_or_create(
        month=month, indicator_key=key, **subject,
        defaults={"value": value, "source": source, "entered_by": user},
    )  # fmt: skip
    Target.objects.get_or_create(
        month=month, indicator_key=key, **subject,
        defaults={"value": FULL_MARKS, "measure": Measure.POINTS,
                  "source": TargetSource.IMPORTED},
    )  # fmt: skip


@transaction.atomic
def feed_month(user, month: date, *, company: bool = False) -> Fed:
    """``company``: the batch run of ``wangge people feed`` (no signed-in person, the
    whole city); otherwise ``user`` needs ``people.feed`` and feeds what they see."""
    if not company:
        need(user, "people.feed")
    audits_qs = Audit.objects.all() if company else Audit.objects.visible_to(user)
    audits = list(audits_qs.filter(month=month).select_related("grid"))
    for a in audits:
        for key, value in a.sections.items():
            _put(month, key, Decimal(value).quantize(Decimal("0.0001")), AUDIT_SOURCE, user,
                 unit=a.grid, person=None)  # fmt: skip
    results = ratings.results(user, month, company=company)
    staff = Assignment.objects.as_of(month_end(month)).filter(post=Post.BACK_OFFICE)
    people = 0
    for unit, result in results:
        for a in staff.filter(unit=unit).select_related("person"):
            people += 1
            for key in ITEMS:
                _put(month, key, _value(result.averages[key]), RATING_SOURCE, user,
                     person=a.person, unit=None)  # fmt: skip
    grids, surveyed = _feed_satisfaction(user, month, company)
    return Fed(len(audits), len(results), people, grids, surveyed)


def _entered(month: date, value: Fraction, user, **subject) -> None:
    from wangge.appraisal.models import EnteredFigure

    EnteredFigure.objects.update_or_create(
        month=month, indicator_key=SATISFACTION, **subject,
        defaults={"value": _value(value), "source": SURVEY_SOURCE, "entered_by": user},
    )  # fmt: skip


def _feed_satisfaction(user, month: date, company: bool) -> tuple[int, int]:
    """Grids by their own responses; people pooled over the grids under their units,
    from every response of those grids (a partial view would misstate them), for the
    people the feeder sees."""
    from wangge.core.org import subtree
    from wangge.org.models import Person, Unit
    from wangge.org.scope import unit_tree

    results = satisfaction.core_results(month)
    if not results:
        return 0, 0
    grids = Unit.objects.in_bulk([r.grid for r in results])
    seen = None if company else set(Unit.objects.visible_to(user).values_list("pk", flat=True))
    fed_grids = 0
    for r in results:
        if seen is None or r.grid in seen:
            _entered(month, r.score, user, unit=grids[r.grid], person=None)
            fed_grids += 1
    on = month_end(month)
    tree = unit_tree(on)
    units_of: dict[int, set[int]] = {}
    for pid, uid in Assignment.objects.as_of(on).values_list("person_id", "unit_id"):
        units_of.setdefault(pid, set()).add(uid)
    if not company:
        mine = set(Person.objects.visible_to(user).values_list("pk", flat=True))
        units_of = {p: u for p, u in units_of.items() if p in mine}
    people = Person.objects.in_bulk(list(units_of))
    fed_people = 0
    for pid, units in sorted(units_of.items()):
        score = core_satisfaction.pooled(results, subtree(tree, units))
        if score is not None:
            _entered(month, score, user, person=people[pid], unit=None)
            fed_people += 1
    return fed_grids, fed_people
