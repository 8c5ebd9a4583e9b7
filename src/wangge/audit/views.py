"""The audit trail page: every audited change, newest first, filtered as the reader
asks, personal numbers masked as their role requires."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from wangge.audit.forms import TrailForm
from wangge.audit.presentation import present
from wangge.audit.trail import recent_changes
from wangge.base.forms import form_problem
from wangge.base.masking import masked
from wangge.org.scope import may


def may_read_trail(user) -> bool:
    return may(user, "audit.read")


@login_required
def trail(request):
    if not may_read_trail(request.user):
        raise PermissionDenied
    form = TrailForm(request.GET)
    changes, problem = [], ""
    if form.is_valid():
        changes = recent_changes(
            mask=lambda field, value: masked(request.user, field, value),
            limit=300,
            where=form.trail_filter(),
        )
    else:
        problem = form_problem(form)
    return render(
        request,
        "audit/trail.html",
        {"changes": [present(c) for c in changes], "form": form, "problem": problem},
        status=200 if not problem else 400,
    )
