"""Targets (the tree of a month and indicator, adjustments, decomposition, Excel in
and out) and judgement scores (qualitative items, Excel in and out)."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangge.appraisal import queries as q
from wangge.appraisal.excel import (
    ImportRefused,
    export_qualitative,
    export_targets,
    import_qualitative,
    import_targets,
)
from wangge.appraisal.filtersets import QualitativeFilterSet, TargetFilterSet
from wangge.appraisal.forms import AdjustForm, DecomposeForm, PageMonthForm
from wangge.appraisal.models import (
    QualitativeScore,
    Target,
    TargetAdjustment,
    TargetPlan,
)
from wangge.appraisal.names import NameBook
from wangge.appraisal.targets import TargetRefused, adjust_target, decompose_targets
from wangge.appraisal.views import xlsx_response
from wangge.base.forms import form_problem
from wangge.base.params import filter_params, query_code, query_text
from wangge.core import appraisal as core
from wangge.core.target_units import target_text, typed_target, unit_of
from wangge.org.scope import visible_unit_ids


def decomposable(names: NameBook, planned: list[str]) -> list[tuple[str, str, str]]:
    """(key, name, unit) of the indicators a company total can be split for: those
    already planned, the catalogue's, the figures' indicators and new adds per line."""
    from wangge.appraisal.models import Indicator
    from wangge.appraisal.targets import measure_of

    keys = {*planned, *Indicator.objects.values_list("key", flat=True)}
    keys |= core.FIGURE_INDICATORS | {f"new_adds.{line}" for line in core.LINES}
    return sorted(((k, names.item(k), unit_of(measure_of(k), k)) for k in keys), key=lambda r: r[1])


def _tree_rows(plan: TargetPlan, targets: dict[int, Target], ids: set[int] | None) -> list:
    rows = []
    tree = plan.factors.get("tree", {})

    def walk(uid: str, depth: int) -> None:
        t = targets.get(int(uid))
        if t is not None and (ids is None or int(uid) in ids):
            rows.append(
                {
                    "t": t,
                    "depth": depth,
                    "pad": depth * 1.2,
                    "leaf": uid not in tree,
                    "shown": target_text(t.value, t.measure, t.indicator_key),
                    "formula": target_text(t.formula_value, t.measure, t.indicator_key)
                    if t.formula_value is not None
                    else "",
                    "typed": typed_target(t.value, t.measure, t.indicator_key),
                }
            )
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
        adjustments = list(adjustments)
        for a in adjustments:
            a.before_shown, a.after_shown, a.formula_shown = (
                target_text(v, plan.measure, plan.indicator_key)
                for v in (a.before, a.after, a.formula_value)
            )
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
        t.shown = target_text(t.value, t.measure, t.indicator_key)
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
            "total": target_text(plan.total, plan.measure, plan.indicator_key) if plan else "",
            "unit": unit_of(plan.measure, plan.indicator_key) if plan else "",
            "decomposable": decomposable(names, [p.indicator_key for p in month_plans]),
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
    form = PageMonthForm(request.POST)
    form.is_valid()  # what was posted well: a bad month is left out, the page shows its own
    month = form.cleaned_data.get("month")
    query = {"month": f"{month:%Y-%m}"} if month else {}
    query["indicator"] = form.cleaned_data.get("indicator", "")
    return redirect(f"{reverse('appraisal:targets')}?{urlencode(query)}")


@login_required
def targets_export(request):
    month = filter_params(TargetFilterSet, request.GET)["month"]
    qs = Target.objects.visible_to(request.user, core.month_end(month) if month else None)
    if month:
        qs = qs.filter(month=month)
    return xlsx_response(
        export_targets(qs), f"targets-{month:%Y-%m}.xlsx" if month else "targets.xlsx"
    )


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
    return _upload(request, import_targets, reverse("appraisal:targets"))


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
    if query_code(request, "format") == "xlsx":
        return xlsx_response(export_qualitative(qs), "qualitative.xlsx")
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
    return _upload(request, import_qualitative, reverse("appraisal:qualitative"))


def _named(scores) -> list:
    """Qualitative scores with their item's name (``item_name``) for the page."""
    names = NameBook()
    out = list(scores)
    for s in out:
        s.item_name = names.item(s.item_key)
    return out
