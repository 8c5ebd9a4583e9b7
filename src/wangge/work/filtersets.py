"""List filters shared by the pages and the API (django-filter). Every choice of a
row (grid, person) is limited to the caller's scope, so a foreign id is a 400 naming
the filter, not an empty page that confirms the id exists."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wangge.core.work import orders as rules
from wangge.org.models import Person, Unit
from wangge.work.choices import OpportunityKind, Outcome, Stage, WorkOrderKind, WorkOrderStatus
from wangge.work.models import Opportunity, Visit, WorkOrder


def _units(request):
    if request is None:
        return Unit.objects.none()
    return Unit.objects.visible_to(request.user)


def _people(request):
    if request is None:
        return Person.objects.none()
    return Person.objects.visible_to(request.user)


class WorkOrderFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=WorkOrderStatus.choices, label=_("status"))
    kind = django_filters.ChoiceFilter(choices=WorkOrderKind.choices, label=_("kind"))
    unit = django_filters.ModelChoiceFilter(queryset=_units, label=_("grid"))
    assignee = django_filters.ModelChoiceFilter(queryset=_people, label=_("assignee"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("overdue"))

    class Meta:
        model = WorkOrder
        fields = ["status", "kind", "unit", "assignee", "overdue"]

    def filter_overdue(self, queryset, name, value):
        late = {"status__in": rules.OPEN, "due_at__lt": timezone.now()}
        return queryset.filter(**late) if value else queryset.exclude(**late)


class OpportunityFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label=_("stage"))
    kind = django_filters.ChoiceFilter(choices=OpportunityKind.choices, label=_("kind"))
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices, label=_("outcome"))
    unit = django_filters.ModelChoiceFilter(queryset=_units, label=_("grid"))
    owner = django_filters.ModelChoiceFilter(queryset=_people, label=_("owner"))

    class Meta:
        model = Opportunity
        fields = ["stage", "kind", "outcome", "unit", "owner"]


class VisitFilter(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(queryset=_units, label=_("grid"))
    person = django_filters.ModelChoiceFilter(queryset=_people, label=_("visitor"))
    outside = django_filters.BooleanFilter(field_name="in_outside", label=_("outside the fence"))

    class Meta:
        model = Visit
        fields = ["unit", "person", "outside"]
