"""Ownership and the grid's pool; name-list campaigns, their names and figures."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from wangge.base.masking import MaskedField
from wangge.core.months import parse_month
from wangge.customers.models import Customer, Ownership
from wangge.org.models import Person, Unit
from wangge.territory.models import Place
from wangge.work.api.serializers.keys import ScopedKey
from wangge.work.choices import RECORDED_OUTCOMES
from wangge.work.models import (
    Campaign,
    CampaignName,
    Opportunity,
    Owner,
)


class OwnerSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True, default=None)

    class Meta:
        model = Owner
        fields = [
            "id",
            "unit",
            "unit_name",
            "customer",
            "place",
            "person",
            "person_name",
            "since",
            "reason",
        ]
        read_only_fields = fields


class PooledCustomerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = MaskedField("name")
    ownership = serializers.CharField()
    grid = serializers.IntegerField(source="grid_id")


class PooledPlaceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    grid = serializers.IntegerField(source="grid_id")


class PoolSerializer(serializers.Serializer):
    days = serializers.IntegerField()
    customers = PooledCustomerSerializer(many=True)
    places = PooledPlaceSerializer(many=True)


class GiveSerializer(serializers.Serializer):
    unit = ScopedKey(Unit)
    person = ScopedKey(Person)
    customers = ScopedKey(Customer, many=True, required=False, default=list)
    places = ScopedKey(Place, many=True, required=False, default=list)


class GivenSerializer(serializers.Serializer):
    customers = serializers.IntegerField()
    places = serializers.IntegerField()


class ReleaseSerializer(serializers.Serializer):
    customer = ScopedKey(Customer, required=False, allow_null=True)
    place = ScopedKey(Place, required=False, allow_null=True)

    def validate(self, data):
        if bool(data.get("customer")) == bool(data.get("place")):
            raise serializers.ValidationError({"customer": [_("Name one customer or one place.")]})
        return data


class CampaignSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "name",
            "description",
            "unit",
            "unit_name",
            "source",
            "criteria",
            "due",
            "created_at",
            "split_at",
        ]
        read_only_fields = fields


class CampaignCreateSerializer(serializers.Serializer):
    """A list from the customer filter (``q``, ``ownership``, ``tag``, as ``/api/customers/``)."""

    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    due = serializers.DateField(required=False, allow_null=True, default=None)
    q = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    ownership = serializers.ChoiceField(
        choices=[("", ""), *Ownership.choices], required=False, default=""
    )
    tag = serializers.CharField(required=False, allow_blank=True, default="", max_length=64)


class CampaignUploadSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    due = serializers.DateField(required=False, allow_null=True, default=None)
    file = serializers.FileField()


class RankedCampaignSerializer(serializers.Serializer):
    """A list from the churn-alert ranking: the month's risk list of the caller's scope."""

    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    due = serializers.DateField(required=False, allow_null=True, default=None)
    month = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=_("YYYY-MM; empty: the latest")
    )
    level = serializers.CharField(required=False, allow_blank=True, default="", max_length=16)
    top = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=50_000
    )

    def validate_month(self, value):
        if not value:
            return None
        try:
            return parse_month(value)
        except ValueError:
            raise serializers.ValidationError(
                _("Write the month as YYYY-MM, not %(value)r.") % {"value": value}
            ) from None


class SplitDoneSerializer(serializers.Serializer):
    assigned = serializers.IntegerField()
    unplaced = serializers.IntegerField()


class ProgressSerializer(serializers.Serializer):
    names = serializers.IntegerField()
    executed = serializers.IntegerField()
    converted = serializers.IntegerField()
    execution_rate = serializers.FloatField(allow_null=True)
    conversion_rate = serializers.FloatField(allow_null=True)


class ProgressRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    progress = ProgressSerializer()


class CampaignFiguresSerializer(serializers.Serializer):
    total = ProgressSerializer()
    grids = ProgressRowSerializer(many=True)
    people = ProgressRowSerializer(many=True)
    outcomes = serializers.DictField(child=serializers.IntegerField())


class CampaignNameSerializer(serializers.ModelSerializer):
    customer_code = serializers.CharField(source="customer.code", read_only=True)
    customer_name = MaskedField("name", source="customer.name", read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True, default=None)

    class Meta:
        model = CampaignName
        fields = [
            "id",
            "campaign",
            "customer",
            "customer_code",
            "customer_name",
            "unit",
            "person",
            "person_name",
            "outcome",
            "order_ref",
            "opportunity",
            "note",
            "updated_at",
        ]
        read_only_fields = fields


class NameOutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=RECORDED_OUTCOMES)
    order_ref = serializers.CharField(required=False, allow_blank=True, default="", max_length=64)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
    opportunity = ScopedKey(Opportunity, required=False, allow_null=True, default=None)
