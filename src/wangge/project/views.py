"""Pages of the web shell. Each view loads, calls, renders: rules live in the core."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from wangge.customers.models import Customer, Subscription
from wangge.org.dated import today
from wangge.org.models import Person, Unit, UnitKind
from wangge.org.scope import assigned_units, role_of, visible_unit_ids
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
