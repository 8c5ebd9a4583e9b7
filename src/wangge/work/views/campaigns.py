"""Name-list campaign pages: the campaigns in scope with their progress, building one
(from the customer filter or an Excel of codes), a campaign's tracking (execution and
conversion per grid and person, the split), and "my list" on the phone."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangge.base.params import filter_params
from wangge.customers.filtersets import CustomerFilterSet
from wangge.customers.lists import CustomerFilter
from wangge.org.scope import may
from wangge.work import campaigns, forms
from wangge.work.models import Campaign, CampaignName
from wangge.work.refusals import WorkRefused
from wangge.work.uploads import UploadRefused


def may_read_campaigns(user) -> bool:
    """The campaign pages' check: those who work names or build lists."""
    return may(user, "work.handle") or may(user, "work.campaign") or may(user, "work.pipeline")


def _need_reader(user):
    if not may_read_campaigns(user):
        raise PermissionDenied


@login_required
def campaign_list(request):
    _need_reader(request.user)
    rows = []
    for c in Campaign.objects.visible_to(request.user)[:100]:
        rows.append({"campaign": c, "total": campaigns.figures(request.user, c)["total"]})
    ctx = {
        "rows": rows,
        "may_build": may(request.user, "work.campaign"),
        "may_rank": campaigns.may_rank(request.user),
    }
    if ctx["may_build"]:
        ctx["form"] = forms.CampaignForm(request.user)
    if ctx["may_rank"]:
        ctx["ranked_form"] = forms.RankedCampaignForm()
    return render(request, "work/campaigns.html", ctx)


@login_required
@require_POST
def campaign_new(request):
    if not may(request.user, "work.campaign"):
        raise PermissionDenied
    form = forms.CampaignForm(request.user, request.POST, request.FILES)
    if not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return redirect("work:campaigns")
    data = form.cleaned_data
    common = {"due": data["due"], "description": data["description"]}
    try:
        if data["file"]:
            upload = data["file"]
            campaign = campaigns.build_from_upload(
                request.user, data["name"], upload, upload.name, **common
            )
        else:
            params = {k: data[k] for k in ("q", "ownership", "tag") if data[k]}
            checked = filter_params(CustomerFilterSet, params)
            flt = CustomerFilter(
                q=(checked.get("q") or "").strip(),
                ownership=checked.get("ownership") or "",
                tag=checked.get("tag") or "",
            )
            campaign = campaigns.build_from_filter(request.user, data["name"], flt, **common)
    except UploadRefused as exc:
        for p in exc.problems[:50]:
            messages.error(request, p)
        if len(exc.problems) > 50:
            messages.error(request, _("… and %(n)s more.") % {"n": len(exc.problems) - 50})
        messages.error(request, _("Nothing was imported."))
        return redirect("work:campaigns")
    except WorkRefused as exc:
        messages.error(request, exc.message)
        return redirect("work:campaigns")
    messages.success(
        request,
        _("Campaign built with %(n)s names.") % {"n": campaign.names.count()},
    )
    return redirect("work:campaign", campaign.pk)


@login_required
@require_POST
def campaign_ranked(request):
    """A name list from the churn-alert ranking of the builder's scope."""
    if not campaigns.may_rank(request.user):
        raise PermissionDenied
    form = forms.RankedCampaignForm(request.POST)
    if not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return redirect("work:campaigns")
    try:
        campaign = campaigns.build_from_ranking(request.user, **form.service_arguments())
    except WorkRefused as exc:
        messages.error(request, exc.message)
        return redirect("work:campaigns")
    messages.success(request, _("Campaign built with %(n)s names.") % {"n": campaign.names.count()})
    return redirect("work:campaign", campaign.pk)


@login_required
def campaign_detail(request, pk: int):
    _need_reader(request.user)
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)
    names = (
        CampaignName.objects.visible_to(request.user)
        .filter(campaign=campaign)
        .select_related("customer", "unit", "person")
        .order_by("unit__code", "customer__code")
    )
    page = Paginator(names, 100).get_page(request.GET.get("page"))
    ctx = {
        "campaign": campaign,
        "figures": campaigns.figures(request.user, campaign),
        "page": page,
        "may_split": campaigns.may_split(request.user, campaign)
        and names.filter(person__isnull=True).exists(),
    }
    return render(request, "work/campaign.html", ctx)


@login_required
@require_POST
def campaign_split(request, pk: int):
    if not campaigns.may_rank(request.user):
        raise PermissionDenied
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)
    if not campaigns.may_split(request.user, campaign):
        raise PermissionDenied
    done = campaigns.split(request.user, campaign)
    messages.success(
        request,
        _("%(assigned)s names given to people; %(unplaced)s in grids with nobody.")
        % {"assigned": done.assigned, "unplaced": done.unplaced},
    )
    return redirect("work:campaign", pk)


@login_required
def my_list(request):
    if not may(request.user, "work.handle"):
        raise PermissionDenied
    rows = campaigns.my_names(request.user).order_by("campaign__due", "campaign_id", "id")[:200]
    return render(request, "work/my_list.html", {"rows": rows, "form": forms.NameOutcomeForm()})


@login_required
@require_POST
def name_outcome(request, pk: int):
    row = get_object_or_404(CampaignName.objects.visible_to(request.user), pk=pk)
    form = forms.NameOutcomeForm(request.POST)
    back = request.POST.get("next") == "campaign"
    target = ("work:campaign", row.campaign_id) if back else ("work:my-list",)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(*target)
    try:
        campaigns.record(
            request.user,
            row,
            form.cleaned_data["outcome"],
            order_ref=form.cleaned_data["order_ref"],
            note=form.cleaned_data["note"],
        )
    except WorkRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Outcome recorded."))
    return redirect(*target)
