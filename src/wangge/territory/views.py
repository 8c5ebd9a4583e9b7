"""The city map page (grids, places and channels the viewer may see, drawn by Leaflet
from the map layers of the API) and the designer's pages: start a proposal for an area,
follow it, compare it with today's grids and accept it on an effective day."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from wangge.org.scope import assigned_units, may
from wangge.territory.choices import ProposalStatus
from wangge.territory.forms import AcceptForm, ProposalForm
from wangge.territory.models import Proposal
from wangge.territory.proposals import ProposalRefused, accept, start


@login_required
def city_map(request):
    return render(request, "territory/map.html", {
        "units": assigned_units(request.user),
        "may_design": may(request.user, "territory.design"),
    })  # fmt: skip


def _designer(request) -> None:
    if not may(request.user, "territory.design"):
        raise PermissionDenied


@login_required
def design(request):
    """The designer: choose the area, the mode, k, the tolerance and the fixed clusters."""
    _designer(request)
    form = ProposalForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        proposal = start(request.user, d["area"], d["mode"], d["k"],
                         float(d["tolerance"]) / 100, d["fixed_kinds"])  # fmt: skip
        return redirect("territory-proposal", pk=proposal.pk)
    proposals = Proposal.objects.visible_to(request.user).select_related("area", "created_by")
    return render(request, "territory/design.html", {"form": form, "proposals": proposals[:30]})


METRICS = (  # key, label, how it is shown
    ("max_deviation", "max deviation from the mean", "percent"),
    ("contiguous", "grids in one piece", "percent"),
    ("median_polsby_popper", "median compactness (Polsby-Popper)", "number"),
    ("cut_edges", "neighbouring places in different grids", "count"),
    ("grids", "grids", "count"),
)


@login_required
def proposal(request, pk: int):
    """A proposal beside today's grids, with its metrics and the acceptance form."""
    _designer(request)
    item = get_object_or_404(Proposal.objects.visible_to(request.user).select_related("area"),
                             pk=pk)  # fmt: skip
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = accept(request.user, item, form.cleaned_data["day"])
        except ProposalRefused as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(
                request,
                _("Accepted: %(n)s links changed from %(day)s (reorganisation #%(id)s).")
                % {"n": done.closed + done.opened, "day": form.cleaned_data["day"],
                   "id": done.record.pk if done.record else "—"},
            )  # fmt: skip
            return redirect("territory-proposal", pk=item.pk)
    result = item.result or {}
    rows = [
        {"label": _(label), "kind": kind, "proposed": result["metrics"][key],
         "current": result["current"][key]}
        for key, label, kind in METRICS
    ] if result else []  # fmt: skip
    return render(request, "territory/proposal.html", {
        "proposal": item, "form": form, "rows": rows, "result": result,
        "ready": item.status == ProposalStatus.READY,
        "moves": result.get("moves", [])[:200],
    })  # fmt: skip


@login_required
def proposal_of_job(request, pk: int):
    """The job page of a proposal's run leads to the proposal."""
    _designer(request)
    item = get_object_or_404(Proposal.objects.visible_to(request.user), job_id=pk)
    return redirect("territory-proposal", pk=item.pk)
