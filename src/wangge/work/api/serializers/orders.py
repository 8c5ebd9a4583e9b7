"""Work orders: read, create, move."""

from __future__ import annotations

from rest_framework import serializers

from wangge.customers.models import Customer
from wangge.org.models import Person, Unit
from wangge.territory.models import Place
from wangge.work.api.serializers.keys import ScopedKey
from wangge.work.choices import WorkOrderKind, WorkOrderStatus
from wangge.work.models import WorkOrder


class WorkOrderSerializer(serializers.ModelSerializer):
    overdue = serializers.BooleanField(read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    assignee_name = serializers.CharField(source="assignee.name", read_only=True)

    class Meta:
        model = WorkOrder
        fields = [
            "id",
            "kind",
            "title",
            "description",
            "unit",
            "unit_name",
            "customer",
            "place",
            "assignee",
            "assignee_name",
            "status",
            "due_at",
            "overdue",
            "deadline_at",
            "return_reason",
            "created_at",
            "accepted_at",
            "started_at",
            "closed_at",
            "escalated_to",
            "escalated_at",
        ]
        read_only_fields = fields


class WorkOrderCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=WorkOrderKind.choices)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    unit = ScopedKey(Unit)
    assignee = ScopedKey(Person)
    customer = ScopedKey(Customer, required=False, allow_null=True)
    place = ScopedKey(Place, required=False, allow_null=True)
    due_at = serializers.DateTimeField(required=False, allow_null=True)
    deadline_at = serializers.DateTimeField(required=False, allow_null=True)


class OrderMoveSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=WorkOrderStatus.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
