"""Visits (check-in, check-out) and door-to-door surveys."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from wangge.customers.models import Customer
from wangge.org.models import Unit
from wangge.territory.models import Place
from wangge.work.api.serializers.keys import ScopedKey
from wangge.work.choices import (
    BuyingRole,
    DuplicateChoice,
    OpportunityKind,
    Provider,
)
from wangge.work.models import Survey, Visit


class VisitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Visit
        fields = [
            "id",
            "person",
            "unit",
            "customer",
            "place",
            "checked_in_at",
            "in_lat",
            "in_lon",
            "in_distance_m",
            "in_outside",
            "checked_out_at",
            "out_lat",
            "out_lon",
            "out_distance_m",
            "out_outside",
            "note",
        ]
        read_only_fields = fields


class VisitCheckInSerializer(serializers.Serializer):
    customer = ScopedKey(Customer, required=False, allow_null=True)
    place = ScopedKey(Place, required=False, allow_null=True)
    lat = serializers.FloatField(required=False, allow_null=True)
    lon = serializers.FloatField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class VisitCheckOutSerializer(serializers.Serializer):
    lat = serializers.FloatField(required=False, allow_null=True)
    lon = serializers.FloatField(required=False, allow_null=True)


class SurveySerializer(serializers.ModelSerializer):
    photo_url = serializers.SerializerMethodField()
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    surveyor_name = serializers.CharField(source="surveyor.name", read_only=True)

    class Meta:
        model = Survey
        fields = [
            "id",
            "surveyor",
            "surveyor_name",
            "unit",
            "unit_name",
            "place",
            "customer",
            "customer_action",
            "opportunity",
            "met_name",
            "met_role",
            "mobile_provider",
            "broadband_provider",
            "fixed_provider",
            "dataline_provider",
            "contract_end",
            "needs",
            "lat",
            "lon",
            "photo_url",
            "created_at",
        ]
        read_only_fields = fields

    def get_photo_url(self, obj) -> str | None:
        """The photo's page (served to those who see the survey), None without one."""
        return reverse("work:survey-photo", args=[obj.pk]) if obj.photo else None


class SurveyCustomerSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=[("business", "business"), ("individual", "individual")])
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    id_number = serializers.CharField(
        max_length=30, required=False, allow_blank=True, default="", help_text=_("credit code")
    )
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class SurveyOpportunitySerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=OpportunityKind.choices)
    value_cents = serializers.IntegerField(min_value=0, max_value=10**17, default=0)
    expected_close = serializers.DateField(required=False, allow_null=True)


def _provider():
    return serializers.ChoiceField(
        choices=Provider.choices, required=False, allow_blank=True, default=""
    )


class SurveyCreateSerializer(serializers.Serializer):
    lat = serializers.FloatField(required=False, allow_null=True)
    lon = serializers.FloatField(required=False, allow_null=True)
    unit = ScopedKey(Unit, required=False, allow_null=True)
    place = ScopedKey(Place, required=False, allow_null=True)
    customer = ScopedKey(Customer, required=False, allow_null=True)
    met_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    met_role = serializers.ChoiceField(
        choices=BuyingRole.choices, required=False, allow_blank=True, default=""
    )
    mobile = _provider()
    broadband = _provider()
    fixed = _provider()
    dataline = _provider()
    contract_end = serializers.DateField(required=False, allow_null=True)
    needs = serializers.CharField(required=False, allow_blank=True, default="")
    photo = serializers.FileField(
        required=False, allow_null=True, default=None, help_text=_("JPEG or PNG, at most 5 MB")
    )
    customer_data = SurveyCustomerSerializer(required=False, allow_null=True)
    opportunity = SurveyOpportunitySerializer(required=False, allow_null=True)
    duplicate = serializers.ChoiceField(
        choices=DuplicateChoice.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("after a 409: update the customer given, or create anyway"),
    )

    def validate(self, attrs):
        if not attrs.get("unit") and not attrs.get("place") and not attrs.get("customer"):
            raise serializers.ValidationError(
                {"place": [_("Choose the grid, the place or the customer surveyed.")]}
            )
        return attrs

    def service_arguments(self) -> dict:
        d = dict(self.validated_data)
        d["services"] = {
            line: d.pop(line, "") for line in ("mobile", "broadband", "fixed", "dataline")
        }
        return d


class SurveyCandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    phone = serializers.CharField()
    id_number = serializers.CharField()
    address = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
