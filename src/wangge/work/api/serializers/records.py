"""Grid records: network resources, completeness figures, the grid plan."""

from __future__ import annotations

from rest_framework import serializers

from wangge.work.models import GridPlan, NetworkResource, PlanAction


class NetworkResourceSerializer(serializers.ModelSerializer):
    place_code = serializers.CharField(source="place.code", read_only=True)
    ports_free = serializers.IntegerField(read_only=True)

    class Meta:
        model = NetworkResource
        fields = [
            "id",
            "place",
            "place_code",
            "kind",
            "code",
            "name",
            "ports_total",
            "ports_used",
            "ports_free",
            "imported_at",
        ]
        read_only_fields = fields


class GridRecordsSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit.pk")
    unit_name = serializers.CharField(source="unit.name")
    customers = serializers.IntegerField(source="records.customers")
    average = serializers.FloatField(source="records.average", allow_null=True)
    complete = serializers.IntegerField(source="records.complete")
    stale = serializers.IntegerField(source="records.stale")


class PlanActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanAction
        fields = ["id", "text", "owner", "due", "done"]
        read_only_fields = fields


class GridPlanSerializer(serializers.ModelSerializer):
    actions = PlanActionSerializer(many=True, read_only=True)

    class Meta:
        model = GridPlan
        fields = ["id", "unit", "quarter", "priorities", "updated_at", "actions"]
        read_only_fields = fields
