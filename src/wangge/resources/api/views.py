"""Resource API: plans and their lines (edit, accept), deliveries (receive), the closed
loop. Every queryset is ``visible_to(request.user)``; every write goes through the
service modules, whose refusals are 400s naming the field."""

from __future__ import annotations

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
from wangge.org.scope import may
from wangge.resources import delivery, evaluation, gaps, planning
from wangge.resources.access import may_open_deliveries, may_open_requests
from wangge.resources.api import serializers as s
from wangge.resources.models import DeliveryOrder, Plan, PlanLine, Request
from wangge.resources.refusals import ResourcesRefused


def _refused(exc: ResourcesRefused) -> ValidationError:
    return ValidationError({exc.field: [exc.message]})


class _Scoped(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    model = None
    related = ()
    action_needed = ""

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator asks for the model
            return self.model.objects.none()
        if self.action_needed and not may(self.request.user, self.action_needed):
            raise PermissionDenied()
        return self.model.objects.visible_to(self.request.user).select_related(*self.related)


class PlanViewSet(_Scoped):
    """The allocation plans (``resources.allocate``); ``accept`` accepts one."""

    model = Plan
    serializer_class = s.PlanSerializer
    action_needed = "resources.allocate"

    @extend_schema(request=None, responses={200: s.PlanSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        try:
            plan = planning.accept(request.user, self.get_object())
        except ResourcesRefused as exc:
            raise _refused(exc) from exc
        return Response(s.PlanSerializer(plan).data)


class PlanLineViewSet(_Scoped):
    """Lines of the plans in scope; ``edit`` changes one with a reason."""

    model = PlanLine
    related = ("unit",)
    serializer_class = s.PlanLineSerializer
    action_needed = "resources.allocate"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("edits")

    @extend_schema(request=s.LineEditSerializer, responses={200: s.PlanLineSerializer})
    @action(detail=True, methods=["post"])
    def edit(self, request, pk=None):
        data = s.LineEditSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        line = self.get_object()
        try:
            planning.edit_line(request.user, line, data.validated_data["cents"],
                               data.validated_data["reason"])  # fmt: skip
        except ResourcesRefused as exc:
            raise _refused(exc) from exc
        return Response(s.PlanLineSerializer(self.get_queryset().get(pk=line.pk)).data)


class DeliveryViewSet(_Scoped):
    """Delivery orders seen from either end; ``receive`` confirms one for its grid."""

    model = DeliveryOrder
    related = ("stock",)
    serializer_class = s.DeliverySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return super().get_queryset()
        if not may_open_deliveries(self.request.user):
            raise PermissionDenied()
        return super().get_queryset()

    @extend_schema(request=None, responses={200: s.DeliverySerializer})
    @action(detail=True, methods=["post"])
    def receive(self, request, pk=None):
        order = self.get_object()
        if not delivery.may_receive(request.user, order):
            raise PermissionDenied()
        try:
            order = delivery.receive(request.user, order)
        except ResourcesRefused as exc:
            raise _refused(exc) from exc
        return Response(s.DeliverySerializer(order).data)


class EvaluationView(APIView):
    """The closed loop of ``?month=`` (default this month) for the units in scope."""

    @extend_schema(
        parameters=[MONTH],
        responses={200: s.EvaluationSerializer(many=True)},
    )
    def get(self, request):
        if not may(request.user, "resources.evaluate"):
            raise PermissionDenied()
        month = query_month(request, default=timezone.localdate().replace(day=1))
        rows = [
            {"unit": r.unit.pk, "unit_name": r.unit.name, "month": r.evaluation.month,
             "planned_cents": r.evaluation.planned_cents,
             "spent_cents": r.evaluation.spent_cents, "output_cents": r.evaluation.output_cents,
             "expected_cents": r.evaluation.expected_cents,
             "ratio": float(r.evaluation.ratio) if r.evaluation.ratio is not None else None,
             "flagged": r.evaluation.flagged}
            for r in evaluation.month_rows(request.user, month)
        ]  # fmt: skip
        return Response(s.EvaluationSerializer(rows, many=True).data)


class RequestViewSet(mixins.CreateModelMixin, _Scoped):
    """Resource requests of the units in scope (``?month=``); POST asks for a kind
    (``resources.request``), once per unit, month and kind (asking again replaces)."""

    model = Request
    related = ("unit",)
    serializer_class = s.RequestSerializer

    def get_queryset(self):
        if not getattr(self, "swagger_fake_view", False) and not may_open_requests(
            self.request.user
        ):
            raise PermissionDenied()
        qs = super().get_queryset()
        month = None if getattr(self, "swagger_fake_view", False) else query_month(self.request)
        return qs.filter(month=month) if month else qs

    @extend_schema(request=s.RequestInput, responses={201: s.RequestSerializer})
    def create(self, request, *args, **kwargs):
        from wangge.org.models import Unit

        if not may(request.user, "resources.request"):
            raise PermissionDenied()
        data = s.RequestInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        unit = Unit.objects.filter(pk=d["unit"]).first()
        if unit is None:
            raise ValidationError({"unit": [_("That unit is not in your scope.")]})
        try:
            row = planning.ask(request.user, unit, to_month("month", d["month"]), d["kind"],
                               d["amount_cents"], d["min_cents"], d["reason"])  # fmt: skip
        except ResourcesRefused as exc:
            raise _refused(exc) from exc
        return Response(s.RequestSerializer(row).data, status=201)


class GapsView(APIView):
    """Each request of ``?month=`` in scope against the allocation, largest gap first."""

    @extend_schema(parameters=[MONTH], responses={200: s.RequestGapSerializer(many=True)})
    def get(self, request):
        if not may_open_requests(request.user):
            raise PermissionDenied()
        month = query_month(request, default=timezone.localdate().replace(day=1))
        return Response(
            s.RequestGapSerializer(gaps.month_gaps(request.user, month).rows, many=True).data
        )
