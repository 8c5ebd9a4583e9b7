from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from wangge.customers.models import Customer, Subscription
from wangge.org.api import as_of_param
from wangge.web.masking import MaskedField
from wangge.web.params import query_int, query_text
from wangge.web.schema import AS_OF


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


@extend_schema_view(
    list=extend_schema(
        parameters=[
            AS_OF,
            OpenApiParameter(
                "q",
                str,
                description="part of the customer's name (no control characters)",
                pattern=r"^[^\x00-\x1f]*$",
            ),
        ]
    ),
    retrieve=extend_schema(parameters=[AS_OF]),
)
class CustomerViewSet(viewsets.ReadOnlyModelViewSet):
    """Customers of the grids the caller may see; personal numbers masked by role."""

    serializer_class = CustomerSerializer

    def get_queryset(self):
        qs = Customer.objects.visible_to(self.request.user, as_of_param(self.request))
        q = query_text(self.request, "q")
        if q:
            qs = qs.filter(name__icontains=q)
        return qs


@extend_schema_view(
    list=extend_schema(
        parameters=[AS_OF, OpenApiParameter("customer", int, description="one customer's")]
    ),
    retrieve=extend_schema(parameters=[AS_OF]),
)
class SubscriptionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SubscriptionSerializer

    def get_queryset(self):
        qs = Subscription.objects.visible_to(self.request.user, as_of_param(self.request))
        customer = query_int(self.request, "customer")
        return qs if customer is None else qs.filter(customer_id=customer)
