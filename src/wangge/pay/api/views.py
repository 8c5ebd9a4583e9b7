"""Pay API: pools and distributions (scoped), my payslip, the what-if check.

Amounts are int cents (``*_cents``) with a yuan string beside them for display.
"""

from __future__ import annotations

import math

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from wangge.base.params import BadParameter, query_month
from wangge.base.schema import MONTH, ErrorSerializer
from wangge.core import pay as core
from wangge.core.formatting import plain_yuan
from wangge.core.money import MoneyError, to_cents
from wangge.pay.api.serializers import (
    DistributionDetailSerializer,
    DistributionSerializer,
    PayPoolSerializer,
    PayslipSerializer,
)
from wangge.pay.filtersets import DistributionFilterSet, PayPoolFilterSet
from wangge.pay.models import Distribution, PayPool
from wangge.pay.refusals import PayRefused
from wangge.pay.versions import payslip_lines
from wangge.pay.workflow import evaluate


class PayPoolViewSet(viewsets.ReadOnlyModelViewSet):
    """The month's pools of the units the caller may see."""

    serializer_class = PayPoolSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = PayPoolFilterSet

    def get_queryset(self):
        return PayPool.objects.visible_to(self.request.user).select_related("unit")


class DistributionViewSet(viewsets.ReadOnlyModelViewSet):
    """Distributions of the units the caller may see (a director: their center)."""

    def get_serializer_class(self):
        return DistributionDetailSerializer if self.action == "retrieve" else DistributionSerializer

    filter_backends = [DjangoFilterBackend]
    filterset_class = DistributionFilterSet

    def get_queryset(self):
        qs = Distribution.objects.visible_to(self.request.user).select_related("unit")
        return qs.prefetch_related("lines__person", "lines__distribution__unit")


@extend_schema(
    parameters=[OpenApiParameter("month", MONTH.type, required=True, description="YYYY-MM")],
    responses=PayslipSerializer,
)
@api_view(["GET"])
def my_payslip(request):
    """The caller's own payslip for a month (approved pay only), each line with its why."""
    person = getattr(request.user, "person", None)
    month = query_month(request, "month")
    if month is None:
        raise BadParameter(
            "month", _("Expected a month as YYYY-MM, got %(value)r.") % {"value": ""}
        )
    if person is None:
        raise NotFound(_("This log-in is not tied to a person, so it has no payslip."))
    lines = list(payslip_lines(person, month))
    total = sum(int(ln.amount_cents) for ln in lines)
    data = {
        "person": person.pk,
        "name": person.name,
        "staff_no": person.staff_no,
        "month": month,
        "total_cents": total,
        "total_yuan": plain_yuan(total),
        "lines": lines,
    }
    return Response(PayslipSerializer(data, context={"request": request}).data)


class AllocationIn(serializers.Serializer):
    person = serializers.IntegerField()
    yuan = serializers.CharField(required=False, allow_blank=True)
    cents = serializers.IntegerField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class CheckIn(serializers.Serializer):
    distribution = serializers.IntegerField()
    allocations = AllocationIn(many=True)
    post_coefficients = serializers.DictField(
        child=serializers.CharField(), required=False, default=dict
    )


class PersonOut(serializers.Serializer):
    person = serializers.IntegerField()
    formula_cents = serializers.IntegerField()
    discretionary_cents = serializers.IntegerField()
    training_cents = serializers.IntegerField()
    pool_pay_cents = serializers.IntegerField()
    allowances_cents = serializers.IntegerField()
    cap_cents = serializers.IntegerField()
    floor_cents = serializers.IntegerField()
    rules = serializers.ListField(child=serializers.CharField())


class ViolationOut(serializers.Serializer):
    rule = serializers.CharField()
    person = serializers.IntegerField(allow_null=True)
    message = serializers.CharField()


class CheckOut(serializers.Serializer):
    ok = serializers.BooleanField()
    pool_cents = serializers.IntegerField()
    discretionary_part_cents = serializers.IntegerField(allow_null=True)
    discretionary_given_cents = serializers.IntegerField()
    team_average_cents = serializers.IntegerField(allow_null=True)
    people = PersonOut(many=True)
    violations = ViolationOut(many=True)
    messages = serializers.ListField(child=serializers.CharField())


@extend_schema(
    request=CheckIn,
    responses={
        200: CheckOut,
        404: OpenApiResponse(ErrorSerializer, "no such distribution in scope"),
    },
)
@api_view(["POST"])
def check(request):
    """What-if: run the core's rule checks on a proposed split; writes nothing.

    The director's editor calls this on every change and shows each person's
    pay move, with the cap, floor, total and reason checks.
    """
    data = CheckIn(data=request.data)
    data.is_valid(raise_exception=True)
    dist = get_object_or_404(
        Distribution.objects.visible_to(request.user), pk=data.validated_data["distribution"]
    )
    allocations, problems = {}, []
    for a in data.validated_data["allocations"]:
        try:
            cents = a["cents"] if "cents" in a else to_cents(a.get("yuan") or "0")
        except MoneyError:
            problems.append(f"person {a['person']}: {a.get('yuan')!r} is not an amount in yuan")
            continue
        allocations[a["person"]] = (cents, a.get("reason", ""))
    try:
        ev = evaluate(dist.unit, dist.month, allocations, data.validated_data["post_coefficients"])
    except PayRefused as exc:
        raise ValidationError({"messages": exc.messages}) from exc
    except (ValueError, TypeError) as exc:
        raise ValidationError({"post_coefficients": str(exc)}) from exc
    flagged: dict[int, list[str]] = {}
    for v in ev.violations:
        if v.person_id is not None:
            flagged.setdefault(v.person_id, []).append(v.rule)
    people = []
    if ev.draft is not None:
        for p in ev.draft.people:
            people.append(
                {
                    "person": p.person_id,
                    "formula_cents": p.formula_cents,
                    "discretionary_cents": p.discretionary_cents,
                    "training_cents": p.training_deduction_cents + p.training_redistribution_cents,
                    "pool_pay_cents": p.pool_pay_cents,
                    "allowances_cents": sum(p.allowances.values()),
                    "cap_cents": p.cap_cents,
                    "floor_cents": p.floor_cents,
                    "rules": flagged.get(p.person_id, []),
                }
            )
    average = core.average_pool_pay(p["pool_pay_cents"] for p in people)
    out = {
        "ok": ev.ok and not problems,
        "pool_cents": ev.ti.pool.pool_cents,
        "discretionary_part_cents": ev.draft.discretionary_part_cents if ev.draft else None,
        "discretionary_given_cents": sum(c for c, _r in allocations.values()),
        "team_average_cents": math.floor(average) if average is not None else None,
        "people": people,
        "violations": [
            {"rule": v.rule, "person": v.person_id, "message": m}
            for v, m in zip(ev.violations, ev.messages[len(ev.ti.problems) :], strict=True)
        ],
        "messages": problems + ev.messages,
    }
    return Response(CheckOut(out).data)
