"""Opportunities, their stage moves and the pipeline figures."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from wangge.core.formatting import plain_yuan
from wangge.customers.models import Customer
from wangge.org.models import Person, Unit
from wangge.territory.models import Place
from wangge.work.api.serializers.keys import ScopedKey
from wangge.work.choices import CLOSING_OUTCOMES, OpportunityKind, Stage
from wangge.work.models import Opportunity, StageMove


class StageMoveSerializer(serializers.ModelSerializer):
    class Meta:
        model = StageMove
        fields = ["from_stage", "to_stage", "reason", "moved_by", "moved_at"]


class OpportunitySerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    value_yuan = serializers.SerializerMethodField()
    moves = StageMoveSerializer(many=True, read_only=True)

    class Meta:
        model = Opportunity
        fields = [
            "id",
            "name",
            "kind",
            "unit",
            "unit_name",
            "customer",
            "place",
            "owner",
            "owner_name",
            "team",
            "value_cents",
            "value_yuan",
            "expected_close",
            "stage",
            "outcome",
            "outcome_reason",
            "created_at",
            "moves",
        ]
        read_only_fields = fields

    def get_value_yuan(self, obj) -> str:
        return plain_yuan(obj.value_cents)


class OpportunityCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=OpportunityKind.choices)
    unit = ScopedKey(Unit)
    owner = ScopedKey(Person, required=False, allow_null=True)
    team = ScopedKey(Person, many=True, required=False)
    customer = ScopedKey(Customer, required=False, allow_null=True)
    place = ScopedKey(Place, required=False, allow_null=True)
    value_cents = serializers.IntegerField(min_value=0, max_value=10**17, default=0)
    expected_close = serializers.DateField(required=False, allow_null=True)
    stage = serializers.ChoiceField(choices=Stage.choices, default=Stage.CULTIVATE)


class StageChangeSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class OutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=CLOSING_OUTCOMES)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class StageFiguresSerializer(serializers.Serializer):
    stage = serializers.CharField()
    count = serializers.IntegerField()
    value_cents = serializers.IntegerField()


class ConversionSerializer(serializers.Serializer):
    kind = serializers.CharField(allow_null=True, help_text=_("null: every kind"))
    stage = serializers.CharField()
    reached = serializers.IntegerField()
    advanced = serializers.IntegerField()
    rate = serializers.SerializerMethodField()

    def get_rate(self, obj) -> float | None:
        return None if obj.rate is None else float(obj.rate)


class PipelineSerializer(serializers.Serializer):
    stages = StageFiguresSerializer(many=True)
    conversion = ConversionSerializer(many=True)
