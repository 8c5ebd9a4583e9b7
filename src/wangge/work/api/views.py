"""Work API: work orders, opportunities with the pipeline, visits, surveys. Every queryset is
``visible_to(request.user)``; every write goes through the service modules, whose
refusals are 400s naming the field."""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from wangge.base.params import DB_INT, filter_params, query_int
from wangge.customers.filtersets import CustomerFilterSet
from wangge.customers.lists import CustomerFilter
from wangge.org.models import Unit
from wangge.org.scope import may
from wangge.work import campaigns as campaign_flows
from wangge.work import orders, pipeline, surveys, visits
from wangge.work import pool as owners
from wangge.work.api import serializers as s
from wangge.work.filtersets import (
    CampaignNameFilter,
    GridPlanFilter,
    NetworkResourceFilter,
    OpportunityFilter,
    OwnerFilter,
    SurveyFilter,
    VisitFilter,
    WorkOrderFilter,
)
from wangge.work.models import (
    Campaign,
    CampaignName,
    GridPlan,
    NetworkResource,
    Opportunity,
    Owner,
    Survey,
    Visit,
    WorkOrder,
)
from wangge.work.refusals import WorkRefused
from wangge.work.uploads import UploadRefused


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


class OwnerViewSet(_Scoped):
    """Who owns each customer and place of the grids the caller sees (``person`` empty:
    in the pool). ``pool`` lists a grid's customers and places nobody owns there;
    ``give`` hands some to a person of the grid; ``release`` puts one back in the pool
    (both ``work.assign``)."""

    model = Owner
    related = ("unit", "person")
    serializer_class = s.OwnerSerializer
    filterset_class = OwnerFilter

    @extend_schema(
        responses=s.PoolSerializer,
        parameters=[
            OpenApiParameter(
                "unit",
                {"type": "integer", "minimum": -DB_INT, "maximum": DB_INT},
                description="the grid (default: all in scope)",
            )
        ],
    )
    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=None)
    def pool(self, request):
        if not may(request.user, "work.assign"):
            raise PermissionDenied()
        unit_id = query_int(request, "unit")
        unit = None
        if unit_id is not None:
            unit = Unit.objects.visible_to(request.user).grids().filter(pk=unit_id).first()
        # a grid outside the scope finds nothing, saying nothing of whether it exists
        unknown = unit_id is not None and unit is None
        customers = owners.pooled_customers(request.user, unit)
        places = owners.pooled_places(request.user, unit)
        body = {
            "days": owners.pool_days(),
            "customers": customers.none() if unknown else customers[:1000],
            "places": places.none() if unknown else places[:1000],
        }
        return Response(s.PoolSerializer(body, context={"request": request}).data)

    @extend_schema(request=s.GiveSerializer, responses=s.GivenSerializer)
    @action(detail=False, methods=["post"], filterset_class=None)
    def give(self, request):
        if not may(request.user, "work.assign"):
            raise PermissionDenied()
        data = _valid(s.GiveSerializer, request)
        done = owners.give(
            request.user,
            data["unit"],
            data["person"],
            customers=data["customers"],
            places=data["places"],
        )
        return Response(s.GivenSerializer(done).data)

    @extend_schema(request=s.ReleaseSerializer, responses=s.OwnerSerializer)
    @action(detail=False, methods=["post"], filterset_class=None)
    def release(self, request):
        if not may(request.user, "work.assign"):
            raise PermissionDenied()
        data = _valid(s.ReleaseSerializer, request)
        row = owners.release(request.user, data.get("customer") or data.get("place"))
        return Response(s.OwnerSerializer(row).data)


def _campaign_refused(exc: UploadRefused) -> ValidationError:
    return ValidationError({"file": exc.problems})


