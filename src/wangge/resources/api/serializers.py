"""Resource API serializers: money as integer cents, codes as the core's."""

from __future__ import annotations

from rest_framework import serializers

from wangge.resources.choices import ResourceKind
from wangge.resources.models import DeliveryOrder, Plan, PlanEdit, PlanLine, Request


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = ["id", "month", "status", "objective_cents", "created_at", "accepted_at"]


class PlanEditSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanEdit
        fields = ["before_cents", "after_cents", "reason", "edited_at"]


class PlanLineSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    edits = PlanEditSerializer(many=True, read_only=True)

    class Meta:
        model = PlanLine
        fields = ["id", "plan", "unit", "unit_name", "kind", "purpose", "last_cents",
                  "proposed_cents", "cents", "expected_cents", "edits"]  # fmt: skip


class LineEditSerializer(serializers.Serializer):
    cents = serializers.IntegerField(min_value=0, max_value=10**15)
    reason = serializers.CharField(max_length=500)


class DeliverySerializer(serializers.ModelSerializer):
    item = serializers.CharField(source="stock.item", read_only=True)

    class Meta:
        model = DeliveryOrder
        fields = ["id", "source", "grid", "request", "item", "quantity", "value_cents", "status",
                  "sent_at", "received_at"]  # fmt: skip


class EvaluationSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    month = serializers.DateField()
    planned_cents = serializers.IntegerField()
    spent_cents = serializers.IntegerField()
    output_cents = serializers.IntegerField()
    expected_cents = serializers.IntegerField()
    ratio = serializers.FloatField(allow_null=True)
    flagged = serializers.BooleanField()


class RequestSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Request
        fields = ["id", "unit", "unit_name", "month", "kind", "amount_cents", "min_cents",
                  "reason", "created_at"]  # fmt: skip


class RequestInput(serializers.Serializer):
    unit = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    month = serializers.RegexField(r"^\d{4}-\d{2}$", help_text="YYYY-MM")
    kind = serializers.ChoiceField(choices=ResourceKind.choices)
    amount_cents = serializers.IntegerField(min_value=1, max_value=10**15)
    min_cents = serializers.IntegerField(min_value=0, max_value=10**15, default=0)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class RequestGapSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit.pk")
    unit_name = serializers.CharField(source="unit.name")
    kind = serializers.CharField(source="gap.kind")
    asked_cents = serializers.IntegerField(source="gap.asked_cents")
    min_cents = serializers.IntegerField(source="gap.min_cents")
    allocated_cents = serializers.IntegerField(source="gap.allocated_cents")
    gap_cents = serializers.IntegerField(source="gap.gap_cents")
    below_minimum = serializers.BooleanField(source="gap.below_minimum")
    delivered_cents = serializers.IntegerField(source="gap.delivered_cents", allow_null=True)
