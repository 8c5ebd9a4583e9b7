"""People API: sessions (attend), attendance, hours and shortfalls, competency gaps,
assessments, audits, one's ratings, the reverse appraisal's results and the feed to
the appraisal. Every queryset is ``visible_to(request.user)``; every write goes
through the service modules, whose refusals are 400s naming the field."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from wangge.base.params import query_month, to_month
from wangge.base.schema import MONTH
from wangge.org.models import Unit
from wangge.org.scope import may
from wangge.people import audits, competency, feed, ratings, satisfaction, training
from wangge.people.access import may_open_audits, may_open_satisfaction, may_open_training
from wangge.people.api import serializers as s
from wangge.people.models import (
    Assessment,
    Attendance,
    Audit,
    Rating,
    Session,
    SkillItem,
    Survey,
    people_seen,
)
from wangge.people.models import Response as SurveyResponse
from wangge.people.refusals import PeopleRefused, person_of


def _refused(exc: PeopleRefused) -> ValidationError:
    return ValidationError({exc.field: [exc.message]})


def _month(value: str):
    return to_month("month", value)


def _this_month():
    return timezone.localdate().replace(day=1)


class _Scoped(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    model = None
    related = ()

    def allowed(self, user) -> bool:
        return may_open_training(user)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        if not self.allowed(self.request.user):
            raise PermissionDenied()
        return self.model.objects.visible_to(self.request.user).select_related(*self.related)


class SessionViewSet(_Scoped):
    """Training sessions of the units in scope; ``attend`` records who came."""

    model = Session
    related = ("course",)
    serializer_class = s.SessionSerializer

    @extend_schema(request=s.AttendSerializer, responses={200: s.AttendanceSerializer(many=True)})
    @action(detail=True, methods=["post"])
    def attend(self, request, pk=None):
        if not may(request.user, "people.train"):
            raise PermissionDenied()
        session = self.get_object()
        data = s.AttendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        lines = data.validated_data["lines"]
        seen = people_seen(request.user).in_bulk([x["person"] for x in lines])
        missing = [x["person"] for x in lines if x["person"] not in seen]
        if missing:
            raise ValidationError({"person": [_("That person is not in your scope.")]})
        try:
            rows = training.record_attendance(
                request.user, session, [(seen[x["person"]], x["hours"]) for x in lines]
            )
        except PeopleRefused as exc:
            raise _refused(exc) from exc
        return Response(s.AttendanceSerializer(rows, many=True).data)


class AttendanceViewSet(_Scoped):
    """Attendance of the people one reads (oneself, or the team)."""

    model = Attendance
    related = ("session",)
    serializer_class = s.AttendanceSerializer


class HoursView(APIView):
    """Hours of the year up to ``?month=`` against the minimum expected by then."""

    @extend_schema(parameters=[MONTH], responses={200: s.HoursSerializer(many=True)})
    def get(self, request):
        if not may_open_training(request.user):
            raise PermissionDenied()
        month = query_month(request, default=_this_month())
        rows = training.hours_rows(request.user, month)
        data = [{"person": r.person, "done": _dec(r.done), "expected": _dec(r.expected),
                 "missing": _dec(r.missing), "short": r.short} for r in rows]  # fmt: skip
        return Response(s.HoursSerializer(data, many=True).data)


def _dec(x) -> Decimal:
    return (Decimal(x.numerator) / Decimal(x.denominator)).quantize(Decimal("0.01"))


class GapsView(APIView):
    """Each person's gaps against their post's competency model."""

    @extend_schema(responses={200: s.PersonGapsSerializer(many=True)})
    def get(self, request):
        if not may_open_training(request.user):
            raise PermissionDenied()
        rows = competency.gaps_of(request.user, timezone.localdate())
        data = [{"person": r.person, "gaps": [
            {"skill": g.skill, "required": g.required, "actual": g.actual, "steps": g.steps}
            for g in r.gaps]} for r in rows]  # fmt: skip
        return Response(s.PersonGapsSerializer(data, many=True).data)


class AssessmentViewSet(mixins.CreateModelMixin, _Scoped):
    """Assessments of the people one reads; POST records one (``people.assess``)."""

    model = Assessment
    serializer_class = s.AssessmentSerializer

    @extend_schema(request=s.AssessInput, responses={201: s.AssessmentSerializer})
    def create(self, request, *args, **kwargs):
        if not may(request.user, "people.assess"):
            raise PermissionDenied()
        data = s.AssessInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        person = people_seen(request.user).filter(pk=d["person"]).first()
        skill = SkillItem.objects.visible_to(request.user).filter(pk=d["skill"]).first()
        if person is None:
            raise ValidationError({"person": [_("That person is not in your scope.")]})
        if skill is None:
            raise ValidationError({"skill": [_("Choose a skill item from the list.")]})
        try:
            row = competency.assess(request.user, person, skill, d["level"], d["day"], d["note"])
        except PeopleRefused as exc:
            raise _refused(exc) from exc
        return Response(s.AssessmentSerializer(row).data, status=201)


class AuditViewSet(mixins.CreateModelMixin, _Scoped):
    """Standardisation audits of the grids in scope; POST fills one (``people.audit``)."""

    model = Audit
    serializer_class = s.AuditSerializer

    def allowed(self, user) -> bool:
        return may_open_audits(user)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("findings__item")

    @extend_schema(request=s.AuditInput, responses={201: s.AuditSerializer})
    def create(self, request, *args, **kwargs):
        if not may(request.user, "people.audit"):
            raise PermissionDenied()
        data = s.AuditInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        month = _month(d["month"])
        grid = Unit.objects.filter(pk=d["grid"]).first()
        if grid is None:
            raise ValidationError({"grid": [_("That grid is not in your scope.")]})
        entries = {x["item"]: audits.Entry(x["points"], x["finding"]) for x in d["scores"]}
        if len(entries) != len(d["scores"]):
            raise ValidationError({"scores": [_("A checklist item is listed twice.")]})
        try:
            audit = audits.record(request.user, grid, month, entries, d["note"])
        except PeopleRefused as exc:
            raise _refused(exc) from exc
        return Response(s.AuditSerializer(audit).data, status=201)


class RatingViewSet(mixins.CreateModelMixin, _Scoped):
    """One's own ratings of support units; POST rates one (``people.rate``)."""

    model = Rating
    related = ("unit",)
    serializer_class = s.RatingSerializer

    def allowed(self, user) -> bool:
        return may(user, "people.rate")

    def get_queryset(self):
        qs = super().get_queryset()
        if getattr(self, "swagger_fake_view", False):
            return qs
        return qs.filter(rater=person_of(self.request.user))

    @extend_schema(request=s.RateInput, responses={201: s.RatingSerializer})
    def create(self, request, *args, **kwargs):
        if not may(request.user, "people.rate"):
            raise PermissionDenied()
        data = s.RateInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        unit = Unit.objects.filter(pk=d["unit"]).first()
        if unit is None:
            raise ValidationError(
                {"unit": [_("That unit is not one of the support units serving you.")]}
            )
        scores = {k: d[k] for k in ("responsiveness", "problem_solving", "attitude")}
        try:
            row = ratings.rate(request.user, unit, _month(d["month"]), scores, d["comment"])
        except PeopleRefused as exc:
            raise _refused(exc) from exc
        return Response(s.RatingSerializer(row).data, status=201)


