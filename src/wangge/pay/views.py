"""Pay pages: home by role, the distribution editor with its live what-if, approval,
payslips with their derivations, payroll downloads. Each view loads, calls the
pay service modules (staffing, pools, points, workflow: they call the core), renders."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from wangge.base.forms import form_problem
from wangge.base.params import BadParameter, query_code, query_int
from wangge.core.formatting import mean_cents, plain_yuan
from wangge.core.months import add_months, parse_month
from wangge.core.pay.distribution import cap_cents
from wangge.jobs.models import Job
from wangge.org.dated import today
from wangge.org.models import Person, Post, Unit
from wangge.org.scope import assigned_unit_ids, may, role_of
from wangge.pay import exports, imports, input_sheets, workflow
from wangge.pay.access import may_approve, may_draft, may_read_unit_pay, unit_pay_ids
from wangge.pay.config import config
from wangge.pay.forms import (
    DecideForm,
    InputFileForm,
    PayMonthForm,
    SplitActionForm,
    SplitFormSet,
)
from wangge.pay.models import (
    Distribution,
    DistributionStatus,
    PayLine,
    PayPool,
)
from wangge.pay.payslips import payslip_rows
from wangge.pay.pools import front_line_check, pyramid
from wangge.pay.presentation import COLUMNS, component_label, team_rows
from wangge.pay.refusals import PayRefused
from wangge.pay.staffing import POOL_KINDS, load_team
from wangge.pay.versions import (
    allocations_of,
    diff,
    latest_approved,
    previous_approved,
)


def _month(request, default: date | None = None) -> date:
    """``?month=``, else the posted month (a malformed one is a 400 naming it), else
    ``default``, else the month of the latest pools, else last month."""
    for data in (request.GET, request.POST):
        form = PayMonthForm(data)
        if not form.is_valid():
            raise BadParameter("month", form.errors["month"][0])
        if form.cleaned_data["month"]:
            return form.cleaned_data["month"]
    if default is not None:
        return default
    latest = PayPool.objects.aggregate(m=Max("month"))["m"]
    if latest:
        return latest
    return add_months(today(), -1)  # no pool yet: last month, the one being paid


def _my_pool_units(user) -> list[Unit]:
    ids = assigned_unit_ids(user, today())
    return list(Unit.objects.filter(pk__in=ids, kind__in=POOL_KINDS).order_by("code"))


@login_required
def home(request):
    """My payslip / my center's distribution / the city's pools, by role."""
    month = _month(request)
    user = request.user
    role = role_of(user)
    person = getattr(user, "person", None)
    ctx: dict = {"month": month, "role": role, "person": person}
    if person is not None:
        ctx["my_months"] = list(
            PayLine.objects.filter(person=person, distribution__in=latest_approved())
            .values_list("distribution__month", flat=True)
            .distinct()
            .order_by("-distribution__month")
        )
    if may(user, "pay.draft"):
        units = _my_pool_units(user)
        ctx["my_units"] = [
            {
                "unit": u,
                "pool": PayPool.objects.filter(month=month, unit=u).first(),
                "versions": Distribution.objects.filter(month=month, unit=u).order_by("-version"),
            }
            for u in units
        ]
    if unit_pay_ids(user) is None:  # the city's pools: those who read the city's pay
        pools = list(PayPool.objects.filter(month=month).select_related("unit", "appraisal_run"))
        status = {}
        for d in Distribution.objects.filter(month=month).order_by("unit_id", "version"):
            status[d.unit_id] = d
        ctx["pools"] = [
            {
                "pool": p,
                "dist": status.get(p.unit_id),
                "per_head": mean_cents(p.pool_cents, p.heads),
            }
            for p in pools
        ]
        ctx["pools_total"] = sum(p.pool_cents for p in pools)
        ctx["pyramid"] = pyramid(month) if pools else None
        ctx["front_line"] = front_line_check(month)
        ctx["queue"] = Distribution.objects.filter(status=DistributionStatus.SUBMITTED).count()
        ctx["may_compute"] = may_approve(user)
    ctx["inputs"] = [
        {"kind": k, "label": _(INPUT_LABELS[k])}
        for k in imports.KINDS
        if imports.may_import(user, k)
    ]
    return render(request, "pay/home.html", ctx)


INPUT_LABELS = {
    "bases": gettext_noop("Pay bases and tiers"),
    "revenue": gettext_noop("Revenue against budget"),
    "people": gettext_noop("Attendance, training hours, rural posting"),
}
ACTION_LABELS = {
    "created": gettext_noop("created"),
    "updated": gettext_noop("updated"),
    "unchanged": gettext_noop("unchanged"),
    "skipped": gettext_noop("skipped (empty)"),
}


def _input_kind(request, kind: str) -> str:
    if kind not in imports.KINDS or not imports.may_import(request.user, kind):
        raise Http404
    return kind


@login_required
def input_template(request, kind: str):
    """An input's Excel template for the month, filled with the viewer's units or people."""
    kind = _input_kind(request, kind)
    month = _month(request)
    resp = HttpResponse(
        input_sheets.template_bytes(kind, month, request.user),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    resp["Content-Disposition"] = f'attachment; filename="{input_sheets.file_name(kind, month)}"'
    return resp


@login_required
@require_POST
def input_import(request, kind: str):
    """Upload a filled template: the rows written, or every refused cell (nothing written)."""
    kind = _input_kind(request, kind)
    month = _month(request)
    form = InputFileForm(request.POST, request.FILES)
    f = request.FILES.get("file")
    result, errors = None, []
    if not form.is_valid():
        errors = [form_problem(form)]
    else:
        try:
            result = imports.import_file(kind, f, month, user=request.user, name=f.name)
        except imports.ImportRefused as exc:
            errors = exc.errors
    rows = [
        {"row": r, "action": _(ACTION_LABELS.get(r.action, r.action))}
        for r in (result.rows if result else [])
    ]
    return render(
        request,
        "pay/import_result.html",
        {
            "kind": kind,
            "label": _(INPUT_LABELS[kind]),
            "month": month,
            "file": f.name if f is not None else "",
            "result": result,
            "rows": rows,
            "counts": {a: result.count(a) for a in ACTION_LABELS} if result else {},
            "errors": errors,
        },
    )


@login_required
@require_POST
def compute(request):
    """Start the month's pools as a background job; the job page follows it."""
    if not may_approve(request.user):
        raise Http404
    month = _month(request)
    from wangge.pay.tasks import compute_pools_task

    job = Job.objects.create(
        kind="pay_pools",
        title=_("Pay pools %(month)s") % {"month": f"{month:%Y-%m}"},
        started_by=request.user,
    )
    compute_pools_task.enqueue(job.id, f"{month:%Y-%m}")
    return redirect("job", pk=job.id)


