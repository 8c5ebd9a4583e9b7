from __future__ import annotations

from rest_framework import serializers

from wangge.base.masking import MaskedField
from wangge.customers.models import Customer, Subscription


class SubscriptionSerializer(serializers.ModelSerializer):
    number = MaskedField("phone")

    class Meta:
        model = Subscription
        fields = [
            "id",
            "customer",
            "product_line",
            "product",
            "number",
            "monthly_fee_cents",
            "start_date",
            "end_date",
            "contract_end",
            "status",
            "channel",
            "sold_by",
        ]


class CustomerSerializer(serializers.ModelSerializer):
    name = MaskedField("name")
    phone = MaskedField("phone")
    id_number = MaskedField("id_number")

    class Meta:
        model = Customer
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "ownership",
            "place",
            "phone",
            "id_number",
            "industry",
            "address",
        ]
