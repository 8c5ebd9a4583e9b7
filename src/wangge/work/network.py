"""Network resources per place (base stations, cross-connect boxes, broadband ports in
use and free), imported from the operator's resource system as an Excel file, all or
nothing, matched on the resource code (a second import updates). Summed per place, so
a seller sees where broadband can be sold today (free broadband ports)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.org.scope import may
from wangge.territory.models import Place
from wangge.work.choices import ResourceKind
from wangge.work.models import NetworkResource
from wangge.work.uploads import UploadRefused, problem, read_rows

PLACE, KIND, CODE, NAME, TOTAL, USED = "place", "kind", "code", "name", "total", "used"
COLUMNS = {
    PLACE: ("地点编码", "place code"),
    KIND: ("类型", "kind"),
    CODE: ("资源编码", "resource code", "code"),
    NAME: ("名称", "name"),
    TOTAL: ("端口总数", "ports"),
    USED: ("已用端口", "ports in use"),
}


def _kinds() -> dict[str, str]:
    """A kind as typed (its code, or its name in Chinese or English) → its code."""
    from django.utils import translation

    out = {}
    for kind in ResourceKind:
        out[kind.value] = kind.value
        out[str(kind.label)] = kind.value
        with translation.override("zh-hans"):
            out[str(kind.label)] = kind.value
    return out


def _count(value: str) -> int | None:
    try:
        n = int(float(value)) if value else 0
    except ValueError:
        return None
    return n if n >= 0 and float(value or 0) == n and n < 10**7 else None


@dataclass(frozen=True)
class Imported:
    created: int
    updated: int


def import_resources(user, source, name: str) -> Imported:
    """The resources of an Excel file (地点编码, 类型, 资源编码, 名称, 端口总数, 已用端口)
    at places the importer sees (``customers.import``); one bad row refuses the file."""
    if not may(user, "customers.import"):
        raise UploadRefused([_("You may not import network resources.")])
    rows = read_rows(source, name, COLUMNS, [PLACE, KIND, CODE])
    if not rows:
        raise UploadRefused([_("%(file)s: no rows") % {"file": name}])
    places = dict(
        Place.objects.visible_to(user)
        .filter(code__in={c[PLACE] for _n, c in rows})
        .values_list("code", "pk")
    )
    kinds = _kinds()
    problems, parsed, seen = [], [], {}
    for n, c in rows:
        bad = len(problems)
        if c[PLACE] not in places:
            problems.append(
                problem(
                    name,
                    n,
                    COLUMNS[PLACE][0],
                    _('"%(value)s" is not a place you can see') % {"value": c[PLACE]},
                )
            )
        kind = kinds.get(c[KIND])
        if kind is None:
            problems.append(
                problem(
                    name,
                    n,
                    COLUMNS[KIND][0],
                    _('"%(value)s" is not a kind of resource') % {"value": c[KIND]},
                )
            )
        if not c[CODE]:
            problems.append(problem(name, n, COLUMNS[CODE][0], _("empty")))
        elif c[CODE] in seen:
            problems.append(
                problem(
                    name,
                    n,
                    COLUMNS[CODE][0],
                    _('"%(value)s" is already in row %(row)s')
                    % {"value": c[CODE], "row": seen[c[CODE]]},
                )
            )
        total, used = _count(c.get(TOTAL, "")), _count(c.get(USED, ""))
        for key, value in ((TOTAL, total), (USED, used)):
            if value is None:
                problems.append(
                    problem(
                        name,
                        n,
                        COLUMNS[key][0],
                        _('"%(value)s" is not a count') % {"value": c.get(key, "")},
                    )
                )
        if total is not None and used is not None and used > total:
            problems.append(
                problem(name, n, COLUMNS[USED][0], _("more ports in use than there are"))
            )
        if len(problems) == bad:
            seen[c[CODE]] = n
            parsed.append((places[c[PLACE]], kind, c[CODE], c.get(NAME, "")[:200], total, used))
    if problems:
        raise UploadRefused(problems)
    now = timezone.now()
    with transaction.atomic():
        existing = {r.code: r for r in NetworkResource.objects.filter(code__in=seen)}
        created = updated = 0
        for place_id, kind, code, label, total, used in parsed:
            row = existing.get(code) or NetworkResource(code=code)
            created += row.pk is None
            updated += row.pk is not None
            row.place_id, row.kind, row.name = place_id, kind, label
            row.ports_total, row.ports_used, row.imported_at = total, used, now
            row.save()
    return Imported(created, updated)


def by_place(qs):
    """Per place: base stations, boxes, broadband ports total / in use / free."""
    bb = Q(kind=ResourceKind.BROADBAND_PORT)
    return (
        qs.values("place_id", "place__code", "place__name")
        .annotate(
            stations=Count("id", filter=Q(kind=ResourceKind.BASE_STATION)),
            boxes=Count("id", filter=Q(kind=ResourceKind.CROSS_CONNECT)),
            ports=Sum("ports_total", filter=bb, default=0),
            used=Sum("ports_used", filter=bb, default=0),
        )
        .annotate(free=F("ports") - F("used"))
        .order_by("-free", "place__code")
    )