def _visible_unit(request, unit_id: int) -> Unit:
    return get_object_or_404(Unit.objects.visible_to(request.user), pk=unit_id)


@login_required
@require_POST
def start(request, unit_id: int):
    """Open (or create) the unit's draft for the month, or a correction after approval."""
    unit = _visible_unit(request, unit_id)
    month = _month(request)
    try:
        dist = workflow.start_draft(request.user, unit, month)
    except PayRefused as exc:
        for m in exc.messages:
            messages.error(request, m)
        return redirect(f"{reverse('pay:home')}?month={month:%Y-%m}")
    return redirect("pay:edit", pk=dist.pk)


def _editor_rows(ev: workflow.Evaluation, allocations) -> list[dict]:
    ti = ev.ti
    pays = {p.person_id: p for p in (ev.draft.people if ev.draft else ())}
    flagged: dict[int, list[str]] = {}
    for v in ev.violations:
        if v.person_id is not None:
            flagged.setdefault(v.person_id, []).append(v.rule)
    rows = []
    for m in ti.team.members:
        p = pays.get(m.person_id)
        cents, reason = allocations.get(m.person_id, (0, ""))
        card = ti.cards.get(m.person_id)
        rows.append(
            {
                "id": m.person_id,
                "person": ti.people[m.person_id],
                "post": ti.posts[m.person_id],
                "score": card.total if card else None,
                "share": float(ti.shares[m.person_id]),
                "formula": p.formula_cents if p else None,
                "training": (p.training_deduction_cents + p.training_redistribution_cents)
                if p
                else 0,
                "disc_cents": cents,
                "disc_yuan": plain_yuan(cents) if cents else "",
                "reason": reason,
                "pool_pay": p.pool_pay_cents if p else None,
                "allowances": sum(p.allowances.values()) if p else 0,
                "cap": p.cap_cents if p else None,
                "floor": p.floor_cents if p else None,
                "rules": flagged.get(m.person_id, []),
            }
        )
    return rows


