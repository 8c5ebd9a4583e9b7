"""Pages of the web shell. Each view loads, calls, renders: rules live in the core."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.translation import check_for_language, get_language, gettext_noop
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from wangge.customers.lists import customers_for, read_filter
from wangge.customers.models import Customer, Subscription
from wangge.jobs.models import Job, JobStatus
from wangge.org.dated import today
from wangge.org.models import Person, Unit, UnitKind
from wangge.org.scope import may, role_of, visible_unit_ids
from wangge.territory.models import Channel, Place


def key_figures(user) -> dict:
    """The figures a home page opens with, over what ``user`` may see today."""
    day = today()
    units = Unit.objects.visible_to(user, day)
    customers = Customer.objects.visible_to(user, day)
    by_ownership = dict(customers.values_list("ownership").annotate(n=Count("id")))
    subs = Subscription.objects.visible_to(user, day).filter(status="active")
    by_line = dict(subs.values_list("product_line").annotate(n=Count("id")))
    return {
        "grids": units.filter(kind=UnitKind.GRID).count(),
        "places": Place.objects.visible_to(user, day).count(),
        "channels": Channel.objects.visible_to(user, day).count(),
        "staff": Person.objects.visible_to(user, day).count(),
        "customers_ours": by_ownership.get("ours", 0),
        "customers_competitor": by_ownership.get("competitor", 0),
        "customers_potential": by_ownership.get("potential", 0),
        "subscriptions_by_line": by_line,
        "subscriptions": sum(by_line.values()),
    }


def my_units(user) -> list[Unit]:
    person = getattr(user, "person", None)
    if person is None:
        return []
    return [a.unit for a in person.assignments.as_of().select_related("unit")]


def appraisal_summary(user, units: list[Unit]) -> dict | None:
    """The latest month's scores the viewer may see: their own, and the grids' best and worst."""
    from wangge.appraisal import queries

    run = queries.month_run(user, None)
    if run is None:
        return None
    cards = queries.cards_for(user, run).select_related("unit", "person")
    person = getattr(user, "person", None)
    own = [c for c in cards.filter(unit__in=units)] + (
        list(cards.filter(person=person)) if person is not None else []
    )
    grids = cards.filter(subject_kind="unit", unit__kind=UnitKind.GRID)
    return {
        "run": run,
        "own": own,
        "best": list(grids.order_by("-total", "unit__code")[:5]) if grids.count() > 1 else [],
        "worst": list(grids.order_by("total", "unit__code")[:5]) if grids.count() > 5 else [],
    }


@login_required
def home(request):
    figures = key_figures(request.user)
    units = my_units(request.user)
    return render(
        request,
        "web/home.html",
        {
            "figures": figures,
            "units": units,
            "appraisal": appraisal_summary(request.user, units),
            "role": role_of(request.user),
            "line_chart": [
                {"name": label, "value": figures["subscriptions_by_line"].get(code, 0)}
                for code, label in Subscription._meta.get_field("product_line").choices
            ],
        },
    )


@login_required
def city_map(request):
    return render(request, "web/map.html", {"units": my_units(request.user)})


def may_view_customers(user) -> bool:
    """The customer pages' check (``customers.view``), also the menu entry's."""
    return may(user, "customers.view")


def _customers_page(request) -> None:
    if not may_view_customers(request.user):
        raise PermissionDenied


@login_required
def customer_list(request):
    _customers_page(request)
    flt = read_filter(request)
    page = Paginator(customers_for(request.user, flt), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "web/customers.html",
        {"page": page, "q": flt.q, "ownership": flt.ownership, "filter_query": flt.query()},
    )


@login_required
def customer_detail(request, pk: int):
    _customers_page(request)
    customer = get_object_or_404(Customer.objects.visible_to(request.user), pk=pk)
    return render(
        request,
        "web/customer.html",
        {
            "customer": customer,
            "grid": customer.grid_on(),
            "grid_history": customer.grid_links.select_related("grid").order_by("-valid_from"),
            "subscriptions": customer.subscriptions.order_by("-start_date"),
        },
    )


@login_required
def customer_export(request):
    """Start the Excel file of the list as filtered on the page (the filter rides in the
    form's query string, read by the page's own ``read_filter``)."""
    _customers_page(request)
    flt = read_filter(request)
    if request.method != "POST":
        return redirect(f"{reverse('customers')}?{flt.query()}" if flt.query() else "customers")
    from wangge.customers.tasks import export_customers

    job = Job.objects.create(
        kind="customer_export", title=_("Customer list (Excel)"), started_by=request.user
    )
    export_customers.enqueue(
        job.id,
        request.user.id,
        q=flt.q,
        ownership=flt.ownership,
        language=get_language() or "zh-hans",
    )
    return redirect("job", pk=job.id)


def _own_job(request, pk: int) -> Job:
    qs = (
        Job.objects.all()
        if request.user.is_superuser
        else Job.objects.filter(started_by=request.user)
    )
    return get_object_or_404(qs, pk=pk)


@login_required
def job_detail(request, pk: int):
    return render(request, "web/job.html", {"job": _own_job(request, pk)})


@login_required
def job_download(request, pk: int):
    job = _own_job(request, pk)
    if job.status != JobStatus.DONE or not job.result or "file" not in job.result:
        raise Http404
    path = Path(job.result["file"])
    if not path.exists():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)


@extend_schema(
    responses=inline_serializer(
        "Me",
        {
            "username": serializers.CharField(),
            "role": serializers.CharField(allow_null=True),
            "person": serializers.CharField(allow_null=True),
            "units": serializers.ListField(child=serializers.DictField()),
            "sees_city": serializers.BooleanField(),
        },
    )
)
@api_view(["GET"])
def me(request):
    """Who the caller is, their role and the units they are assigned to today."""
    person = getattr(request.user, "person", None)
    return Response(
        {
            "username": request.user.username,
            "role": role_of(request.user),
            "person": person.name if person else None,
            "units": [{"id": u.id, "name": u.name, "kind": u.kind} for u in my_units(request.user)],
            "sees_city": visible_unit_ids(request.user) is None,
        }
    )


# --- errors and the language choice ------------------------------------------------------

ERRORS = {
    403: (
        gettext_noop("You may not open this page"),
        gettext_noop(
            "Your role does not give access to this page. If you need it for your work, "
            "ask the marketing department to check your role and units."
        ),
    ),
    404: (
        gettext_noop("Page not found"),
        gettext_noop(
            "There is no such page, or it is not in the units you may see. Check the "
            "address, or go back and follow a link."
        ),
    ),
    "csrf": (
        gettext_noop("The form had expired"),
        gettext_noop(
            "The page was open too long or was opened in another window, so the form "
            "was not accepted and nothing was saved. Go back, reload the page and send "
            "it again."
        ),
    ),
}


def error_page(request, key, status: int) -> HttpResponse:
    """A branded error page in the frame: what happened, in the reader's language, and a
    way back to the home page."""
    heading, explanation = ERRORS[key]
    return render(
        request,
        "web/error.html",
        {"status": status, "heading": _(heading), "explanation": _(explanation)},
        status=status,
    )


def permission_denied(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": _("You do not have permission to perform this action.")}, status=403
        )
    return error_page(request, 403, 403)


def page_not_found(request, exception=None):
    return error_page(request, 404, 404)


def csrf_failure(request, reason: str = ""):
    """Django's CSRF refusal (``CSRF_FAILURE_VIEW``): still a 403, worded for people."""
    return error_page(request, "csrf", 403)


def server_error(request):
    """The 500 page renders from its template alone: no database, no static files, no
    context processors (they are what may have failed)."""
    return HttpResponseServerError(loader.get_template("web/500.html").render())


@require_POST
def set_language(request):
    """Django's language switch, and for a signed-in person the choice kept on their
    profile (``org.Preference``), applied on every request after log-in."""
    response = django_set_language(request)
    code = request.POST.get("language", "")
    if request.user.is_authenticated and check_for_language(code):
        from wangge.org.models import Preference

        Preference.objects.update_or_create(user=request.user, defaults={"language": code})
    return response
