"""The customer list's filter: one definition for the page, its Excel file and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wangge.base.filtersets import CodeFilter, TextFilter
from wangge.base.params import without_control_characters
from wangge.customers.models import Customer, CustomerTag, Ownership


class CustomerFilterSet(django_filters.FilterSet):
    q = TextFilter(
        method="search",
        label=_("name or code"),
        help_text=_("part of the customer's name, or their exact code"),
    )
    ownership = django_filters.ChoiceFilter(choices=Ownership.choices, label=_("ownership"))
    tag = CodeFilter(
        method="tagged", label=_("tag"), help_text=_("a customer tag's code (see the tags page)")
    )

    class Meta:
        model = Customer
        fields = ["q", "ownership", "tag"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__iexact=value))

    def tagged(self, queryset, name, value):
        return queryset.filter(
            pk__in=CustomerTag.objects.filter(tag__code=without_control_characters(value)).values(
                "customer"
            )
        )