@login_required
def edit(request, pk: int):
    """The director's editor: the formula part computed, the discretionary split typed
    in with a reason per person, rule checks live (what-if) and on save."""
    dist = get_object_or_404(Distribution.objects.visible_to(request.user), pk=pk)
    if dist.status not in (DistributionStatus.DRAFT, DistributionStatus.RETURNED):
        return redirect("pay:distribution", pk=dist.pk)
    if not may_draft(request.user, dist.unit):
        return redirect("pay:distribution", pk=dist.pk)
    try:
        ti = load_team(dist.unit, dist.month)
    except PayRefused as exc:
        for m in exc.messages:
            messages.error(request, m)
        return redirect("pay:home")
    allocations = allocations_of(dist)
    errors: list[str] = []
    if request.method == "POST":
        split = SplitFormSet(ti.people, request.POST)
        action = SplitActionForm(request.POST)
        valid = split.is_valid() and action.is_valid()
        allocations = split.allocations
        errors = list(split.non_form_errors()) or ([] if valid else [form_problem(action)])
        if valid:
            try:
                if action.submitting:
                    workflow.submit(request.user, dist, allocations)
                    messages.success(request, _("Submitted to the marketing department."))
                    return redirect("pay:distribution", pk=dist.pk)
                workflow.save_draft(request.user, dist, allocations)
                messages.success(request, _("Draft saved."))
                return redirect("pay:edit", pk=dist.pk)
            except PayRefused as exc:
                errors = exc.messages
    ev = workflow.evaluate(dist.unit, dist.month, allocations, ti=ti)
    rows = _editor_rows(ev, allocations)
    formset = SplitFormSet(
        ti.people,
        initial=[{"person": r["id"], "disc": r["disc_yuan"], "reason": r["reason"]} for r in rows],
    )
    for r, form in zip(rows, formset.forms, strict=True):
        r["form"] = form
    cfg = config()
    return render(
        request,
        "pay/edit.html",
        {
            "dist": dist,
            "ti": ti,
            "rows": rows,
            "formset": formset,
            "ev": ev,
            "errors": errors,
            "posts": [
                (p, Post(p).label if p in Post.values else p, cfg.post_coefficients.get(p, ""))
                for p in sorted(set(ti.posts.values()))
            ],
            "cap_multiple": cfg.cap_multiple,
            "floor_cents": cfg.floor_cents,
            "previous": previous_approved(dist),
        },
    )


def _cap_line(dist: Distribution) -> int | None:
    """The cap a person with a whole month in the unit has under the core's rule
    (k × pool / full-time equivalents, rounded down), for the chart's cap line;
    None when the month's team cannot be loaded any more (then no line is drawn)."""
    try:
        ti = load_team(dist.unit, dist.month)
    except PayRefused:
        return None
    cfg = config()
    return cap_cents(dist.pool_cents, cfg.cap_multiple, [m.share for m in ti.team.members])


