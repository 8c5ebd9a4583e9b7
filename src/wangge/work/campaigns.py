"""Name-list campaigns (名单制营销): build a list from the customer list's filter or an
uploaded Excel of customer codes (all or nothing, bad rows named by row and column),
split it to the people of each customer's grid (owners keep their customers, the rest
balanced by workload: ``core.work.campaigns``), record each name's outcome, and read
execution and conversion per grid and person.

A name's grid is the customer's grid when the list was built; building and splitting
take ``work.campaign`` and only reach customers and people the builder sees (a list
from the churn-alert ranking: ``work.rank_list`` is enough, for grid managers); an
outcome is recorded by the person the name was given to or a manager
(``work.assign``) of its grid."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.core.work import campaigns as rules
from wangge.core.work import orders as order_rules
from wangge.customers.lists import CustomerFilter, customers_for
from wangge.customers.models import Customer, CustomerGrid
from wangge.org.dated import today
from wangge.org.models import Person, Unit
from wangge.org.scope import may, visible_unit_ids
from wangge.work import rankings
from wangge.work.access import person_of
from wangge.work.choices import CampaignSource, NameOutcome, WorkOrderKind
from wangge.work.models import Campaign, CampaignName, Owner, WorkOrder
from wangge.work.placement import check_unit
from wangge.work.refusals import WorkRefused
from wangge.work.uploads import UploadRefused, problem, read_rows

#: most names one list may hold
MAX_NAMES = 50_000


def _need_builder(user) -> None:
    if not may(user, "work.campaign"):
        raise WorkRefused("name", _("You may not build name-list campaigns."))


def home_unit(user) -> Unit | None:
    """The unit a campaign is made for: the highest unit the builder is assigned to
    (the city for the marketing department)."""
    me = person_of(user)
    if me is None:
        return Unit.objects.visible_to(user).filter(kind="city").order_by("pk").first()
    link = me.assignments.as_of(today()).select_related("unit").order_by("unit__kind", "pk")
    units = [a.unit for a in link]
    ids = visible_unit_ids(user)
    for kind in ("city", "county", "center", "grid"):
        for u in units:
            if u.kind == kind and (ids is None or u.pk in ids):
                return u
    return units[0] if units else None


def _grids_of(customer_ids) -> dict[int, int]:
    return dict(
        CustomerGrid.objects.as_of(today())
        .filter(customer_id__in=customer_ids)
        .values_list("customer_id", "grid_id")
    )


def _create(user, name, source, criteria, customer_ids, due=None, description="") -> Campaign:
    name = (name or "").strip()
    if not name:
        raise WorkRefused("name", _("Give the campaign a name."))
    unit = home_unit(user)
    if unit is None:
        raise WorkRefused("name", _("You are assigned to no unit."))
    ids = list(dict.fromkeys(customer_ids))
    if not ids:
        raise WorkRefused("name", _("The list is empty: no customer matches."))
    if len(ids) > MAX_NAMES:
        raise WorkRefused(
            "name", _("The list holds more than %(n)s customers: narrow it.") % {"n": MAX_NAMES}
        )
    grids = _grids_of(ids)
    with transaction.atomic():
        campaign = Campaign.objects.create(
            name=name,
            description=description or "",
            unit=unit,
            source=source,
            criteria=criteria,
            due=due,
            created_by=user,
        )
        CampaignName.objects.bulk_create(
            [
                CampaignName(campaign=campaign, customer_id=cid, unit_id=grids[cid])
                for cid in ids
                if cid in grids
            ],
            batch_size=2000,
        )
    return campaign


def build_from_filter(user, name, flt: CustomerFilter, *, due=None, description="") -> Campaign:
    """A list of the customers the customer list shows the builder with ``flt``."""
    _need_builder(user)
    ids = list(customers_for(user, flt).values_list("pk", flat=True)[: MAX_NAMES + 1])
    return _create(user, name, CampaignSource.FILTER, flt.params(), ids, due, description)


def may_rank(user) -> bool:
    """May build a list from the churn-alert ranking (and split it)."""
    return may(user, "work.campaign") or may(user, "work.rank_list")


def may_split(user, campaign: Campaign) -> bool:
    if may(user, "work.campaign"):
        return True
    return campaign.source == CampaignSource.RANKING and may(user, "work.rank_list")


def build_from_ranking(
    user, name, *, month=None, level="", top=None, due=None, description=""
) -> Campaign:
    """A list of the customers of the churn-alert ranking the builder sees (the month's
    risk list, worst first), optionally of one level and only the first ``top``."""
    if not may_rank(user):
        raise WorkRefused("name", _("You may not build name lists from the alert ranking."))
    ranking = rankings.get(rankings.ALERTS)
    if ranking is None or not ranking.may_read(user):
        raise WorkRefused("level", _("You may not read the churn-alert ranking."))
    if level and level not in {code for code, _label in ranking.levels()}:
        raise WorkRefused("level", _("Unknown value %(value)r.") % {"value": level})
    used, ids = ranking.customers(user, month=month, level=level)
    if used is None:
        raise WorkRefused("month", _("There is no alert run yet."))
    seen = set(Customer.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    ids = [i for i in ids if i in seen]
    if top:
        ids = ids[:top]
    if not ids:
        raise WorkRefused(
            "month", _("No alert of %(month)s in your scope matches.") % {"month": f"{used:%Y-%m}"}
        )
    criteria = {"ranking": ranking.code, "month": f"{used:%Y-%m}", "level": level, "top": top}
    return _create(user, name, CampaignSource.RANKING, criteria, ids, due, description)


CODE = "code"
COLUMNS = {CODE: ("客户编码", "customer code", "code")}


def build_from_upload(user, name, source, filename: str, *, due=None, description="") -> Campaign:
    """A list of the customer codes of an Excel file (column 客户编码); an unknown
    code, one outside the builder's scope or a repeated one refuses the whole file."""
    _need_builder(user)
    rows = read_rows(source, filename, COLUMNS, [CODE])
    if not rows:
        raise UploadRefused([_("%(file)s: no rows") % {"file": filename}])
    codes = {cells[CODE] for _n, cells in rows}
    known = dict(Customer.objects.visible_to(user).filter(code__in=codes).values_list("code", "pk"))
    grids = _grids_of(known.values())
    problems, seen, ids = [], {}, []
    column = COLUMNS[CODE][0]
    for n, cells in rows:
        code = cells[CODE]
        if not code:
            problems.append(problem(filename, n, column, _("empty")))
        elif code not in known:
            problems.append(
                problem(
                    filename,
                    n,
                    column,
                    _('"%(value)s" is not a customer you can see') % {"value": code},
                )
            )
        elif code in seen:
            problems.append(
                problem(
                    filename,
                    n,
                    column,
                    _('"%(value)s" is already in row %(row)s') % {"value": code, "row": seen[code]},
                )
            )
        elif known[code] not in grids:
            problems.append(
                problem(filename, n, column, _('"%(value)s" is in no grid today') % {"value": code})
            )
        else:
            seen[code] = n
            ids.append(known[code])
    if problems:
        raise UploadRefused(problems)
    return _create(user, name, CampaignSource.UPLOAD, {"file": filename}, ids, due, description)