class CampaignViewSet(_Scoped):
    """Name-list campaigns the caller sees (made in a unit they see, or with names in
    their grids). ``POST`` builds one from the customer filter, ``upload`` from an
    Excel of customer codes (all or nothing), ``ranked`` from the churn-alert ranking,
    ``split`` gives the names to the people
    of their grids (``work.campaign``); ``figures``: execution and conversion."""

    model = Campaign
    related = ("unit",)
    serializer_class = s.CampaignSerializer
    filterset_class = None

    def _builder(self):
        if not may(self.request.user, "work.campaign"):
            raise PermissionDenied()

    @extend_schema(request=s.CampaignCreateSerializer, responses={201: s.CampaignSerializer})
    def create(self, request):
        self._builder()
        data = _valid(s.CampaignCreateSerializer, request)
        checked = filter_params(
            CustomerFilterSet, {k: data[k] for k in ("q", "ownership", "tag") if data[k]}
        )
        flt = CustomerFilter(
            q=(checked.get("q") or "").strip(),
            ownership=checked.get("ownership") or "",
            tag=checked.get("tag") or "",
        )
        campaign = campaign_flows.build_from_filter(
            request.user, data["name"], flt, due=data["due"], description=data["description"]
        )
        return Response(s.CampaignSerializer(campaign).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": s.CampaignUploadSerializer},
        responses={201: s.CampaignSerializer},
    )
    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def upload(self, request):
        self._builder()
        data = _valid(s.CampaignUploadSerializer, request)
        try:
            campaign = campaign_flows.build_from_upload(
                request.user,
                data["name"],
                data["file"],
                data["file"].name,
                due=data["due"],
                description=data["description"],
            )
        except UploadRefused as exc:
            raise _campaign_refused(exc) from exc
        return Response(s.CampaignSerializer(campaign).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.RankedCampaignSerializer, responses={201: s.CampaignSerializer})
    @action(detail=False, methods=["post"])
    def ranked(self, request):
        """A list from the churn-alert ranking of the caller's scope (``work.rank_list``)."""
        if not campaign_flows.may_rank(request.user):
            raise PermissionDenied()
        data = _valid(s.RankedCampaignSerializer, request)
        campaign = campaign_flows.build_from_ranking(request.user, **data)
        return Response(s.CampaignSerializer(campaign).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.SplitDoneSerializer)
    @action(detail=True, methods=["post"])
    def split(self, request, pk=None):
        if not campaign_flows.may_rank(request.user):
            raise PermissionDenied()
        campaign = self.get_object()
        if not campaign_flows.may_split(request.user, campaign):
            raise PermissionDenied()
        done = campaign_flows.split(request.user, campaign)
        return Response(s.SplitDoneSerializer(done).data)

    @extend_schema(responses=s.CampaignFiguresSerializer)
    @action(detail=True, methods=["get"])
    def figures(self, request, pk=None):
        body = campaign_flows.figures(request.user, self.get_object())
        return Response(s.CampaignFiguresSerializer(body).data)


class CampaignNameViewSet(_Scoped):
    """The names of the campaigns, in the grids the caller sees; ``outcome`` records
    where one got to (its person, or a manager of the grid)."""

    model = CampaignName
    related = ("customer", "person")
    serializer_class = s.CampaignNameSerializer
    filterset_class = CampaignNameFilter

    @extend_schema(request=s.NameOutcomeSerializer, responses=s.CampaignNameSerializer)
    @action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        row = self.get_object()
        data = _valid(s.NameOutcomeSerializer, request)
        row = campaign_flows.record(
            request.user,
            row,
            data["outcome"],
            order_ref=data["order_ref"],
            note=data["note"],
            opportunity=data["opportunity"],
        )
        return Response(s.CampaignNameSerializer(row, context={"request": request}).data)


class NetworkResourceViewSet(_Scoped):
    """Base stations, cross-connect boxes and broadband ports at the places the caller
    sees (imported on the network page)."""

    model = NetworkResource
    related = ("place",)
    serializer_class = s.NetworkResourceSerializer
    filterset_class = NetworkResourceFilter


class GridPlanViewSet(_Scoped):
    """The grid plans (一格一策) of the grids the caller sees, with their actions;
    ``records``: completeness and freshness of each grid's customer records."""

    model = GridPlan
    related = ("unit",)
    serializer_class = s.GridPlanSerializer
    filterset_class = GridPlanFilter

    def get_queryset(self):
        return super().get_queryset().prefetch_related("actions")

    @extend_schema(
        responses=s.GridRecordsSerializer(many=True),
        parameters=[
            OpenApiParameter(
                "days",
                {"type": "integer", "minimum": 1, "maximum": 3650},
                description="not visited in (days; default 90)",
            )
        ],
    )
    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=None)
    def records(self, request):
        from wangge.core.work.records import DEFAULT_STALE_DAYS
        from wangge.work import records as record_flows

        days = query_int(request, "days", DEFAULT_STALE_DAYS, minimum=1, maximum=3650)
        rows = record_flows.grid_summaries(request.user, days)
        return Response(s.GridRecordsSerializer(rows, many=True).data)
