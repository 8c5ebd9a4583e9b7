"""People pages: training hours and shortfalls, competency gaps and the team's, the
standardisation audits, rating the support units and the reverse appraisal's results.
Each view loads through ``visible_to``, calls a service module and renders."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangge.base.forms import MonthForm, form_problem
from wangge.base.params import query_month
from wangge.org.scope import may
from wangge.people import (
    audit_card,
    audits,
    competency,
    exports,
    feed,
    ratings,
    satisfaction,
    training,
)
from wangge.people.access import may_open_audits, may_open_satisfaction, may_open_training
from wangge.people.choices import Section
from wangge.people.forms import (
    AssessmentForm,
    AttendanceForm,
    AuditForm,
    CertificationForm,
    RatingForm,
    ResponseForm,
    SessionForm,
    SurveyChoiceForm,
    SurveyImportForm,
)
from wangge.people.models import Audit, AuditItem, Finding, Rating, Session, Survey
from wangge.people.refusals import PeopleRefused, need, person_of


def _this_month() -> date:
    return timezone.localdate().replace(day=1)


def _open(check, user) -> None:
    if not check(user):
        raise PermissionDenied


def _xlsx(body: bytes, name: str) -> HttpResponse:
    resp = HttpResponse(body, content_type=exports.XLSX)
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


@login_required
def pay_sheet(request):
    """The pay input sheet of attendance and training, the hours from the training
    records (for whoever imports that sheet into pay, ``pay.import_people``)."""
    from wangge.pay.models import PayConfig

    need(request.user, "people.view_team")
    need(request.user, "pay.import_people")
    month = query_month(request, default=_this_month())
    if not PayConfig.objects.exists():  # pay creates it on first use; a GET never does
        messages.error(request, _("Pay is not configured yet."))
        return redirect("people:training")
    body = exports.pay_people_sheet(request.user, month)
    return _xlsx(body, f"pay-people-{month:%Y-%m}.xlsx")


def _own_row(rows, user):
    me = person_of(user)
    return next((r for r in rows if me is not None and r.person.pk == me.pk), None)


@login_required
def training_page(request):
    """My hours against the minimum; the team's with shortfalls first; sessions."""
    _open(may_open_training, request.user)
    month = query_month(request, default=_this_month())
    rows = training.hours_rows(request.user, month)
    team = may(request.user, "people.view_team")
    ctx = {
        "month": month, "mine": _own_row(rows, request.user), "rows": rows if team else [],
        "team": team, "short": sum(1 for r in rows if r.short) if team else 0,
        "rule": training.training_rule(),
        "sessions": Session.objects.visible_to(request.user).select_related("course", "unit")[:50],
        "may_train": may(request.user, "people.train"),
        "may_pay_sheet": team and may(request.user, "pay.import_people"),
        "session_form": SessionForm(request.user), "attendance_form": AttendanceForm(request.user),
    }  # fmt: skip
    return render(request, "people/training.html", ctx)


@login_required
def training_export(request):
    _open(may_open_training, request.user)
    need(request.user, "people.view_team")
    month = query_month(request, default=_this_month())
    rows = training.hours_rows(request.user, month)
    return _xlsx(exports.hours_sheet(rows, month.year), f"training-{month:%Y-%m}.xlsx")


@login_required
@require_POST
def hold_session(request):
    need(request.user, "people.train")
    form = SessionForm(request.user, request.POST)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return redirect("people:training")
    d = form.cleaned_data
    try:
        training.hold_session(request.user, d["course"], d["unit"], d["day"], d["hours"],
                              d["place"])  # fmt: skip
    except PeopleRefused as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("The session is recorded."))
    return redirect("people:training")


@login_required
@require_POST
def attend(request):
    need(request.user, "people.train")
    form = AttendanceForm(request.user, request.POST)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return redirect("people:training")
    d = form.cleaned_data
    try:
        training.record_attendance(request.user, d["session"],
                                   [(p, d["hours"]) for p in d["person"]])  # fmt: skip
    except PeopleRefused as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("The attendance is recorded."))
    return redirect("people:training")


def _level(code) -> str:
    from wangge.org.models import Level

    return str(Level(code).label) if code in Level.values else _("not assessed")


