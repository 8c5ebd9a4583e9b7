from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from wangge.notices.api.serializers import NoticeSerializer
from wangge.notices.models import Notice


class NoticeViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's own notices, newest first; ``read`` marks one read."""

    serializer_class = NoticeSerializer
    queryset = Notice.objects.none()  # for the schema; get_queryset decides

    def get_queryset(self):
        return Notice.objects.visible_to(self.request.user)

    @extend_schema(request=None, responses=NoticeSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notice = self.get_object()
        if notice.read_at is None:
            notice.read_at = timezone.now()
            notice.save(update_fields=["read_at"])
        return Response(self.get_serializer(notice).data)