class ReverseView(APIView):
    """The support units' means of ``?month=`` (``people.view_team``); no rater named."""

    @extend_schema(parameters=[MONTH], responses={200: s.ResultSerializer(many=True)})
    def get(self, request):
        if not may(request.user, "people.view_team"):
            raise PermissionDenied()
        month = query_month(request, default=_this_month())
        data = [{"unit": u.pk, "unit_name": u.name, "raters": r.raters,
                 **{k: float(v) for k, v in r.averages.items()}, "overall": float(r.overall)}
                for u, r in ratings.results(request.user, month)]  # fmt: skip
        return Response(s.ResultSerializer(data, many=True).data)


class FeedView(APIView):
    """Feed a month's audits and ratings to the appraisal (``people.feed``)."""

    @extend_schema(request=s.FeedInput, responses={200: s.FedSerializer})
    def post(self, request):
        if not may(request.user, "people.feed"):
            raise PermissionDenied()
        data = s.FeedInput(data=request.data)
        data.is_valid(raise_exception=True)
        fed = feed.feed_month(request.user, _month(data.validated_data["month"]))
        return Response(s.FedSerializer(fed).data)


class SurveyResponseViewSet(mixins.CreateModelMixin, _Scoped):
    """Satisfaction survey responses of the grids in scope; POST enters one
    (``people.satisfaction``), the customer named by code."""

    model = SurveyResponse
    related = ("grid", "customer", "survey")
    serializer_class = s.ResponseSerializer

    def allowed(self, user) -> bool:
        return may_open_satisfaction(user)

    def get_queryset(self):
        qs = super().get_queryset()
        month = query_month(self.request, "month")
        return qs.filter(month=month) if month else qs

    @extend_schema(request=s.ResponseInput, responses={201: s.ResponseSerializer})
    def create(self, request, *args, **kwargs):
        from wangge.customers.models import Customer

        if not may(request.user, "people.satisfaction"):
            raise PermissionDenied()
        data = s.ResponseInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        month = _month(d["month"])
        survey = Survey.objects.filter(code=d["survey"]).first()
        if survey is None:
            raise ValidationError({"survey": [_("No such survey.")]})
        grid = Unit.objects.filter(pk=d["grid"]).first()
        if grid is None:
            raise ValidationError({"grid": [_("That grid is not in your scope.")]})
        customer = None
        if d["customer"]:
            customer = Customer.objects.visible_to(request.user).filter(code=d["customer"]).first()
            if customer is None:
                raise ValidationError({"customer": [_("That customer is not in your scope.")]})
        try:
            row = satisfaction.record(request.user, survey, grid, month, d["answers"], customer)
        except PeopleRefused as exc:
            raise _refused(exc) from exc
        return Response(s.ResponseSerializer(row).data, status=201)


class SatisfactionView(APIView):
    """Each grid's satisfaction score of the month (the mean of its responses, out of
    100) and its band, for the grids in scope."""

    @extend_schema(parameters=[MONTH], responses={200: s.SatisfactionSerializer(many=True)})
    def get(self, request):
        if not may_open_satisfaction(request.user):
            raise PermissionDenied()
        month = query_month(request, "month") or _this_month()
        rows = satisfaction.grid_results(request.user, month)
        return Response(s.SatisfactionSerializer(rows, many=True).data)
