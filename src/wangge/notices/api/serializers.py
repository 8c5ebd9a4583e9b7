from __future__ import annotations

from rest_framework import serializers

from wangge.notices.models import Notice
from wangge.notices.wording import sentence


class NoticeSerializer(serializers.ModelSerializer):
    text = serializers.SerializerMethodField()

    class Meta:
        model = Notice
        fields = ["id", "kind", "text", "params", "url", "created_at", "read_at"]

    def get_text(self, notice) -> str:
        return sentence(notice.kind, notice.params)
