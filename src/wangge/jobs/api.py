from rest_framework import serializers, viewsets

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


class JobViewSet(viewsets.ReadOnlyModelViewSet):
    """A caller follows the jobs they started (superusers see all)."""

    serializer_class = JobSerializer
    queryset = Job.objects.none()  # for the schema; get_queryset decides

    def get_queryset(self):
        user = self.request.user
        return Job.objects.all() if user.is_superuser else Job.objects.filter(started_by=user)