def grid_staff(user, grid_ids) -> dict[int, list[int]]:
    """Per grid, the people the user sees who are assigned to it today (a grid's own
    people, not the center's above it), in staff-number order."""
    from wangge.org.models import Assignment

    seen = Person.objects.visible_to(user)
    rows = (
        Assignment.objects.as_of(today())
        .filter(unit_id__in=grid_ids, person__in=seen)
        .order_by("person__staff_no", "person_id")
        .values_list("unit_id", "person_id")
    )
    out: dict[int, list[int]] = {gid: [] for gid in grid_ids}
    for gid, pid in rows:
        if pid not in out[gid]:
            out[gid].append(pid)
    return out


def workload(person_ids) -> dict[int, int]:
    """What each person already carries: open work orders and names not yet closed."""
    orders = dict(
        WorkOrder.objects.filter(assignee_id__in=person_ids, status__in=order_rules.OPEN)
        .exclude(kind=WorkOrderKind.NAME_LIST)  # its names count below
        .values("assignee_id")
        .annotate(n=Count("id"))
        .values_list("assignee_id", "n")
    )
    names = dict(
        CampaignName.objects.filter(
            person_id__in=person_ids,
            outcome__in=[NameOutcome.PENDING, NameOutcome.CONTACTED, NameOutcome.INTERESTED],
        )
        .values("person_id")
        .annotate(n=Count("id"))
        .values_list("person_id", "n")
    )
    return {p: orders.get(p, 0) + names.get(p, 0) for p in person_ids}


@dataclass(frozen=True)
class SplitDone:
    assigned: int
    unplaced: int


