"""What the people side hands the appraisal, through the appraisal's own path for
figures billing does not hold (``EnteredFigure``, the audit section scores and the
raters' means, each against a target of full marks):

* a grid's audit of the month → its ``standardisation-audit`` section scores
  (hardware, indicators, internal management, each out of 100);
* a support unit's reverse-appraisal means → the ``back-office-reverse`` items of
  every back-office person assigned to it at the month's end (their own scorecard).

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
from wangge.core.people.ratings import FULL_MARKS, ITEMS
from wangge.org.models import Assignment, Post
from wangge.people import ratings
from wangge.people.models import Audit
from wangge.people.refusals import need

AUDIT_SOURCE = gettext_noop("standardisation audit")
RATING_SOURCE = gettext_noop("front-line ratings")


@dataclass(frozen=True)
class Fed:
    audits: int
    units_rated: int
    people_rated: int


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
    return Fed(len(audits), len(results), people)
