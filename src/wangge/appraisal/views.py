"""Appraisal pages: dashboard, scorecard, derivation, runs, targets, judgements, what-if.

Each view loads through ``wangge.appraisal.queries`` (scope, drafts), calls a
service, renders. Rules live in the core and the services.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangge.appraisal import queries as q
from wangge.appraisal.close import CloseRefused, publish_month
from wangge.appraisal.evidence import present
from wangge.appraisal.excel import (
    ImportRefused,
    export_appraisal,
    export_qualitative,
    export_targets,
    import_qualitative,
    import_targets,
)
from wangge.appraisal.explain import evidence_for, explanation, translated
from wangge.appraisal.filtersets import QualitativeFilterSet, TargetFilterSet
from wangge.appraisal.forms import AdjustForm, CloseForm, DecomposeForm
from wangge.appraisal.models import (
    AppraisalRun,
    QualitativeScore,
    Scheme,
    SchemeStatus,
    Target,
    TargetAdjustment,
    TargetPlan,
)
from wangge.appraisal.names import NameBook
from wangge.appraisal.targets import TargetRefused, adjust_target, decompose_targets
from wangge.appraisal.whatif import WhatIfRefused, run_whatif, scheme_weights
from wangge.base.forms import form_problem
from wangge.base.params import BadParameter, filter_params, query_text, to_month
from wangge.base.words import say
from wangge.core import appraisal as core
from wangge.jobs.models import Job
from wangge.org.scope import visible_unit_ids

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _month(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return to_month("month", text)
    except BadParameter:
        return None


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _my_subjects(user, run: AppraisalRun) -> tuple[set[int], int | None]:
    person = getattr(user, "person", None)
    if person is None:
        return set(), None
    on = core.month_end(run.month)
    units = set(person.assignments.as_of(on).values_list("unit_id", flat=True))
    return units, person.pk


@login_required
def home(request):
    """The month's dashboard: my cards, then the leaderboards of my schemes, with trends."""
    user = request.user
    run = q.month_run(user, _month(request.GET.get("month")))
    months = sorted({r.month for r in q.runs_for(user)}, reverse=True)
    if run is None:
        return render(
            request,
            "appraisal/home.html",
            {"run": None, "months": months, "can_manage": q.can_manage(user)},
        )
    visible = q.cards_for(user, run)
    visible_ids = set(visible.values_list("pk", flat=True))
    units, person_id = _my_subjects(user, run)
    mine = [
        c
        for c in visible.select_related("unit", "person").order_by("subject_kind", "label")
        if c.person_id == person_id or c.unit_id in units
    ]
    city_wide = visible_unit_ids(user) is None
    if city_wide or not mine:
        schemes = sorted(set(visible.values_list("scheme_code", flat=True)))
    else:
        schemes = sorted({c.scheme_code for c in mine})
    names = dict(Scheme.objects.filter(code__in=schemes).values_list("code", "name"))
    own_schemes = {c.scheme_code for c in mine}
    tables = []
    for code in schemes:
        rows = q.ranking(run, code, visible_ids)
        trend = q.trends(run, [r["subject"] for r in rows[:60]])
        for r in rows:
            r["trend"] = trend.get(r["subject"])
        # the viewer's own leagues and the grid leagues open; the rest fold away
        unfolded = code in own_schemes or code.startswith("grid-")
        tables.append(
            {"scheme": code, "name": names.get(code, code), "rows": rows, "open": unfolded}
        )
    return render(
        request,
        "appraisal/home.html",
        {
            "run": run,
            "months": months,
            "mine": mine,
            "tables": tables,
            "can_manage": q.can_manage(user),
            "can_adjust": q.can_adjust(user),
        },
    )


@login_required
def card(request, pk: int):
    c = q.card_for(request.user, pk)
    if c is None:
        raise Http404
    items = list(c.items.order_by("pk"))
    return render(
        request,
        "appraisal/card.html",
        {
            "card": c,
            "items": items,
            "run": c.run,
            "derivation": translated(c.derivation),
            "scheme_name": NameBook().scheme(c.scheme_code),
        },
    )


