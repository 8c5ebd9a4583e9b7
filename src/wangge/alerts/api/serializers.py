from __future__ import annotations

from rest_framework import serializers

from wangge.alerts.models import Alert
from wangge.alerts.wording import reason_text
from wangge.base.masking import MaskedField


class AlertSerializer(serializers.ModelSerializer):
    customer_code = serializers.CharField(source="customer.code", read_only=True)
    customer_name = MaskedField("name", source="customer.name")
    reason_texts = serializers.SerializerMethodField(help_text="the reasons in words")

    class Meta:
        model = Alert
        fields = [
            "id",
            "month",
            "customer",
            "customer_code",
            "customer_name",
            "unit",
            "rule",
            "level",
            "subscription_id",
            "figure",
            "baseline",
            "on_date",
            "risk",
            "reasons",
            "reason_texts",
            "action",
            "holdout",
            "work_order",
            "outcome",
            "outcome_at",
        ]
        read_only_fields = fields

    def get_reason_texts(self, obj) -> list[str]:
        return [reason_text(r) for r in obj.reasons]
