"""The basics' pages: a grid's meeting notes (recording one with its attendees and
actions; an action's owner marks it done) and the daily work log (mine; the grid's
for those who assign work)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangge.base.forms import form_problem
from wangge.org.dated import today
from wangge.org.scope import may
from wangge.work import basics, forms
from wangge.work.models import MeetingAction, MeetingNote
from wangge.work.refusals import WorkRefused


def may_read_meetings(user) -> bool:
    """The meeting pages' check, also their menu entry's."""
    return basics.may_read_meetings(user)


def may_read_logs(user) -> bool:
    """The work-log page's check, also its menu entry's."""
    return basics.may_log(user) or may(user, "work.assign")


@login_required
def meeting_list(request):
    if not may_read_meetings(request.user):
        raise PermissionDenied
    notes = (
        MeetingNote.objects.visible_to(request.user)
        .select_related("unit")
        .prefetch_related("attendees")
    )
    ctx = {"page": Paginator(notes, 30).get_page(request.GET.get("page"))}
    if basics.may_meet(request.user):
        ctx["form"] = forms.MeetingForm(request.user, initial={"held_on": today()})
    return render(request, "work/meetings.html", ctx)


@login_required
@require_POST
def meeting_new(request):
    if not basics.may_meet(request.user):
        raise PermissionDenied
    form = forms.MeetingForm(request.user, request.POST)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return redirect("work:meetings")
    try:
        note = basics.record_meeting(request.user, **form.cleaned_data)
    except WorkRefused as exc:
        form.refuse(exc)
        messages.error(request, form_problem(form))
        return redirect("work:meetings")
    messages.success(request, _("Meeting notes saved."))
    return redirect("work:meeting", note.pk)


def _note(request, pk):
    return get_object_or_404(
        MeetingNote.objects.visible_to(request.user).select_related("unit"), pk=pk
    )


@login_required
def meeting_detail(request, pk: int):
    if not may_read_meetings(request.user):
        raise PermissionDenied
    note = _note(request, pk)
    ctx = {
        "note": note,
        "attendees": note.attendees.order_by("staff_no"),
        "actions": note.actions.select_related("owner"),
        "may_meet": basics.may_meet(request.user),
        "me": getattr(request.user, "person", None),
    }
    if ctx["may_meet"]:
        ctx["action_form"] = forms.MeetingActionForm(request.user)
    return render(request, "work/meeting.html", ctx)


@login_required
@require_POST
def meeting_action(request, pk: int):
    if not basics.may_meet(request.user):
        raise PermissionDenied
    note = _note(request, pk)
    form = forms.MeetingActionForm(request.user, request.POST)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return redirect("work:meeting", pk)
    try:
        basics.add_action(request.user, note, **form.cleaned_data)
    except WorkRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Action added."))
    return redirect("work:meeting", pk)


@login_required
@require_POST
def meeting_action_done(request, pk: int):
    action = get_object_or_404(MeetingAction.objects.visible_to(request.user), pk=pk)
    try:
        basics.action_done(request.user, action)
    except WorkRefused as exc:
        messages.error(request, exc.message)
    return redirect("work:meeting", action.meeting_id)


@login_required
def work_logs(request):
    if not may_read_logs(request.user):
        raise PermissionDenied
    logs = basics.logs_seen(request.user).select_related("person", "unit")
    ctx = {"page": Paginator(logs, 30).get_page(request.GET.get("page"))}
    if basics.may_log(request.user):
        ctx["form"] = forms.WorkLogForm(initial={"day": today()})
    return render(request, "work/logs.html", ctx)


@login_required
@require_POST
def work_log_write(request):
    if not basics.may_log(request.user):
        raise PermissionDenied
    form = forms.WorkLogForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return redirect("work:logs")
    try:
        basics.write_log(request.user, **form.cleaned_data)
    except WorkRefused as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        messages.error(request, form_problem(form))
    else:
        messages.success(request, _("Work log saved."))
    return redirect("work:logs")