@login_required
def item(request, pk: int):
    it = q.item_for(request.user, pk)
    if it is None:
        raise Http404
    try:
        page = max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        page = 1
    size = 20
    evidence = evidence_for(it, offset=(page - 1) * size, limit=size, viewer=request.user)
    pages = None
    if evidence is not None:
        pages = max((evidence.total + size - 1) // size, 1)
    return render(
        request,
        "appraisal/item.html",
        {
            "item": it,
            "card": it.card,
            "explain": explanation(it),
            "derivation": translated(it.derivation),
            "evidence": evidence,
            "table": present(evidence.kind, evidence.raw, request.user) if evidence else None,
            "page": page,
            "pages": pages,
        },
    )


@login_required
def run_detail(request, pk: int):
    run = get_object_or_404(q.runs_for(request.user), pk=pk)
    versions = AppraisalRun.objects.filter(month=run.month).order_by("-version")
    return render(
        request,
        "appraisal/run.html",
        {
            "run": run,
            "versions": versions,
            "diff": (run.diff or {}).get("changes", []),
            "against": (run.diff or {}).get("against_version"),
            "can_manage": q.can_manage(request.user),
        },
    )


@login_required
@require_POST
def close(request):
    """Start the month-end close as a background task and follow it on the job page."""
    if not q.can_manage(request.user):
        raise PermissionDenied
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return redirect("appraisal:home")
    month = form.cleaned_data["month"]
    from wangge.appraisal.tasks import close_month_task

    job = Job.objects.create(
        kind="appraisal_close",
        title=_("Month-end close %(month)s") % {"month": f"{month:%Y-%m}"},
        started_by=request.user,
    )
    close_month_task.enqueue(
        job.id, month.isoformat(), request.user.id, None, form.cleaned_data["publish"]
    )
    return redirect("job", pk=job.id)


@login_required
@require_POST
def publish(request, pk: int):
    if not q.can_manage(request.user):
        raise PermissionDenied
    run = get_object_or_404(AppraisalRun, pk=pk)
    try:
        publish_month(run.month, user=request.user)
        messages.success(request, _("Published."))
    except CloseRefused as exc:
        messages.error(request, "; ".join(exc.messages))
    return redirect("appraisal:run", pk=pk)


@login_required
def export(request, pk: int):
    run = get_object_or_404(q.runs_for(request.user), pk=pk)
    data = export_appraisal(run, q.cards_for(request.user, run))
    return _xlsx(data, f"appraisal-{run.month:%Y-%m}-v{run.version}.xlsx")


# --- targets ---------------------------------------------------------------------------


def _tree_rows(plan: TargetPlan, targets: dict[int, Target], ids: set[int] | None) -> list:
    rows = []
    tree = plan.factors.get("tree", {})

    def walk(uid: str, depth: int) -> None:
        t = targets.get(int(uid))
        if t is not None and (ids is None or int(uid) in ids):
            rows.append({"t": t, "depth": depth, "pad": depth * 1.2, "leaf": uid not in tree})
        for child in tree.get(uid, []):
            walk(child, depth + 1)

    walk(str(plan.root_id), 0)
    return rows


@login_required
def targets(request):
    """The target tree of one month and indicator, with adjustments and their reasons."""
    user = request.user
    wanted = filter_params(TargetFilterSet, request.GET)
    month = wanted["month"]
    plans = TargetPlan.objects.order_by("-month", "indicator_key")
    if month is None:
        first = plans.first()
        month = first.month if first else core.month_start(date.today())
    indicator = query_text(request, "indicator")  # typed on the page: a NUL is a 400
    month_plans = list(plans.filter(month=month))
    plan = next((p for p in month_plans if p.indicator_key == indicator), None)
    if plan is None and month_plans:
        plan = month_plans[0]
        indicator = plan.indicator_key
    ids = visible_unit_ids(user)
    rows = []
    adjustments = []
    if plan is not None:
        by_unit = {t.unit_id: t for t in plan.targets.select_related("unit")}
        rows = _tree_rows(plan, by_unit, ids)
        adjustments = TargetAdjustment.objects.filter(plan=plan).select_related("unit")
        if ids is not None:
            adjustments = adjustments.filter(unit_id__in=ids)
    others = (
        Target.objects.visible_to(user, core.month_end(month))
        .filter(month=month, plan__isnull=True)
        .select_related("unit", "person")
        .order_by("indicator_key", "unit__code")[:300]
    )
    names = NameBook()
    others = list(others)
    for t in others:
        t.indicator_name = names.item(t.indicator_key)
    return render(
        request,
        "appraisal/targets.html",
        {
            "month": month,
            "plan": plan,
            "plan_name": names.item(plan.indicator_key) if plan else "",
            "plans": [(p.indicator_key, names.item(p.indicator_key)) for p in month_plans],
            "indicator": indicator,
            "rows": rows,
            "adjustments": adjustments,
            "others": others,
            "can_adjust": q.can_adjust(user),
            "can_manage": q.can_manage(user),
            "months": sorted(set(plans.values_list("month", flat=True)), reverse=True),
        },
    )


@login_required
@require_POST
def adjust(request):
    if not q.can_adjust(request.user):
        raise PermissionDenied
    form = AdjustForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            adjust_target(
                data["month"],
                data["indicator"],
                data["unit"],
                data["value"],
                data["reason"],
                user=request.user,
            )
            messages.success(request, _("Target adjusted."))
        except TargetRefused as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, form_problem(form))
    return _back_to_targets(request)


