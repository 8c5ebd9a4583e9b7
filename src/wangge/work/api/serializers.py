"""Serializers of the work API. Foreign keys a client posts are looked up among the
rows the caller sees (``ScopedKey``): an id outside the scope is "does not exist"."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wangge.base.masking import MaskedField
from wangge.core.formatting import plain_yuan
from wangge.customers.models import Customer, Ownership
from wangge.org.models import Person, Unit
from wangge.territory.models import Place
from wangge.work.choices import (
    CLOSING_OUTCOMES,
    RECORDED_OUTCOMES,
    BuyingRole,
    DuplicateChoice,
    OpportunityKind,
    Provider,
    Stage,
    WorkOrderKind,
    WorkOrderStatus,
)
from wangge.work.models import (
    Campaign,
    CampaignName,
    GridPlan,
    NetworkResource,
    Opportunity,
    Owner,
    PlanAction,
    StageMove,
    Survey,
    Visit,
    WorkOrder,
)


@extend_schema_field(OpenApiTypes.INT)
class ScopedKey(serializers.PrimaryKeyRelatedField):
    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return self.model.objects.none()
        qs = self.model.objects.visible_to(request.user)
        return qs.grids() if self.model is Unit else qs


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
            "created_at",
        ]
        read_only_fields = fields


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
