"""Work pages: my work orders, my pipeline, check-in and survey (phone first), the
director's pipeline board. Each view loads through ``visible_to``, calls a service
module (``orders``, ``pipeline``, ``visits``, ``surveys``) and renders; a refusal is
shown by its field."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangge.base.params import query_code
from wangge.core.work import orders as order_rules
from wangge.org.scope import may
from wangge.work import forms, orders, pipeline, surveys, visits
from wangge.work.access import may_move_opportunity, may_move_order, person_of
from wangge.work.choices import Stage, WorkOrderStatus
from wangge.work.filtersets import OpportunityFilter, WorkOrderFilter
from wangge.work.models import Opportunity, Survey, Visit, WorkOrder
from wangge.work.presentation import conversion_rows, stage_rows
from wangge.work.refusals import WorkRefused


def _need(user, action: str) -> None:
    if not may(user, action):
        raise PermissionDenied


def _filtered(filterset_class, request, qs):
    """The list filtered by the query string; a bad filter value is a 400 naming it."""
    from wangge.base.params import BadParameter

    fs = filterset_class(request.GET or None, queryset=qs, request=request)
    if fs.is_bound and not fs.is_valid():
        name, errors = next(iter(fs.errors.items()))
        raise BadParameter(name, " ".join(errors))
    _pickers(fs.form, request.user)
    return fs, fs.qs


def _pickers(form, user) -> None:
    """On the pages, the id filters pick among the grids and people in scope."""
    from django import forms as django_forms

    from wangge.org.models import Person, Unit

    rows = {
        "unit": Unit.objects.visible_to(user).grids(),
        "assignee": Person.objects.visible_to(user),
        "owner": Person.objects.visible_to(user),
        "person": Person.objects.visible_to(user),
    }
    for name, field in form.fields.items():
        if name in rows:
            choices = [("", "---------")] + [(r.pk, r.name) for r in rows[name].order_by("name")]
            field.widget = django_forms.Select(choices=choices)


@login_required
def my_orders(request):
    """The work orders assigned to me (open first, the overdue ones marked), and for a
    manager the form to assign a new one."""
    _need(request.user, "work.handle")
    me = person_of(request.user)
    qs = WorkOrder.objects.visible_to(request.user).select_related("unit", "customer", "place")
    mine = qs.filter(assignee=me) if me is not None else qs.none()
    fs, rows = _filtered(WorkOrderFilter, request, mine)
    open_rows = [o for o in rows if o.status in order_rules.OPEN]
    closed_rows = [o for o in rows if o.status not in order_rules.OPEN][:20]
    escalated = (
        qs.filter(escalated_to=me, status__in=order_rules.OPEN) if me is not None else qs.none()
    )
    ctx = {
        "filter": fs,
        "open_rows": open_rows,
        "closed_rows": closed_rows,
        "escalated": escalated.select_related("assignee")[:50],
    }
    if may(request.user, "work.assign"):
        ctx["assigned_by_me"] = qs.filter(created_by=request.user).exclude(assignee=me)[:50]
    return render(request, "work/orders.html", ctx)


@login_required
def new_order(request):
    _need(request.user, "work.assign")
    form = forms.WorkOrderForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            order = orders.create_order(request.user, **form.cleaned_data)
        except WorkRefused as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("Work order assigned."))
            return redirect("work:order", order.pk)
    return render(request, "work/order_form.html", {"form": form})


@login_required
def order_detail(request, pk: int):
    order = get_object_or_404(WorkOrder.objects.visible_to(request.user), pk=pk)
    form = forms.OrderMoveForm()
    moves = []
    if may_move_order(request.user, order):
        moves = [WorkOrderStatus(s) for s in order_rules.allowed_moves(order.status)]
    history = order.history.order_by("-history_date")[:20]
    return render(
        request,
        "work/order.html",
        {"order": order, "moves": moves, "form": form, "history": history},
    )


@login_required
@require_POST
def order_move(request, pk: int):
    order = get_object_or_404(WorkOrder.objects.visible_to(request.user), pk=pk)
    form = forms.OrderMoveForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("work:order", pk)
    try:
        orders.move_order(
            request.user, order, form.cleaned_data["status"], form.cleaned_data["reason"]
        )
    except WorkRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Work order updated."))
    return redirect("work:order", pk)


@login_required
def my_pipeline(request):
    """My opportunities (owner or team), counted and valued by stage."""
    me = person_of(request.user)
    qs = Opportunity.objects.visible_to(request.user).select_related("unit", "customer")
    # a subquery, not distinct(): the figures read values_list, where distinct would
    # merge two opportunities of the same stage and value
    ids = Opportunity.objects.filter(Q(owner=me) | Q(team=me)).values("pk")
    mine = qs.filter(pk__in=ids) if me is not None else qs.none()
    fs, rows = _filtered(OpportunityFilter, request, mine)
    ctx = {
        "filter": fs,
        "rows": rows[:200],
        "stages": stage_rows(pipeline.totals(mine)),
        "may_sell": may(request.user, "work.sell"),
    }
    return render(request, "work/pipeline.html", ctx)


@login_required
def new_opportunity(request):
    _need(request.user, "work.sell")
    form = forms.OpportunityForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["value_cents"] = data.pop("value") or 0
        data["team"] = list(data.get("team") or [])
        try:
            opp = pipeline.create_opportunity(request.user, **data)
        except WorkRefused as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("Opportunity recorded."))
            return redirect("work:opportunity", opp.pk)
    return render(request, "work/opportunity_form.html", {"form": form})


@login_required
def opportunity_detail(request, pk: int):
    qs = Opportunity.objects.visible_to(request.user).select_related("unit", "owner", "customer")
    opp = get_object_or_404(qs, pk=pk)
    ctx = {
        "opp": opp,
        "moves": opp.moves.select_related("moved_by__person"),
        "may_move": may_move_opportunity(request.user, opp) and opp.outcome == "open",
        "stage_form": forms.StageMoveForm(initial={"stage": opp.stage}),
        "outcome_form": forms.OutcomeForm(),
    }
    return render(request, "work/opportunity.html", ctx)


@login_required
@require_POST
def opportunity_stage(request, pk: int):
    opp = get_object_or_404(Opportunity.objects.visible_to(request.user), pk=pk)
    form = forms.StageMoveForm(request.POST)
    try:
        if not form.is_valid():
            raise WorkRefused("stage", " ".join(e for es in form.errors.values() for e in es))
        pipeline.move_stage(
            request.user, opp, form.cleaned_data["stage"], form.cleaned_data["reason"]
        )
    except WorkRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Stage changed."))
    return redirect("work:opportunity", pk)


@login_required
@require_POST
def opportunity_close(request, pk: int):
    opp = get_object_or_404(Opportunity.objects.visible_to(request.user), pk=pk)
    form = forms.OutcomeForm(request.POST)
    try:
        if not form.is_valid():
            raise WorkRefused("outcome", " ".join(e for es in form.errors.values() for e in es))
        pipeline.close(request.user, opp, form.cleaned_data["outcome"], form.cleaned_data["reason"])
    except WorkRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Opportunity closed."))
    return redirect("work:opportunity", pk)


@login_required
def board(request):
    """The director's pipeline board: per grid and per person, counts and value by
    stage, and the conversion rates by stage and kind, over the units in scope."""
    _need(request.user, "work.pipeline")
    qs = Opportunity.objects.visible_to(request.user)
    fs, rows = _filtered(OpportunityFilter, request, qs)
    conversions = conversion_rows(pipeline.conversion(rows))
    ctx = {
        "filter": fs,
        "stage_names": [Stage(s).label for s in Stage.values],
        "totals": pipeline.totals(rows),
        "by_grid": pipeline.board(rows, "unit"),
        "by_person": pipeline.board(rows, "owner"),
        "conversion_all": [c for c in conversions if c["kind"] is None],
        "conversion_kinds": [c for c in conversions if c["kind"] is not None],
    }
    return render(request, "work/board.html", ctx)


@login_required
def check_in(request):
    """Check in at a customer or place with the phone's GPS; my open visits to check out."""
    _need(request.user, "work.visit")
    form = forms.CheckInForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = visits.check_in(
                request.user,
                lat=data["lat"],
                lon=data["lon"],
                customer=data["customer"],
                place=data["place"],
                note=data["note"],
            )
        except WorkRefused as exc:
            form.refuse(exc)
        else:
            if visit.in_outside:
                messages.warning(
                    request,
                    _("Checked in %(distance)s m from the location: outside the geofence.")
                    % {"distance": round(visit.in_distance_m)},
                )
            else:
                messages.success(request, _("Checked in."))
            return redirect("work:check-in")
    me = person_of(request.user)
    open_visits = (
        Visit.objects.visible_to(request.user)
        .filter(person=me, checked_out_at__isnull=True)
        .select_related("customer", "place")
        if me is not None
        else Visit.objects.none()
    )
    recent = (
        Visit.objects.visible_to(request.user)
        .filter(person=me)
        .select_related("customer", "place")[:10]
        if me is not None
        else Visit.objects.none()
    )
    ctx = {
        "form": form,
        "open_visits": open_visits,
        "recent": recent,
        "gps_form": forms.GpsForm(),
        "fence": visits.fence_m(),
    }
    return render(request, "work/checkin.html", ctx)


