"""Competitions with their leaderboard, meeting notes with their actions, work logs."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from wangge.org.models import Person, Unit
from wangge.work.api.serializers.keys import ScopedKey
from wangge.work.choices import CompetitionKind, Indicator, MeetingKind, Participants
from wangge.work.models import Competition, MeetingAction, MeetingNote, WorkLog


class CompetitionSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Competition
        fields = [
            "id",
            "name",
            "unit",
            "unit_name",
            "kind",
            "indicator",
            "participants",
            "start",
            "end",
            "prizes_cents",
            "description",
            "created_at",
        ]
        read_only_fields = fields


class AnyUnitKey(ScopedKey):
    """A unit of any kind in the caller's scope (a center's contest, not only a grid's)."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Unit.objects.none()
        return Unit.objects.visible_to(request.user)


class CompetitionCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    unit = AnyUnitKey(Unit)
    kind = serializers.ChoiceField(choices=CompetitionKind.choices)
    indicator = serializers.ChoiceField(choices=Indicator.choices)
    participants = serializers.ChoiceField(choices=Participants.choices)
    start = serializers.DateField()
    end = serializers.DateField()
    prizes_cents = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=10**15),
        required=False,
        default=list,
        help_text=_("by place: first, second…"),
    )
    description = serializers.CharField(required=False, allow_blank=True, default="")


class StandingSerializer(serializers.Serializer):
    rank = serializers.SerializerMethodField()
    id = serializers.IntegerField(source="key")
    name = serializers.CharField()
    code = serializers.CharField()
    figure = serializers.IntegerField()
    prize_cents = serializers.IntegerField()

    def get_rank(self, obj) -> float:
        return float(obj.rank)


class MeetingActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeetingAction
        fields = ["id", "text", "owner", "due", "done"]
        read_only_fields = fields


class MeetingNoteSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    actions = MeetingActionSerializer(many=True, read_only=True)

    class Meta:
        model = MeetingNote
        fields = [
            "id",
            "unit",
            "unit_name",
            "kind",
            "held_on",
            "topic",
            "notes",
            "attendees",
            "actions",
            "created_at",
        ]
        read_only_fields = fields


class MeetingCreateSerializer(serializers.Serializer):
    unit = ScopedKey(Unit)
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    held_on = serializers.DateField()
    topic = serializers.CharField(max_length=200)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    attendees = ScopedKey(Person, many=True, required=False, default=list)
    actions = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=_("one a line")
    )


class WorkLogSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = WorkLog
        fields = ["id", "person", "person_name", "unit", "day", "done", "plan", "written_at"]
        read_only_fields = fields


class WorkLogWriteSerializer(serializers.Serializer):
    day = serializers.DateField()
    done = serializers.CharField()
    plan = serializers.CharField(required=False, allow_blank=True, default="")