@login_required
@require_POST
def decompose(request):
    if not q.can_manage(request.user):
        raise PermissionDenied
    form = DecomposeForm(request.POST)
    if form.is_valid():
        from wangge.appraisal.close import store_dir

        data = form.cleaned_data
        try:
            decompose_targets(
                data["month"],
                data["indicator"],
                data["total"],
                user=request.user,
                store=store_dir(),
            )
            messages.success(request, _("Targets decomposed."))
        except TargetRefused as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, form_problem(form))
    return _back_to_targets(request)


def _back_to_targets(request):
    """Back to the targets page of the month and indicator the form was about, the
    way they were posted (the page reads them again as its own parameters)."""
    month = _month(request.POST.get("month"))
    query = {"month": f"{month:%Y-%m}"} if month else {}
    query["indicator"] = request.POST.get("indicator", "")
    return redirect(f"{_url('appraisal:targets')}?{urlencode(query)}")


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


@login_required
def targets_export(request):
    month = filter_params(TargetFilterSet, request.GET)["month"]
    qs = Target.objects.visible_to(request.user, core.month_end(month) if month else None)
    if month:
        qs = qs.filter(month=month)
    return _xlsx(export_targets(qs), f"targets-{month:%Y-%m}.xlsx" if month else "targets.xlsx")


def _upload(request, importer, back: str):
    f = request.FILES.get("file")
    if f is None:
        messages.error(request, _("Choose a file."))
        return redirect(back)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "upload.xlsx"
        path.write_bytes(f.read())
        try:
            n = importer(path, user=request.user, name=f.name)
            messages.success(request, _("%(n)s rows imported.") % {"n": n})
        except ImportRefused as exc:
            for e in exc.errors[:30]:
                messages.error(request, e)
    return redirect(back)


@login_required
@require_POST
def targets_import(request):
    if not q.can_adjust(request.user):
        raise PermissionDenied
    return _upload(request, import_targets, _url("appraisal:targets"))


@login_required
def qualitative(request):
    month = filter_params(QualitativeFilterSet, request.GET)["month"]
    stored = QualitativeFilterSet(
        request.GET, queryset=QualitativeScore.objects.visible_to(request.user)
    ).qs
    qs = stored.readable().select_related("unit", "person")
    unreadable = stored.count() - qs.count()
    if unreadable:
        messages.warning(
            request,
            _(
                "%(n)s judgement score(s) hold points out of range and are left out; "
                "correct them in the admin."
            )
            % {"n": unreadable},
        )
    if request.GET.get("format") == "xlsx":
        return _xlsx(export_qualitative(qs), "qualitative.xlsx")
    return render(
        request,
        "appraisal/qualitative.html",
        {
            "scores": _named(qs.order_by("-month", "item_key")[:300]),
            "month": month,
            "can_adjust": q.can_adjust(request.user),
        },
    )


