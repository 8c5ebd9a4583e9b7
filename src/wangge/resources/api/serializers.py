"""Resource API serializers: money as integer cents, codes as the core's."""

from __future__ import annotations

from rest_framework import serializers

from wangge.resources.models import DeliveryOrder, Plan, PlanEdit, PlanLine


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
