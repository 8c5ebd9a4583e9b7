"""The what-if of a scheme: weights or a target changed, old against new score and
rank per subject; saving the weights makes a draft scheme."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from wangge.appraisal import queries as q
from wangge.appraisal.forms import WhatIfForm
from wangge.appraisal.models import (
    Scheme,
    SchemeStatus,
)
from wangge.appraisal.names import NameBook
from wangge.appraisal.targets import measure_of
from wangge.appraisal.whatif import (
    WhatIfRefused,
    outcome,
    run_whatif,
    scheme_weights,
    target_indicators,
)
from wangge.base.forms import form_problem
from wangge.base.params import BadParameter
from wangge.base.words import say
from wangge.core.target_units import unit_of
from wangge.org.scope import visible_unit_ids


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
    form = WhatIfForm(params)
    if not form.is_valid() and "month" in form.errors:
        raise BadParameter("month", form.errors["month"][0])
    run = q.month_run(request.user, form.cleaned_data.get("month"))
    if run is None:
        return render(request, "appraisal/whatif.html", {"run": None})
    codes = sorted(set(run.cards.values_list("scheme_code", flat=True)))
    code = form.cleaned_data.get("scheme") or (codes[0] if codes else "")
    scheme_row = Scheme.objects.filter(code=code, status=SchemeStatus.ACTIVE).first()
    if scheme_row is None:
        raise Http404
    scheme = scheme_row.core()
    fields = scheme_weights(scheme)
    form = WhatIfForm(params, current={k: _fmt(w) for k, _label, w, _kind in fields})
    if not form.is_valid():
        messages.error(request, form_problem(form))
    weights = form.weights()  # those typed well count even when another field is wrong
    targets_override = {} if saving else form.target()
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
        return redirect(f"{reverse('appraisal:whatif')}?{urlencode(query)}")
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
            "indicators": [
                (k, names.item(k), unit_of(measure_of(k), k)) for k in target_indicators(scheme)
            ],
            "outcome": outcome(rows) if rows else None,
            "chart": [
                {"name": r["label"], "old": r["old_score"], "new": r["new_score"]} for r in rows
            ],
            "get": request.GET,
        },
    )


def _fmt(value) -> str:
    from wangge.core.explain import format_number

    return format_number(value, 4)


def subject_key(card) -> str:
    from wangge.appraisal.close import person_key, unit_key

    return unit_key(card.unit) if card.unit_id else person_key(card.person)
