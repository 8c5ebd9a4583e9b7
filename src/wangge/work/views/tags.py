"""The customer tags page: every tag with how many of the viewer's customers carry it
(each a link to the customer list filtered by it), and for those who import customer
files the Excel import of tags and the recomputation of the rule tags."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wangge.customers.models import CustomerTag, Tag
from wangge.org.scope import may
from wangge.work import tags
from wangge.work.uploads import UploadRefused


def may_read_tags(user) -> bool:
    """The tags page's check (``customers.view``), also its menu entry's."""
    return may(user, "customers.view")


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel file (.xlsx)"))


@login_required
def tag_list(request):
    if not may_read_tags(request.user):
        raise PermissionDenied
    counts = dict(
        CustomerTag.objects.visible_to(request.user)
        .values("tag_id")
        .annotate(n=Count("customer_id"))
        .values_list("tag_id", "n")
    )
    rows = [
        {"tag": t, "count": counts.get(t.pk, 0)}
        for t in Tag.objects.visible_to(request.user).order_by("source", "code")
    ]
    ctx = {
        "rows": rows,
        "may_import": may(request.user, "customers.import"),
        "form": UploadForm(),
    }
    return render(request, "work/tags.html", ctx)


@login_required
@require_POST
def tag_import(request):
    if not may(request.user, "customers.import"):
        raise PermissionDenied
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the Excel file to import."))
        return redirect("work:tags")
    upload = form.cleaned_data["file"]
    try:
        done = tags.import_tags(request.user, upload, upload.name)
    except UploadRefused as exc:
        for p in exc.problems[:50]:
            messages.error(request, p)
        if len(exc.problems) > 50:
            messages.error(request, _("… and %(n)s more.") % {"n": len(exc.problems) - 50})
        messages.error(request, _("Nothing was imported."))
    else:
        messages.success(
            request,
            _("%(rows)s rows read, %(added)s tags given.")
            % {"rows": done.rows, "added": done.added},
        )
    return redirect("work:tags")


@login_required
@require_POST
def tag_refresh(request):
    if not may(request.user, "customers.import"):
        raise PermissionDenied
    done = tags.refresh_rule_tags()
    messages.success(
        request,
        _("Rule tags recomputed: %(added)s given, %(removed)s taken away.")
        % {"added": done.added, "removed": done.removed},
    )
    return redirect("work:tags")
