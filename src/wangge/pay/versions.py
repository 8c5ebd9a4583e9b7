"""Versions of a unit's distribution: the open one, the approved ones, the diff.

Approved versions are locked; a correction is a new version. Payslips, exports and
points read the latest approved version of each unit's month.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Max, Q

from wangge.core import pay as core
from wangge.org.models import Person, Unit
from wangge.pay.models import (
    Distribution,
    DistributionStatus,
    PayLine,
)


def latest_approved(month: date | None = None, unit: Unit | None = None):
    """The latest approved version of each unit's distribution (of a month, a unit)."""
    qs = Distribution.objects.filter(status=DistributionStatus.APPROVED)
    if month is not None:
        qs = qs.filter(month=month)
    if unit is not None:
        qs = qs.filter(unit=unit)
    tops = qs.values("month", "unit_id").annotate(v=Max("version"))
    keys = Q(pk__in=[])
    for t in tops:
        keys |= Q(month=t["month"], unit_id=t["unit_id"], version=t["v"])
    return qs.filter(keys)


def allocations_of(dist: Distribution) -> dict[int, tuple[int, str]]:
    """The discretionary split stored in a version (its discretionary lines)."""
    out: dict[int, tuple[int, str]] = {}
    for line in dist.lines.filter(component=core.DISCRETIONARY):
        c, _r = out.get(line.person_id, (0, ""))
        out[line.person_id] = (c + int(line.amount_cents), line.reason)
    return out


def open_version(unit: Unit, month: date) -> Distribution | None:
    return (
        Distribution.objects.filter(unit=unit, month=month)
        .exclude(status=DistributionStatus.APPROVED)
        .order_by("-version")
        .first()
    )


def previous_approved(dist: Distribution) -> Distribution | None:
    return (
        Distribution.objects.filter(
            unit=dist.unit_id,
            month=dist.month,
            status=DistributionStatus.APPROVED,
            version__lt=dist.version,
        )
        .order_by("-version")
        .first()
    )


def _core_lines(dist: Distribution) -> list[core.PayLine]:
    return [
        core.PayLine(
            ln.person_id,
            dist.unit_id,
            ln.component,
            int(ln.amount_cents),
            core.Working(""),
            item=ln.item,
        )
        for ln in dist.lines.all()
    ]


def diff(dist: Distribution) -> list[dict]:
    """Per person and component, before (the previous approved version) and after."""
    before = previous_approved(dist)
    if before is None:
        return []
    people = {p.pk: p for p in Person.objects.filter(pay_lines__distribution__in=[dist, before])}
    rows = core.diff_lines(_core_lines(before), _core_lines(dist))
    return [
        {
            "person": people.get(r.person_id),
            "component": r.component,
            "item": r.item,
            "before_cents": r.before_cents,
            "after_cents": r.after_cents,
            "delta_cents": r.delta_cents,
        }
        for r in rows
    ]


# --- payslips and tables ---------------------------------------------------------------


def payslip_lines(person: Person, month: date):
    """A person's lines of the month from the latest approved version of each unit."""
    return (
        PayLine.objects.filter(distribution__in=latest_approved(month), person=person)
        .select_related("distribution__unit", "subscription")
        .order_by("distribution__unit__code", "id")
    )
