from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets

from wangge.base.params import as_of_param, query_int
from wangge.base.schema import AS_OF
from wangge.customers.api.serializers import CustomerSerializer, SubscriptionSerializer
from wangge.customers.filtersets import CustomerFilterSet
from wangge.customers.models import Customer, Subscription


@extend_schema_view(
    list=extend_schema(parameters=[AS_OF]), retrieve=extend_schema(parameters=[AS_OF])
)
class CustomerViewSet(viewsets.ReadOnlyModelViewSet):
    """Customers of the grids the caller may see, filtered as the customer list filters
    them (``q``, ``ownership``); personal numbers masked by role."""

    serializer_class = CustomerSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = CustomerFilterSet

    def get_queryset(self):
        return Customer.objects.visible_to(self.request.user, as_of_param(self.request))


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
