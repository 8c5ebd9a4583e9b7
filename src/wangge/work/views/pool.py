"""The pool page (公海, phone first): a grid manager picks a grid, sees its customers
and places nobody owns, ticks some and gives them to a person of the grid; beside it,
how many each person of the grid already owns (their workload)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangge.base.params import query_int
from wangge.org.dated import today
from wangge.org.models import Person, Unit
from wangge.org.scope import may
from wangge.work import forms, pool
from wangge.work.refusals import WorkRefused


def may_manage_pool(user) -> bool:
    """The pool page's check (``work.assign``), also its menu entry's."""
    return may(user, "work.assign")


def grid_people(user, unit):
    """The people the viewer sees who work in ``unit`` today, with what they own there."""
    day = today()
    people = (
        Person.objects.visible_to(user)
        .filter(assignments__in=unit.assignments.as_of(day))
        .distinct()
    )
    return people.annotate(
        owning=Count("owned", filter=Q(owned__unit=unit), distinct=True)
    ).order_by("name")


@login_required
def pool_page(request):
    if not may_manage_pool(request.user):
        raise PermissionDenied
    grids = Unit.objects.visible_to(request.user).grids().order_by("code")
    unit_id = query_int(request, "unit")
    unit = grids.filter(pk=unit_id).first() if unit_id is not None else None
    if unit is None and unit_id is None and grids.count() == 1:
        unit = grids.first()
    ctx = {"grids": grids, "unit": unit, "days": pool.pool_days()}
    if unit is not None:
        ctx.update(
            customers=pool.pooled_customers(request.user, unit)[:200],
            places=pool.pooled_places(request.user, unit)[:200],
            people=grid_people(request.user, unit),
        )
    return render(request, "work/pool.html", ctx)


@login_required
@require_POST
def pool_give(request):
    if not may_manage_pool(request.user):
        raise PermissionDenied
    form = forms.PoolGiveForm(request.user, request.POST)
    unit = request.POST.get("unit", "")
    back = f"{reverse('work:pool')}?unit={unit}" if unit.isdigit() else reverse("work:pool")
    if not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return redirect(back)
    data = form.cleaned_data
    try:
        done = pool.give(
            request.user,
            data["unit"],
            data["person"],
            customers=list(data["customers"]),
            places=list(data["places"]),
        )
    except WorkRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Given to %(person)s: %(customers)d customers, %(places)d places.")
            % {"person": data["person"].name, "customers": done.customers, "places": done.places},
        )
    return redirect(back)
