"""The customer list's filter: one definition for the page, its Excel file and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wangge.base.filtersets import TextFilter
from wangge.customers.models import Customer, Ownership


class CustomerFilterSet(django_filters.FilterSet):
    q = TextFilter(
        method="search",
        label=_("name or code"),
        help_text=_("part of the customer's name, or their exact code"),
    )
    ownership = django_filters.ChoiceFilter(choices=Ownership.choices, label=_("ownership"))

    class Meta:
        model = Customer
        fields = ["q", "ownership"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__iexact=value))
