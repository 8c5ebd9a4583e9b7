"""People API serializers: hours as decimals, levels and items as the core's codes; a
rating never carries who gave it."""

from __future__ import annotations

from rest_framework import serializers

from wangge.core.people.ratings import FULL_MARKS
from wangge.org.models import Level
from wangge.people.models import Assessment, Attendance, Audit, Finding, Rating, Session
from wangge.people.models import Response as SurveyResponse

HOURS = {"max_digits": 5, "decimal_places": 2, "min_value": 0, "max_value": 999}


class SessionSerializer(serializers.ModelSerializer):
    course_name = serializers.CharField(source="course.name", read_only=True)

    class Meta:
        model = Session
        fields = ["id", "course", "course_name", "unit", "day", "hours", "place"]


class AttendanceSerializer(serializers.ModelSerializer):
    day = serializers.DateField(source="session.day", read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "session", "person", "day", "hours", "recorded_at"]


class AttendLine(serializers.Serializer):
    person = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    hours = serializers.DecimalField(**HOURS)


class AttendSerializer(serializers.Serializer):
    lines = AttendLine(many=True, allow_empty=False)


class HoursSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person.pk")
    staff_no = serializers.CharField(source="person.staff_no")
    name = serializers.CharField(source="person.name")
    done = serializers.DecimalField(max_digits=9, decimal_places=2, coerce_to_string=False)
    expected = serializers.DecimalField(max_digits=9, decimal_places=2, coerce_to_string=False)
    missing = serializers.DecimalField(max_digits=9, decimal_places=2, coerce_to_string=False)
    short = serializers.BooleanField()


class GapSerializer(serializers.Serializer):
    skill = serializers.CharField()
    required = serializers.CharField()
    actual = serializers.CharField(allow_null=True)
    steps = serializers.IntegerField()


class PersonGapsSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person.pk")
    name = serializers.CharField(source="person.name")
    post = serializers.CharField(source="person.post")
    gaps = GapSerializer(many=True)


class AssessmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assessment
        fields = ["id", "person", "skill", "level", "day", "assessor", "note"]
        read_only_fields = ["assessor"]


class AssessInput(serializers.Serializer):
    person = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    skill = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    level = serializers.ChoiceField(choices=Level.choices)
    day = serializers.DateField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class FindingSerializer(serializers.ModelSerializer):
    item_code = serializers.CharField(source="item.code", read_only=True)
    has_photo = serializers.SerializerMethodField()

    class Meta:
        model = Finding
        fields = ["item_code", "points", "finding", "has_photo"]

    def get_has_photo(self, obj) -> bool:
        return bool(obj.photo)


class AuditSerializer(serializers.ModelSerializer):
    findings = FindingSerializer(many=True, read_only=True)

    class Meta:
        model = Audit
        fields = ["id", "grid", "month", "sections", "total", "passed", "note", "created_at",
                  "findings"]  # fmt: skip


class AuditLine(serializers.Serializer):
    item = serializers.CharField(max_length=32)
    points = serializers.DecimalField(max_digits=6, decimal_places=2)
    finding = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class AuditInput(serializers.Serializer):
    grid = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    month = serializers.RegexField(r"^\d{4}-\d{2}$", help_text="YYYY-MM")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    scores = AuditLine(many=True, allow_empty=False)


class RatingSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Rating
        fields = ["id", "unit", "unit_name", "month", "responsiveness", "problem_solving",
                  "attitude", "comment"]  # fmt: skip


def _score():
    return serializers.IntegerField(min_value=0, max_value=FULL_MARKS)


class RateInput(serializers.Serializer):
    unit = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    month = serializers.RegexField(r"^\d{4}-\d{2}$", help_text="YYYY-MM")
    responsiveness = _score()
    problem_solving = _score()
    attitude = _score()
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ResultSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    raters = serializers.IntegerField()
    responsiveness = serializers.FloatField()
    problem_solving = serializers.FloatField()
    attitude = serializers.FloatField()
    overall = serializers.FloatField()


class FeedInput(serializers.Serializer):
    month = serializers.RegexField(r"^\d{4}-\d{2}$", help_text="YYYY-MM")


class FedSerializer(serializers.Serializer):
    audits = serializers.IntegerField()
    units_rated = serializers.IntegerField()
    people_rated = serializers.IntegerField()
    grids_surveyed = serializers.IntegerField()
    people_surveyed = serializers.IntegerField()


class ResponseSerializer(serializers.ModelSerializer):
    grid_name = serializers.CharField(source="grid.name", read_only=True)
    customer_code = serializers.CharField(source="customer.code", read_only=True, default=None)
    survey_code = serializers.CharField(source="survey.code", read_only=True)

    class Meta:
        model = SurveyResponse
        fields = ["id", "survey_code", "grid", "grid_name", "month", "customer_code", "answers",
                  "score", "source", "recorded_at"]  # fmt: skip


class ResponseInput(serializers.Serializer):
    survey = serializers.CharField(max_length=32, help_text="the survey's code")
    grid = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    month = serializers.RegexField(r"^\d{4}-\d{2}$", help_text="YYYY-MM")
    customer = serializers.CharField(max_length=32, required=False, allow_blank=True, default="",
                                     help_text="the customer's code (optional)")  # fmt: skip
    answers = serializers.DictField(child=serializers.IntegerField(), allow_empty=False)


class SatisfactionSerializer(serializers.Serializer):
    grid = serializers.IntegerField(source="grid.pk")
    grid_name = serializers.CharField(source="grid.name")
    responses = serializers.IntegerField()
    score = serializers.FloatField()
    band = serializers.CharField()
