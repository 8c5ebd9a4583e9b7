"""Pages of the web shell. Each view loads, calls, renders: rules live in the core."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import check_for_language, gettext_noop
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from wangge.customers.counts import cached_counts_by, tables_state
from wangge.customers.models import Customer, Subscription
from wangge.org.dated import today
from wangge.org.models import Person, Unit, UnitKind
from wangge.org.scope import assigned_units, role_of, visible_unit_ids
from wangge.project.forms import LanguageForm
from wangge.territory.models import Channel, Place


def key_figures(user) -> dict:
    """The figures a home page opens with, over what ``user`` may see today."""
    day = today()
    units = Unit.objects.visible_to(user, day)
    # millions of rows at a large city: counted once per state of those tables
    state = tables_state()
    by_ownership = cached_counts_by(Customer.objects.visible_to(user, day), "ownership", state)
    subs = Subscription.objects.visible_to(user, day).filter(status="active")
    by_line = cached_counts_by(subs, "product_line", state)
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
    grids = cards.ordinary().filter(subject_kind="unit", unit__kind=UnitKind.GRID)
    return {
        "run": run,
        "own": own,
        "best": list(grids.order_by("-total", "unit__code")[:5]) if grids.count() > 1 else [],
        "worst": list(grids.order_by("total", "unit__code")[:5]) if grids.count() > 5 else [],
    }


@login_required
def home(request):
    figures = key_figures(request.user)
    units = assigned_units(request.user)
    return render(
        request,
        "project/home.html",
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
            "units": [
                {"id": u.id, "name": u.name, "kind": u.kind} for u in assigned_units(request.user)
            ],
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
        "base/error.html",
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
    return HttpResponseServerError(loader.get_template("base/500.html").render())


@require_POST
def set_language(request):
    """Django's language switch, and for a signed-in person the choice kept on their
    profile (``org.Preference``), applied on every request after log-in."""
    response = django_set_language(request)
    form = LanguageForm(request.POST)
    if request.user.is_authenticated and form.is_valid():
        code = form.cleaned_data["language"]
        if check_for_language(code):
            from wangge.org.models import Preference

            Preference.objects.update_or_create(user=request.user, defaults={"language": code})
    return response
