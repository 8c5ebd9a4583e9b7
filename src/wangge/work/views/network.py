"""Network resources per place: where broadband can be sold today (free ports first),
and for those who import the operator's files the Excel import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangge.base.params import query_int
from wangge.org.models import Unit
from wangge.org.scope import may
from wangge.territory.models import PlaceGrid
from wangge.work import network
from wangge.work.models import NetworkResource
from wangge.work.uploads import UploadRefused
from wangge.work.views.tags import UploadForm


def may_read_network(user) -> bool:
    """The network page's check (``customers.view``), also its menu entry's."""
    return may(user, "customers.view")


def places_of(unit):
    from wangge.org.dated import today

    return PlaceGrid.objects.as_of(today()).filter(grid=unit).values("place_id")


@login_required
def network_page(request):
    if not may_read_network(request.user):
        raise PermissionDenied
    qs = NetworkResource.objects.visible_to(request.user)
    grids = Unit.objects.visible_to(request.user).grids().order_by("code")
    unit_id = query_int(request, "unit")
    unit = grids.filter(pk=unit_id).first() if unit_id is not None else None
    if unit_id is not None:
        qs = qs.filter(place_id__in=places_of(unit)) if unit is not None else qs.none()
    ctx = {
        "rows": network.by_place(qs)[:500],
        "grids": grids,
        "unit": unit,
        "may_import": may(request.user, "customers.import"),
        "form": UploadForm(),
    }
    return render(request, "work/network.html", ctx)


@login_required
@require_POST
def network_import(request):
    if not may(request.user, "customers.import"):
        raise PermissionDenied
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the Excel file to import."))
        return redirect("work:network")
    upload = form.cleaned_data["file"]
    try:
        done = network.import_resources(request.user, upload, upload.name)
    except UploadRefused as exc:
        for p in exc.problems[:50]:
            messages.error(request, p)
        if len(exc.problems) > 50:
            messages.error(request, _("… and %(n)s more.") % {"n": len(exc.problems) - 50})
        messages.error(request, _("Nothing was imported."))
    else:
        messages.success(
            request,
            _("Network resources imported: %(created)s new, %(updated)s updated.")
            % {"created": done.created, "updated": done.updated},
        )
    return redirect("work:network")
