"""Pay API: pools and distributions (scoped), my payslip, the what-if check.

Amounts are int cents (``*_cents``) with a yuan string beside them for display.
"""

from __future__ import annotations

from rest_framework import serializers

from wangge.core.formatting import plain_yuan
from wangge.pay.models import Distribution, PayLine, PayPool


class PayPoolSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    pool_yuan = serializers.SerializerMethodField()

    class Meta:
        model = PayPool
        fields = [
            "id",
            "month",
            "unit",
            "unit_name",
            "appraisal_run",
            "base_cents",
            "tier",
            "tier_coefficient",
            "score",
            "revenue_above_budget_cents",
            "computed_cents",
            "pool_cents",
            "pool_yuan",
            "scaled_down",
            "heads",
            "derivation",
        ]

    def get_pool_yuan(self, obj) -> str:
        return plain_yuan(obj.pool_cents)


class PayLineSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    staff_no = serializers.CharField(source="person.staff_no", read_only=True)
    unit = serializers.IntegerField(source="distribution.unit_id", read_only=True)
    unit_name = serializers.CharField(source="distribution.unit.name", read_only=True)
    amount_yuan = serializers.SerializerMethodField()

    class Meta:
        model = PayLine
        fields = [
            "id",
            "distribution",
            "person",
            "person_name",
            "staff_no",
            "unit",
            "unit_name",
            "component",
            "item",
            "amount_cents",
            "amount_yuan",
            "reason",
            "derivation",
            "subscription",
        ]

    def get_amount_yuan(self, obj) -> str:
        return plain_yuan(obj.amount_cents)


class DistributionSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Distribution
        fields = [
            "id",
            "month",
            "unit",
            "unit_name",
            "version",
            "status",
            "pool_cents",
            "formula_part_cents",
            "discretionary_part_cents",
            "returned_cents",
            "drafted_by",
            "drafted_at",
            "submitted_at",
            "approved_by",
            "approved_at",
            "comment",
        ]


class DistributionDetailSerializer(DistributionSerializer):
    lines = PayLineSerializer(many=True, read_only=True)

    class Meta(DistributionSerializer.Meta):
        fields = [*DistributionSerializer.Meta.fields, "lines"]


class PayslipSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    name = serializers.CharField()
    staff_no = serializers.CharField()
    month = serializers.DateField()
    total_cents = serializers.IntegerField()
    total_yuan = serializers.CharField()
    lines = PayLineSerializer(many=True)