@login_required
def competency_page(request):
    """My gaps against my post's model; the team's gaps and the courses to run."""
    from wangge.people.models import Course, SkillItem

    _open(may_open_training, request.user)
    rows = competency.gaps_of(request.user, timezone.localdate())
    team = may(request.user, "people.view_team")
    team_gaps, suggestions = competency.team_view(rows) if team else ([], [])
    skills = {s.code: s.name for s in SkillItem.objects.visible_to(request.user)}
    courses = {c.code: c.name for c in Course.objects.visible_to(request.user)}

    def gaps(r):
        return [{"skill": skills.get(g.skill, g.skill), "required": _level(g.required),
                 "actual": _level(g.actual)} for g in r.gaps]  # fmt: skip

    mine = _own_row(rows, request.user)
    ctx = {
        "mine": mine, "my_gaps": gaps(mine) if mine else [], "team": team,
        "rows": [(r, gaps(r)) for r in rows] if team else [],
        "team_gaps": [(skills.get(t.skill, t.skill), t) for t in team_gaps],
        "suggestions": [(courses.get(s.course, s.course), s) for s in suggestions],
        "may_assess": may(request.user, "people.assess"),
        "assess_form": AssessmentForm(request.user),
        "certify_form": CertificationForm(request.user),
    }  # fmt: skip
    return render(request, "people/competency.html", ctx)


@login_required
@require_POST
def assess(request):
    need(request.user, "people.assess")
    form = AssessmentForm(request.user, request.POST)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return redirect("people:competency")
    d = form.cleaned_data
    try:
        competency.assess(request.user, d["person"], d["skill"], d["level"], d["day"], d["note"])
    except PeopleRefused as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("The assessment is recorded."))
    return redirect("people:competency")


@login_required
@require_POST
def certify(request):
    need(request.user, "people.assess")
    form = CertificationForm(request.user, request.POST)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return redirect("people:competency")
    d = form.cleaned_data
    try:
        competency.certify(request.user, d["person"], d["level"], d["certified_on"],
                           d["valid_until"])  # fmt: skip
    except PeopleRefused as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("The certification is recorded."))
    return redirect("people:competency")


def _audits_of(request):
    month = query_month(request)
    qs = Audit.objects.visible_to(request.user).select_related("grid", "auditor")
    return month, (qs.filter(month=month) if month else qs)


@login_required
def audits_page(request):
    _open(may_open_audits, request.user)
    month, rows = _audits_of(request)
    items = AuditItem.objects.visible_to(request.user)
    may_audit = may(request.user, "people.audit")
    form = AuditForm(request.user, items, initial={"month": f"{_this_month():%Y-%m}"})
    sections, pass_mark = audits.weights()
    ctx = {"month": month, "audits": rows[:200], "may_audit": may_audit, "form": form,
           "sections": sections, "pass_mark": pass_mark}  # fmt: skip
    return render(request, "people/audits.html", ctx)


@login_required
def audits_export(request):
    _open(may_open_audits, request.user)
    month, rows = _audits_of(request)
    name = f"audits-{month:%Y-%m}.xlsx" if month else "audits.xlsx"
    return _xlsx(exports.audits_sheet(rows, _("Standardisation audits")), name)


@login_required
@require_POST
def audit_new(request):
    need(request.user, "people.audit")
    items = list(AuditItem.objects.visible_to(request.user))
    form = AuditForm(request.user, items, request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return redirect("people:audits")
    d = form.cleaned_data
    entries = {
        i.code: audits.Entry(d[f"item-{i.code}"], d[f"finding-{i.code}"], d[f"photo-{i.code}"])
        for i in items
    }
    try:
        audit = audits.record(request.user, d["grid"], d["month"], entries, d["note"])
    except PeopleRefused as err:
        messages.error(request, err.message)
        return redirect("people:audits")
    messages.success(request, _("The audit is recorded."))
    return redirect("people:audit", pk=audit.pk)


@login_required
def audit_page(request, pk: int):
    _open(may_open_audits, request.user)
    audit = get_object_or_404(Audit.objects.visible_to(request.user).select_related("grid"),
                              pk=pk)  # fmt: skip
    findings = audit.findings.select_related("item")
    history = Audit.objects.visible_to(request.user).filter(grid=audit.grid).order_by("-month")
    sections, _mark = audits.weights()
    section_rows = [
        {"label": Section(k).label if k in Section.values else k, "weight": w,
         "score": Decimal(audit.sections[k]) if k in audit.sections else None}
        for k, w in sections.items()
    ]  # fmt: skip
    ctx = {"audit": audit, "findings": findings, "history": history[:24],
           "section_rows": section_rows,
           "card": audit_card.card_of(request.user, audit)}  # fmt: skip
    return render(request, "people/audit.html", ctx)


@login_required
def finding_photo(request, pk: int):
    _open(may_open_audits, request.user)
    finding = get_object_or_404(Finding.objects.visible_to(request.user), pk=pk)
    if not finding.photo:
        raise Http404
    return FileResponse(finding.photo.open("rb"))


@login_required
def rate_page(request):
    need(request.user, "people.rate")
    form = RatingForm(request.user, initial={"month": f"{_this_month():%Y-%m}"})
    mine = Rating.objects.visible_to(request.user).filter(rater=person_of(request.user))
    return render(request, "people/rate.html",
                  {"form": form, "mine": mine.select_related("unit")[:24]})  # fmt: skip


@login_required
@require_POST
def rate(request):
    need(request.user, "people.rate")
    form = RatingForm(request.user, request.POST)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return redirect("people:rate")
    d = form.cleaned_data
    try:
        ratings.rate(request.user, d["unit"], d["month"],
                     {k: d[k] for k in ("responsiveness", "problem_solving", "attitude")},
                     d["comment"])  # fmt: skip
    except PeopleRefused as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("Thank you: your rating is recorded."))
    return redirect("people:rate")


