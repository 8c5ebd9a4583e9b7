from __future__ import annotations

from rest_framework import serializers

from wangge.jobs.models import Job


class JobSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True)
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "title",
            "status",
            "stage",
            "done",
            "total",
            "percent",
            "has_file",
            "message",
            "created_at",
            "updated_at",
        ]

    def get_has_file(self, job) -> bool:
        return bool(job.result and job.result.get("file"))
