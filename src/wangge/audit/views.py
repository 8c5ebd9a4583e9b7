from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from wangge.audit.presentation import present
from wangge.audit.trail import audited_models, recent_changes
from wangge.base.masking import masked
from wangge.org.scope import may


def may_read_trail(user) -> bool:
    return may(user, "audit.read")


@login_required
def trail(request):
    if not may_read_trail(request.user):
        raise PermissionDenied
    model = request.GET.get("model") or None
    return render(
        request,
        "audit/trail.html",
        {
            "changes": [
                present(c)
                for c in recent_changes(
                    mask=lambda field, value: masked(request.user, field, value),
                    limit=300,
                    model_label=model,
                )
            ],
            "models": [(m._meta.label, m._meta.verbose_name) for m in audited_models()],
            "model": model or "",
        },
    )
