from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from wangge.audit.trail import audited_models, recent_changes
from wangge.core.access import sees_city
from wangge.org.scope import role_of


def may_read_trail(user) -> bool:
    return sees_city(role_of(user), is_superuser=user.is_superuser)


@login_required
def trail(request):
    if not may_read_trail(request.user):
        raise PermissionDenied
    model = request.GET.get("model") or None
    return render(
        request,
        "audit/trail.html",
        {
            "changes": recent_changes(limit=300, model_label=model),
            "models": [(m._meta.label, m._meta.verbose_name) for m in audited_models()],
            "model": model or "",
        },
    )
