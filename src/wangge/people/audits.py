"""Standardisation audits: a grid's checklist filled for a month with findings and
evidence photos, scored by section as the appraisal's ``standardisation-audit``
scheme weighs them, written all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.db import transaction
from django.utils.translation import gettext as _

from wangge.core.formatting import number
from wangge.core.people import audit as core
from wangge.core.work import photos
from wangge.org.models import Unit, UnitKind
from wangge.people.models import Audit, AuditItem, Finding
from wangge.people.refusals import PeopleRefused, need, person_of

SCHEME = "standardisation-audit"


def weights() -> tuple[dict[str, Fraction], Fraction]:
    """The sections' weights and the pass mark of the scheme in use, else the defaults."""
    from wangge.appraisal.models import Scheme, SchemeStatus

    row = Scheme.objects.filter(code=SCHEME, status=SchemeStatus.ACTIVE).order_by("-pk").first()
    if row is None:
        return dict(core.DEFAULT_SECTIONS), core.DEFAULT_PASS_MARK
    scheme = row.core()
    sections = {i.key: i.weight for i in scheme.indicators}
    return sections, scheme.pass_mark if scheme.pass_mark is not None else core.DEFAULT_PASS_MARK


@dataclass(frozen=True)
class Entry:
    points: Decimal
    finding: str = ""
    photo: object | None = None


def _photo_problem(photo) -> str:
    if photo is None:
        return ""
    if photo.size > photos.LIMIT_BYTES:
        return _("the photo is larger than 5 MB")
    head = photo.read(photos.HEAD)
    photo.seek(0)
    if photos.kind_of(head) is None:
        return _("the photo must be a JPEG or PNG image")
    return ""


def _problem_message(p: core.AuditProblem, items: dict[str, AuditItem]) -> tuple[str, str]:
    item = items.get(p.item)
    name = item.text if item is not None else p.item
    figures = {"item": name, "points": number(p.points), "max": number(p.max_points)}
    wording = {
        "unknown_item": _("%(item)s is not on the checklist."),
        "missing": _("%(item)s has no score."),
        "negative": _("%(item)s: the points must not be negative."),
        "above_max": _("%(item)s: %(points)s points is above its maximum of %(max)s."),
        "unknown_section": _("%(item)s belongs to no section of the audit scheme."),
        "empty_section": _("The section %(item)s has no checklist item."),
    }
    return f"item-{p.item}", wording[p.code] % figures


@transaction.atomic
def record(user, grid: Unit, month: date, entries: dict[str, Entry], note: str = "") -> Audit:
    """The grid's audit of ``month`` from ``entries`` (checklist code → points, finding,
    photo). Refused, naming the item, when a score passes its maximum, an item is left
    out, the grid is out of scope or already audited that month."""
    need(user, "people.audit")
    if grid.kind != UnitKind.GRID:
        raise PeopleRefused("grid", _("%(unit)s is not a grid.") % {"unit": grid.name})
    if not Unit.objects.visible_to(user).filter(pk=grid.pk).exists():
        raise PeopleRefused("grid", _("That grid is not in your scope."))
    if Audit.objects.filter(grid=grid, month=month).exists():
        raise PeopleRefused("month", _("%(unit)s is already audited for %(month)s.")
                            % {"unit": grid.name, "month": f"{month:%Y-%m}"})  # fmt: skip
    items = {i.code: i for i in AuditItem.objects.all()}
    if not items:
        raise PeopleRefused("grid", _("The audit checklist is empty: add its items first."))
    sections, pass_mark = weights()
    checklist = [core.Item(i.code, i.section, Fraction(str(i.max_points))) for i in items.values()]
    scores = {code: Fraction(str(e.points)) for code, e in entries.items()}
    found = core.problems(checklist, scores, sections)
    if found:
        raise PeopleRefused(*_problem_message(found[0], items))
    for code, e in entries.items():
        problem = _photo_problem(e.photo)
        if problem:
            raise PeopleRefused(f"photo-{code}", f"{items[code].text}: {problem}")
    result = core.score(checklist, scores, sections, pass_mark)
    audit = Audit.objects.create(
        grid=grid, month=month, auditor=person_of(user), note=note,
        sections={k: number(v, 4).replace(",", "") for k, v in result.sections.items()},
        total=Decimal(number(result.total).replace(",", "")), passed=result.passed,
    )  # fmt: skip
    for code, e in entries.items():
        finding = Finding(audit=audit, item=items[code], points=e.points, finding=e.finding)
        if e.photo is not None:
            finding.photo.save(getattr(e.photo, "name", "photo") or "photo", e.photo, save=False)
        finding.save()
    return audit
