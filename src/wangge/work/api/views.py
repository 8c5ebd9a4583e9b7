"""Work API: work orders, opportunities with the pipeline, visits, surveys. Every queryset is
``visible_to(request.user)``; every write goes through the service modules, whose
refusals are 400s naming the field."""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from wangge.org.scope import may
from wangge.work import orders, pipeline, surveys, visits
from wangge.work.api import serializers as s
from wangge.work.filtersets import OpportunityFilter, SurveyFilter, VisitFilter, WorkOrderFilter
from wangge.work.models import Opportunity, Survey, Visit, WorkOrder
from wangge.work.refusals import WorkRefused


def _refused(exc: WorkRefused) -> ValidationError:
    return ValidationError({exc.field: [exc.message]})


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class _Scoped(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A work list of the caller's scope; a refusal of the work rules is a 400 naming
    the field it is about."""

    filter_backends = [DjangoFilterBackend]

    def handle_exception(self, exc):
        if isinstance(exc, WorkRefused):
            exc = _refused(exc)
        return super().handle_exception(exc)

    model = None
    related = ()

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user).select_related(*self.related)


class WorkOrderViewSet(_Scoped):
    """Work orders of the grids the caller sees; ``POST`` creates one (``work.assign``),
    ``move`` changes its status along the lifecycle."""

    model = WorkOrder
    related = ("unit", "assignee")
    serializer_class = s.WorkOrderSerializer
    filterset_class = WorkOrderFilter

    @extend_schema(request=s.WorkOrderCreateSerializer, responses={201: s.WorkOrderSerializer})
    def create(self, request):
        if not may(request.user, "work.assign"):
            raise PermissionDenied()
        data = _valid(s.WorkOrderCreateSerializer, request)
        order = orders.create_order(request.user, **data)
        return Response(s.WorkOrderSerializer(order).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.OrderMoveSerializer, responses=s.WorkOrderSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        order = self.get_object()
        data = _valid(s.OrderMoveSerializer, request)
        order = orders.move_order(request.user, order, data["status"], data["reason"])
        return Response(s.WorkOrderSerializer(order).data)


class OpportunityViewSet(_Scoped):
    """Opportunities of the grids the caller sees, with their stage moves; ``stage``
    moves one (backwards with a reason), ``close`` marks it won or lost."""

    model = Opportunity
    related = ("unit", "owner")
    serializer_class = s.OpportunitySerializer
    filterset_class = OpportunityFilter

    def get_queryset(self):
        return super().get_queryset().prefetch_related("team", "moves")

    @extend_schema(request=s.OpportunityCreateSerializer, responses={201: s.OpportunitySerializer})
    def create(self, request):
        if not may(request.user, "work.sell"):
            raise PermissionDenied()
        data = _valid(s.OpportunityCreateSerializer, request)
        opp = pipeline.create_opportunity(request.user, **data)
        return Response(s.OpportunitySerializer(opp).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.StageChangeSerializer, responses=s.OpportunitySerializer)
    @action(detail=True, methods=["post"])
    def stage(self, request, pk=None):
        opp = self.get_object()
        data = _valid(s.StageChangeSerializer, request)
        opp = pipeline.move_stage(request.user, opp, data["stage"], data["reason"])
        return Response(s.OpportunitySerializer(opp).data)

    @extend_schema(request=s.OutcomeSerializer, responses=s.OpportunitySerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        opp = self.get_object()
        data = _valid(s.OutcomeSerializer, request)
        opp = pipeline.close(request.user, opp, data["outcome"], data["reason"])
        return Response(s.OpportunitySerializer(opp).data)

    @extend_schema(responses=s.PipelineSerializer, filters=True)
    @action(detail=False, methods=["get"], pagination_class=None)
    def pipeline(self, request):
        """Counts and value by stage of the open opportunities (filtered as the list),
        and conversion from each stage to the next by kind (``work.pipeline``)."""
        if not may(request.user, "work.pipeline"):
            raise PermissionDenied()
        qs = self.filter_queryset(self.get_queryset())
        body = {"stages": pipeline.totals(qs), "conversion": pipeline.conversion(qs)}
        return Response(s.PipelineSerializer(body).data)


class VisitViewSet(_Scoped):
    """Visits in the grids the caller sees; ``POST`` checks in (a GPS point is
    required), ``check_out`` closes one's own visit."""

    model = Visit
    related = ("unit", "person")
    serializer_class = s.VisitSerializer
    filterset_class = VisitFilter

    @extend_schema(request=s.VisitCheckInSerializer, responses={201: s.VisitSerializer})
    def create(self, request):
        if not may(request.user, "work.visit"):
            raise PermissionDenied()
        data = _valid(s.VisitCheckInSerializer, request)
        visit = visits.check_in(request.user, **data)
        return Response(s.VisitSerializer(visit).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.VisitCheckOutSerializer, responses=s.VisitSerializer)
    @action(detail=True, methods=["post"], url_path="check-out")
    def check_out(self, request, pk=None):
        visit = self.get_object()
        data = _valid(s.VisitCheckOutSerializer, request)
        visit = visits.check_out(request.user, visit, **data)
        return Response(s.VisitSerializer(visit).data)


class SurveyViewSet(_Scoped):
    """Door-to-door surveys in the grids the caller sees; ``POST`` records one (a GPS
    point is required), creating or updating the customer (``customer_data``) and
    raising an opportunity (``opportunity``) all or nothing. A customer that may be on
    file already is a 409 with the candidates the caller sees (masked); post again
    with ``duplicate`` "update" (and ``customer``: the candidate) or "create"."""

    model = Survey
    related = ("unit", "surveyor")
    serializer_class = s.SurveySerializer
    filterset_class = SurveyFilter

    @extend_schema(
        request=s.SurveyCreateSerializer,
        responses={201: s.SurveySerializer, 409: s.SurveyCandidateSerializer(many=True)},
    )
    def create(self, request):
        from wangge.work.views import candidate_rows

        if not may(request.user, "work.survey"):
            raise PermissionDenied()
        serializer = s.SurveyCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        try:
            done = surveys.record(request.user, **serializer.service_arguments())
        except surveys.DuplicatesFound as exc:
            body = {
                "duplicate": [exc.message],
                "candidates": candidate_rows(request.user, exc.candidates),
            }
            return Response(body, status=status.HTTP_409_CONFLICT)
        return Response(s.SurveySerializer(done).data, status=status.HTTP_201_CREATED)
