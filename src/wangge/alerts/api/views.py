"""Early-warning API: the alerts of the grids the caller sees (``visible_to``),
filtered by month, rule, level, grid and customer."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets
from rest_framework.permissions import BasePermission, IsAuthenticated

from wangge.alerts.api.serializers import AlertSerializer
from wangge.alerts.choices import Level, Rule
from wangge.alerts.models import Alert
from wangge.base.filtersets import id_filter
from wangge.base.params import CappedLimitOffsetPagination
from wangge.org.scope import may


class AlertFilter(django_filters.FilterSet):
    month = django_filters.DateFilter(help_text="the month's first day, YYYY-MM-01")
    rule = django_filters.ChoiceFilter(choices=Rule.choices)
    level = django_filters.ChoiceFilter(choices=Level.choices)
    unit = id_filter("unit_id", _("grid"))
    customer = id_filter("customer_id", _("customer"))

    class Meta:
        model = Alert
        fields = ["month", "rule", "level", "unit", "customer"]


class MayViewAlerts(BasePermission):
    def has_permission(self, request, view) -> bool:
        return may(request.user, "alerts.view")


class AlertViewSet(viewsets.ReadOnlyModelViewSet):
    """Alerts with their reasons, risk and work order; customers' names masked by role."""

    serializer_class = AlertSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = AlertFilter
    pagination_class = CappedLimitOffsetPagination
    permission_classes = [IsAuthenticated, MayViewAlerts]
    queryset = Alert.objects.none()

    def get_queryset(self):
        return (
            Alert.objects.visible_to(self.request.user)
            .select_related("customer")
            .order_by("-month", "unit_id", "customer_id", "pk")
        )
