from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets

from wangge.customers.api.serializers import CustomerSerializer, SubscriptionSerializer
from wangge.customers.models import Customer, Subscription
from wangge.web.params import as_of_param, query_int, query_text
from wangge.web.schema import AS_OF


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
