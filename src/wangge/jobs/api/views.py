from __future__ import annotations

from rest_framework import viewsets

from wangge.jobs.api.serializers import JobSerializer
from wangge.jobs.models import Job


class JobViewSet(viewsets.ReadOnlyModelViewSet):
    """A caller follows the jobs they started (superusers see all)."""

    serializer_class = JobSerializer
    queryset = Job.objects.none()  # for the schema; get_queryset decides

    def get_queryset(self):
        return Job.objects.visible_to(self.request.user)