@login_required
@require_POST
def check_out(request, pk: int):
    visit = get_object_or_404(Visit.objects.visible_to(request.user), pk=pk)
    form = forms.GpsForm(request.POST)
    form.is_valid()
    try:
        visits.check_out(
            request.user,
            visit,
            lat=form.cleaned_data.get("lat"),
            lon=form.cleaned_data.get("lon"),
        )
    except WorkRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Checked out."))
    return redirect("work:check-in")


def candidate_rows(user, candidates) -> list[dict]:
    """The customers a new one may duplicate, as the viewer may see them (masked)."""
    from wangge.base.masking import masked

    names = {
        "credit_code": _("same credit code"),
        "phone": _("same phone"),
        "name_address": _("close name at the same address"),
    }
    return [
        {
            "id": c.pk,
            "name": c.name,
            "phone": masked(user, "phone", c.phone) if c.phone else "",
            "id_number": masked(user, "id_number", c.id_number) if c.id_number else "",
            "address": c.address,
            "reasons": [names.get(r, r) for r in reasons],
        }
        for c, reasons in candidates
    ]


@login_required
def survey(request):
    """Record a door-to-door survey (phone first, the position from the phone); when the
    customer may already be on file, the candidates and the choice; my recent surveys."""
    _need(request.user, "work.survey")
    form = forms.SurveyForm(request.user, request.POST or None, request.FILES or None)
    candidates = []
    if request.method == "POST" and form.is_valid():
        try:
            done = surveys.record(request.user, **form.service_arguments())
        except surveys.DuplicatesFound as exc:
            form.refuse(exc)
            candidates = candidate_rows(request.user, exc.candidates)
        except WorkRefused as exc:
            form.refuse(exc)
        else:
            messages.success(
                request,
                _("Survey recorded: %(subject)s.") % {"subject": done.subject_name or done.unit},
            )
            return redirect(f"{reverse('work:survey')}?saved={done.pk}")
    me = person_of(request.user)
    recent = (
        Survey.objects.visible_to(request.user)
        .filter(surveyor=me)
        .select_related("unit", "customer", "place")[:20]
        if me is not None
        else Survey.objects.none()
    )
    groups = [
        (_("Where"), ["unit", "place", "customer"]),
        (_("Who was met"), ["met_name", "met_role"]),
        (_("Services in use"), ["mobile", "broadband", "fixed", "dataline", "contract_end"]),
        (_("Needs"), ["needs", "photo"]),
        (
            _("Create or update the customer"),
            [f"customer_{f}" for f in ("name", "kind", "phone", "id_number", "address")],
        ),
        (_("Raise an opportunity"), ["opp_name", "opp_kind", "opp_value"]),
    ]
    ctx = {
        "form": form,
        "groups": [(title, [form[name] for name in names]) for title, names in groups],
        "candidates": candidates,
        "recent": recent,
        "saved": bool(query_code(request, "saved")),
    }
    return render(request, "work/survey.html", ctx)


@login_required
def survey_photo(request, pk: int):
    """A survey's photo, to those who see the survey's grid (never public media)."""
    if not (may(request.user, "work.survey") or may(request.user, "work.pipeline")):
        raise PermissionDenied
    row = get_object_or_404(Survey.objects.visible_to(request.user), pk=pk)
    if not row.photo:
        raise Http404
    return FileResponse(row.photo.open("rb"))