def split(user, campaign: Campaign) -> SplitDone:
    """Give the names not yet given to the people of their grids (``work.campaign``, or
    ``work.rank_list`` for a list from the alert ranking): only names in grids the user
    sees, only to people the user sees."""
    if not may_split(user, campaign):
        raise WorkRefused("name", _("You may not split this name list."))
    ids = visible_unit_ids(user)
    todo = campaign.names.filter(person__isnull=True)
    if ids is not None:
        todo = todo.filter(unit_id__in=ids)
    owner = Owner.objects.filter(
        customer_id=OuterRef("customer_id"), unit_id=OuterRef("unit_id"), person__isnull=False
    )
    rows = list(todo.annotate(owner_id=Subquery(owner.values("person_id")[:1])))
    grids = {r.unit_id for r in rows}
    staff = grid_staff(user, grids)
    loads = workload({p for people in staff.values() for p in people})
    done = rules.split_names([rules.Name(r.pk, r.unit_id, r.owner_id) for r in rows], staff, loads)
    now = timezone.now()
    with transaction.atomic():
        by_person: dict[int, list[int]] = {}
        grid_of = {r.pk: r.unit_id for r in rows}
        for key, person in done.assigned.items():
            by_person.setdefault(person, []).append(key)
        for person, keys in by_person.items():
            CampaignName.objects.filter(pk__in=keys, person__isnull=True).update(person_id=person)
            _task(user, campaign, person, grid_of[keys[0]], len(keys))
        campaign.split_at = now
        campaign.save(update_fields=["split_at"])
    return SplitDone(assigned=len(done.assigned), unplaced=len(done.unplaced))


def _task(user, campaign: Campaign, person_id: int, unit_id: int, count: int) -> WorkOrder:
    """The person's work order for their names of the list (one per split and grid)."""
    due = None
    if campaign.due is not None:
        due = timezone.make_aware(datetime.combine(campaign.due, time(18, 0)))
    return WorkOrder.objects.create(
        kind=WorkOrderKind.NAME_LIST,
        title=(_("Name list %(campaign)s: %(n)s names") % {"campaign": campaign.name, "n": count})[
            :200
        ],
        description=_("The names are on “My list”."),
        unit_id=unit_id,
        assignee_id=person_id,
        due_at=due,
        created_by=user if user is not None and user.is_authenticated else None,
    )


def may_record(user, row: CampaignName) -> bool:
    if may(user, "work.assign"):
        return True
    me = person_of(user)
    return may(user, "work.handle") and me is not None and row.person_id == me.pk


def record(user, row: CampaignName, outcome: str, *, order_ref="", note="", opportunity=None):
    """Record where one name got to (the caller loads ``row`` through ``visible_to``)."""
    if not may_record(user, row):
        raise WorkRefused("outcome", _("Only the person this name was given to records it."))
    order_ref = (order_ref or "").strip()
    rule = rules.outcome_problem(outcome, order_ref or ("x" if opportunity else ""))
    if rule == "order_required":
        raise WorkRefused("order_ref", _("A conversion names the order it became."))
    if rule is not None:
        raise WorkRefused("outcome", _("Choose an outcome."))
    if opportunity is not None and opportunity.customer_id not in (None, row.customer_id):
        raise WorkRefused("opportunity", _("The opportunity is another customer's."))
    check_unit(user, row.unit)
    with transaction.atomic():
        row.outcome = outcome
        row.order_ref = order_ref if outcome == NameOutcome.CONVERTED else ""
        row.opportunity = opportunity if outcome == NameOutcome.CONVERTED else None
        row.note = (note or "").strip()[:500]
        row.updated_at = timezone.now()
        row.save()
    return row


def figures(user, campaign: Campaign) -> dict:
    """The campaign's progress over the names the viewer sees: all, per grid, per person."""
    names = CampaignName.objects.visible_to(user).filter(campaign=campaign)
    rows = list(names.values_list("unit_id", "unit__name", "person_id", "person__name", "outcome"))
    total = rules.progress(o for *_rest, o in rows)
    grids = rules.progress_by(((u, un), o) for u, un, _p, _pn, o in rows)
    people = rules.progress_by(((p, pn), o) for _u, _un, p, pn, o in rows)
    return {
        "total": total,
        "grids": sorted(
            ({"id": k[0], "name": k[1], "progress": v} for k, v in grids.items()),
            key=lambda r: r["name"],
        ),
        "people": sorted(
            (
                {"id": k[0], "name": k[1] or _("not given yet"), "progress": v}
                for k, v in people.items()
            ),
            key=lambda r: (r["id"] is None, r["name"]),
        ),
        "outcomes": {o.value: sum(1 for *_rest, x in rows if x == o.value) for o in NameOutcome},
    }


def my_names(user):
    """The names given to me that are not closed yet, across campaigns."""
    me = person_of(user)
    if me is None:
        return CampaignName.objects.none()
    return (
        CampaignName.objects.visible_to(user)
        .filter(person=me)
        .filter(
            ~Q(outcome__in=[NameOutcome.CONVERTED, NameOutcome.REFUSED, NameOutcome.WRONG_DATA])
        )
        .select_related("campaign", "customer", "unit")
    )