@login_required
@require_POST
def qualitative_import(request):
    if not q.can_adjust(request.user):
        raise PermissionDenied
    return _upload(request, import_qualitative, _url("appraisal:qualitative"))


# --- what-if --------------------------------------------------------------------------------


@login_required
def whatif(request):
    """Edit a scheme's weights (or a target) and see old vs new score and rank per unit.

    Comparing is a GET and writes nothing; saving the weights as a draft scheme is a
    POST of the same fields (CSRF-checked), answered with a redirect to the comparison.
    """
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if not q.can_adjust(request.user):
        raise PermissionDenied
    saving = request.method == "POST"
    if saving and not q.can_manage(request.user):
        raise PermissionDenied
    params = request.POST if saving else request.GET
    run = q.month_run(request.user, _month(params.get("month")))
    if run is None:
        return render(request, "appraisal/whatif.html", {"run": None})
    codes = sorted(set(run.cards.values_list("scheme_code", flat=True)))
    code = params.get("scheme") or (codes[0] if codes else "")
    scheme_row = Scheme.objects.filter(code=code, status=SchemeStatus.ACTIVE).first()
    if scheme_row is None:
        raise Http404
    scheme = scheme_row.core()
    fields = scheme_weights(scheme)
    current = {k: _fmt(w) for k, _label, w, _kind in fields}
    weights = {
        k: params[f"w_{k}"].strip()
        for k in current
        if params.get(f"w_{k}", "").strip() not in ("", current[k])
    }
    targets_override = {}
    if (
        not saving
        and params.get("t_subject")
        and params.get("t_indicator")
        and params.get("t_value")
    ):
        try:
            targets_override[params["t_subject"], params["t_indicator"]] = int(params["t_value"])
        except ValueError:
            messages.error(request, _("The target must be a whole number."))
    rows, error = [], ""
    if weights or targets_override:
        try:
            rows = run_whatif(run, code, weights=weights, targets=targets_override)
        except WhatIfRefused as exc:
            error = str(exc)
    if saving:
        if not weights:
            messages.error(request, _("No weight was changed: nothing to save."))
        elif error:
            messages.error(request, error)
        else:
            from wangge.appraisal.schemes import make_draft

            make_draft(scheme_row, weights=weights)
            messages.success(request, _("Saved as a draft scheme."))
        query = {"month": f"{run.month:%Y-%m}", "scheme": code}
        query.update({f"w_{k}": v for k, v in weights.items()})
        return redirect(f"{_url('appraisal:whatif')}?{urlencode(query)}")
    ids = visible_unit_ids(request.user)
    if ids is not None and rows:
        allowed = set(q.cards_for(request.user, run).values_list("label", flat=True))
        rows = [r for r in rows if r["label"] in allowed]
    names = NameBook()
    subjects = [
        (subject_key(c), c.label)
        for c in q.cards_for(request.user, run)
        .filter(scheme_code=code)
        .select_related("unit", "person")
        .order_by("label")
    ]
    return render(
        request,
        "appraisal/whatif.html",
        {
            "run": run,
            "codes": [(c, names.scheme(c)) for c in codes],
            "code": code,
            "fields": [
                (k, say(lbl), _fmt(w), kind, weights.get(k, "")) for k, lbl, w, kind in fields
            ],
            "weights": weights,
            "may_save": bool(weights) and not error and q.can_manage(request.user),
            "rows": rows,
            "error": error,
            "subjects": subjects,
            "chart": [
                {"name": r["label"], "old": r["old_score"], "new": r["new_score"]} for r in rows
            ],
            "get": request.GET,
        },
    )


def _named(scores) -> list:
    """Qualitative scores with their item's name (``item_name``) for the page."""
    names = NameBook()
    out = list(scores)
    for s in out:
        s.item_name = names.item(s.item_key)
    return out


def _fmt(value) -> str:
    from wangge.core.explain import format_number

    return format_number(value, 4)


def subject_key(card) -> str:
    from wangge.appraisal.close import person_key, unit_key

    return unit_key(card.unit) if card.unit_id else person_key(card.person)