@login_required
def reverse_page(request):
    need(request.user, "people.view_team")
    month = query_month(request, default=_this_month())
    ctx = {"month": month, "results": ratings.results(request.user, month),
           "may_feed": may(request.user, "people.feed")}  # fmt: skip
    return render(request, "people/reverse.html", ctx)


@login_required
@require_POST
def feed_month(request):
    need(request.user, "people.feed")
    form = MonthForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return redirect("people:reverse")
    month = form.cleaned_data["month"]
    fed = feed.feed_month(request.user, month)
    messages.success(request, _("Fed to the appraisal of %(month)s: %(audits)s audits, "
                                "%(units)s support units (%(people)s back-office people), "
                                "satisfaction of %(grids)s grids (%(surveyed)s people).")
                     % {"month": f"{month:%Y-%m}", "audits": fed.audits,
                        "units": fed.units_rated, "people": fed.people_rated,
                        "grids": fed.grids_surveyed, "surveyed": fed.people_surveyed})  # fmt: skip
    return redirect(f"{reverse('people:reverse')}?month={month:%Y-%m}")


# --- satisfaction ------------------------------------------------------------------------


def _survey(request) -> Survey | None:
    data = request.POST if request.method == "POST" else request.GET
    return SurveyChoiceForm(request.user, data).chosen()


def _results(request):
    month = query_month(request) or _this_month()
    rows = satisfaction.grid_results(request.user, month)
    return month, sorted(rows, key=lambda r: r.grid.code)


@login_required
def satisfaction_page(request):
    _open(may_open_satisfaction, request.user)
    month, rows = _results(request)
    survey = _survey(request)
    questions = satisfaction.questions_of(survey) if survey else []
    form = ResponseForm(request.user, questions, initial={"month": f"{month:%Y-%m}"})
    ctx = {"month": month, "rows": rows, "survey": survey, "form": form,
           "surveys": Survey.objects.visible_to(request.user).filter(active=True),
           "import_form": SurveyImportForm(initial={"month": f"{month:%Y-%m}"}),
           "may_enter": may(request.user, "people.satisfaction")}  # fmt: skip
    return render(request, "people/satisfaction.html", ctx)


@login_required
def satisfaction_export(request):
    _open(may_open_satisfaction, request.user)
    month, rows = _results(request)
    title = _("Customer satisfaction %(month)s") % {"month": f"{month:%Y-%m}"}
    return _xlsx(exports.satisfaction_sheet(rows, title), f"satisfaction-{month:%Y-%m}.xlsx")


def _back(month=None):
    url = reverse("people:satisfaction")
    return redirect(f"{url}?month={month:%Y-%m}" if month else url)


@login_required
@require_POST
def satisfaction_enter(request):
    from wangge.customers.models import Customer

    need(request.user, "people.satisfaction")
    survey = _survey(request)
    if survey is None:
        messages.error(request, _("No such survey."))
        return _back()
    questions = satisfaction.questions_of(survey)
    form = ResponseForm(request.user, questions, request.POST)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return _back()
    d = form.cleaned_data
    customer = None
    if d["customer"]:
        customer = Customer.objects.visible_to(request.user).filter(code=d["customer"]).first()
        if customer is None:
            messages.error(request, _("That customer is not in your scope."))
            return _back(d["month"])
    answers = {q.code: d[f"answer-{q.code}"] for q in questions}
    try:
        row = satisfaction.record(request.user, survey, d["grid"], d["month"], answers, customer)
    except PeopleRefused as err:
        messages.error(request, err.message)
        return _back(d["month"])
    messages.success(request, _("The response is recorded: %(score)s.")
                     % {"score": row.score})  # fmt: skip
    return _back(d["month"])


@login_required
@require_POST
def satisfaction_import(request):
    need(request.user, "people.satisfaction")
    survey = _survey(request)
    form = SurveyImportForm(request.POST, request.FILES)
    if survey is None or not form.is_valid():
        messages.error(request, form_problem(form) if survey else _("No such survey."))
        return _back()
    d = form.cleaned_data
    upload = d["file"]
    try:
        done = satisfaction.import_sheet(request.user, survey, d["month"], upload, upload.name)
    except PeopleRefused as err:
        messages.error(request, err.message)
        return _back(d["month"])
    messages.success(request, _("Imported %(n)s responses of %(grids)s grids.")
                     % {"n": done.responses, "grids": done.grids})  # fmt: skip
    return _back(d["month"])
