from __future__ import annotations

from rest_framework import serializers

from wangge.base.masking import MaskedField
from wangge.org.models import Assignment, Person, Unit


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.SerializerMethodField()

    class Meta:
        model = Unit
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "grid_class",
            "grid_type",
            "urban",
            "lon",
            "lat",
            "households",
            "population",
            "enterprises",
            "parent",
        ]

    def get_parent(self, unit) -> int | None:
        return self.context["tree"].get(unit.id)


class PersonSerializer(serializers.ModelSerializer):
    phone = MaskedField("phone")
    id_number = MaskedField("id_number")

    class Meta:
        model = Person
        fields = [
            "id",
            "staff_no",
            "name",
            "post",
            "level",
            "role",
            "phone",
            "id_number",
            "hired_on",
        ]


class AssignmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assignment
        fields = ["id", "person", "unit", "post", "valid_from", "valid_to"]
