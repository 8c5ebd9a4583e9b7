"""Competition pages: the competitions in scope (and setting one up, ``work.compete``)
and a competition's live leaderboard, big enough for a meeting-room screen."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangge.base.forms import form_problem
from wangge.base.params import query_code
from wangge.org.dated import today
from wangge.work import competitions, forms
from wangge.work.models import Competition
from wangge.work.refusals import WorkRefused


def may_read_competitions(user) -> bool:
    """The competition pages' check, also their menu entry's."""
    return competitions.may_read(user)


@login_required
def competition_list(request):
    if not may_read_competitions(request.user):
        raise PermissionDenied
    rows = Competition.objects.visible_to(request.user).select_related("unit")[:100]
    ctx = {"rows": rows, "today": today(), "may_run": competitions.may_run(request.user)}
    if ctx["may_run"]:
        ctx["form"] = forms.CompetitionForm(request.user)
    return render(request, "work/competitions.html", ctx)


@login_required
@require_POST
def competition_new(request):
    if not competitions.may_run(request.user):
        raise PermissionDenied
    form = forms.CompetitionForm(request.user, request.POST)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return redirect("work:competitions")
    try:
        c = competitions.create(request.user, **form.service_arguments())
    except WorkRefused as exc:
        form.refuse(exc)
        messages.error(request, form_problem(form))
        return redirect("work:competitions")
    messages.success(request, _("Competition set up."))
    return redirect("work:competition", c.pk)


@login_required
def competition_detail(request, pk: int):
    if not may_read_competitions(request.user):
        raise PermissionDenied
    c = get_object_or_404(
        Competition.objects.visible_to(request.user).select_related("unit"), pk=pk
    )
    ctx = {
        "c": c,
        "rows": competitions.leaderboard(c),
        "money": competitions.is_money(c),
        "screen": query_code(request, "screen") == "1",
        "running": c.start <= today() <= c.end,
    }
    return render(request, "work/competition.html", ctx)
