"""The pay lists' filters, one definition for the pages and the API: pools by month,
distributions by month and status."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from wangge.base.filtersets import MonthFilter
from wangge.pay.models import Distribution, DistributionStatus, PayPool


class PayPoolFilterSet(django_filters.FilterSet):
    month = MonthFilter(label=_("month"))

    class Meta:
        model = PayPool
        fields = ["month"]


class DistributionFilterSet(django_filters.FilterSet):
    month = MonthFilter(label=_("month"))
    status = django_filters.ChoiceFilter(choices=DistributionStatus.choices, label=_("status"))

    class Meta:
        model = Distribution
        fields = ["month", "status"]
