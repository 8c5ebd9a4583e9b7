from __future__ import annotations

from rest_framework import serializers

from wangge.intake.errors import problem_text
from wangge.intake.models import ImportRun
from wangge.intake.services import problem_from_json


class ImportRunSerializer(serializers.ModelSerializer):
    started_by = serializers.SerializerMethodField()

    class Meta:
        model = ImportRun
        fields = [
            "id",
            "kind",
            "file_name",
            "sha256",
            "month",
            "status",
            "rows_read",
            "added",
            "changed",
            "unchanged",
            "rejected",
            "started_by",
            "started_at",
            "finished_at",
            "rolled_back_at",
        ]

    def get_started_by(self, run) -> str | None:
        return run.started_by.get_username() if run.started_by else None


class ImportRunDetailSerializer(ImportRunSerializer):
    problems = serializers.SerializerMethodField()

    class Meta(ImportRunSerializer.Meta):
        fields = [*ImportRunSerializer.Meta.fields, "problems"]

    def get_problems(self, run) -> list[dict]:
        """Each problem with file, row, column, value and its wording."""
        out = []
        for data in run.problems:
            p = problem_from_json(data)
            out.append({**data, "text": problem_text(p)})
        return out


class UploadSerializer(serializers.Serializer):
    """What ``POST /api/intake/uploads/`` takes (multipart), as the upload page."""

    kind = serializers.CharField(help_text="unit, person, place, channel, customer, ...")
    file = serializers.FileField()
    profile = serializers.IntegerField(required=False, help_text="a mapping profile's id")
    month = serializers.CharField(required=False, help_text="YYYY-MM (monthly kinds)")
    sheet = serializers.CharField(required=False, help_text="XLSX sheet name")
    dry_run = serializers.BooleanField(required=False, default=False)


class UploadStateSerializer(serializers.Serializer):
    """An upload's job: its progress and, when done, the outcome (mapping proposed, ten
    parsed rows, problems with file, row and column, the run it recorded)."""

    job = serializers.IntegerField()
    status = serializers.CharField()
    percent = serializers.IntegerField()
    message = serializers.CharField()
    result = serializers.DictField()