@login_required
def distribution(request, pk: int):
    """One version: team table and chart, the diff against the last approved version,
    and the actions the viewer may take (approve / return, correct, download)."""
    dist = get_object_or_404(
        Distribution.objects.visible_to(request.user).select_related("unit"), pk=pk
    )
    rows = team_rows(dist)
    latest = (
        Distribution.objects.filter(unit=dist.unit, month=dist.month).order_by("-version").first()
    )
    ranked = sorted(rows, key=lambda r: -r["pool_pay"])  # the distribution of pay, high to low
    groups: dict[str, list[int]] = {"front": [], "support": []}
    for r in rows:
        groups["front" if r["front_line"] else "support"].append(r["pool_pay"])
    # cents throughout: the page's script plots them and labels them with the
    # product's yuan format; the cap is the core's own bound, not a second estimate
    chart = {
        "names": [r["person"].name for r in ranked],
        "pay_cents": [r["pool_pay"] for r in ranked],
        "total_cents": [r["total"] for r in ranked],
        "front": [r["front_line"] for r in ranked],
        "average_cents": mean_cents(sum(r["pool_pay"] for r in rows), len(rows)),
        "cap_cents": _cap_line(dist),
        "groups_cents": {k: mean_cents(sum(v), len(v)) for k, v in groups.items()},
    }
    return render(
        request,
        "pay/distribution.html",
        {
            "dist": dist,
            "rows": rows,
            "columns": [(c, component_label(c)) for c in COLUMNS],
            "chart": chart,
            "diff": diff(dist),
            "previous": previous_approved(dist),
            "may_decide": may_approve(request.user) and dist.status == DistributionStatus.SUBMITTED,
            "may_edit": may_draft(request.user, dist.unit)
            and dist.status in (DistributionStatus.DRAFT, DistributionStatus.RETURNED),
            "may_correct": may_draft(request.user, dist.unit)
            and dist.status == DistributionStatus.APPROVED
            and latest is not None
            and latest.pk == dist.pk,
            "group_names": {"front": _("front line"), "support": _("support")},
        },
    )


@login_required
@require_POST
def decide(request, pk: int):
    dist = get_object_or_404(Distribution.objects.visible_to(request.user), pk=pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return redirect("pay:distribution", pk=dist.pk)
    approve = form.cleaned_data["action"] == "approve"
    try:
        workflow.decide(request.user, dist, approve, form.cleaned_data["comment"])
        messages.success(
            request, _("Approved and locked.") if approve else _("Returned to the director.")
        )
    except PayRefused as exc:
        for m in exc.messages:
            messages.error(request, m)
    return redirect("pay:distribution", pk=dist.pk)


@login_required
def queue(request):
    """Submitted distributions waiting for the marketing department."""
    qs = (
        Distribution.objects.visible_to(request.user)
        .filter(status=DistributionStatus.SUBMITTED)
        .select_related("unit", "drafted_by")
        .order_by("submitted_at")
    )
    returned = (
        Distribution.objects.visible_to(request.user)
        .filter(status=DistributionStatus.RETURNED)
        .select_related("unit")
    )
    return render(request, "pay/queue.html", {"waiting": qs, "returned": returned})


@login_required
def payslip(request, month: str, person_id: int | None = None):
    """A person's payslip: own always; a unit's people for a director (their center)
    and for marketing and auditors. Anyone else gets a 404, not a hint."""
    m = _month(request, parse_month(month)) if month else _month(request)
    me = getattr(request.user, "person", None)
    if person_id is None:
        if me is None:
            raise Http404
        person = me
    else:
        person = get_object_or_404(Person, pk=person_id)
        if person != me and not (
            PayLine.objects.visible_to(request.user)
            .filter(person=person, distribution__month=m)
            .exists()
        ):
            raise Http404
    shown, total, months = payslip_rows(person, m)
    return render(
        request,
        "pay/payslip.html",
        {
            "person": person,
            "month": m,
            "lines": shown,
            "total": total,
            "months": months,
            "own": person == me,
        },
    )


@login_required
def export(request, month: str):
    """Approved pay of the month (one unit or every unit the viewer sees) for payroll."""
    m = parse_month(month)
    unit_id = query_int(request, "unit")
    unit = None if unit_id is None else _visible_unit(request, unit_id)
    if not may(request.user, "pay.export"):
        raise Http404
    if unit is None and unit_pay_ids(request.user) is not None:
        raise Http404  # the whole city's payroll is for those who read the city's pay
    if unit is not None and not may_read_unit_pay(request.user, unit):
        raise Http404
    fmt = query_code(request, "format") or "xlsx"
    if fmt == "csv":
        body = exports.csv_text(m, unit).encode("utf-8-sig")
        ctype = "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body = exports.xlsx_bytes(m, unit)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    resp = HttpResponse(body, content_type=ctype)
    resp["Content-Disposition"] = f'attachment; filename="{exports.file_name(m, unit, fmt)}"'
    return resp
