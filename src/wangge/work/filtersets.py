"""List filters shared by the pages and the API (django-filter). They narrow a
queryset that is already ``visible_to`` the caller, so a grid or person id outside
the scope finds nothing (and says nothing about whether it exists); a value of the
wrong form (``?status=lost``, ``?unit=abc``) is a 400 naming the filter."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from wangge.base.params import DB_INT
from wangge.core.work import orders as rules
from wangge.work.choices import OpportunityKind, Outcome, Stage, WorkOrderKind, WorkOrderStatus
from wangge.work.models import Opportunity, Survey, Visit, WorkOrder


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """A row id: a whole number a database column holds, else a 400."""

    field_class = forms.IntegerField


def _id(field: str, label):
    return IdFilter(field_name=field, label=label, min_value=-DB_INT, max_value=DB_INT)


YES_NO = [("true", _("yes")), ("false", _("no"))]


@extend_schema_field(OpenApiTypes.BOOL)
class YesNoFilter(django_filters.ChoiceFilter):
    """``true`` or ``false``; anything else is a 400 (not silently ignored)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=YES_NO, **kwargs)

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        return super().filter(qs, value == "true")


class WorkOrderFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=WorkOrderStatus.choices, label=_("status"))
    kind = django_filters.ChoiceFilter(choices=WorkOrderKind.choices, label=_("kind"))
    unit = _id("unit_id", _("grid"))
    assignee = _id("assignee_id", _("assignee"))
    overdue = YesNoFilter(method="filter_overdue", label=_("overdue"))

    class Meta:
        model = WorkOrder
        fields = ["status", "kind", "unit", "assignee", "overdue"]

    def filter_overdue(self, queryset, name, value):
        if value in ("", None):
            return queryset
        late = {"status__in": rules.OPEN, "due_at__lt": timezone.now()}
        return queryset.filter(**late) if value == "true" else queryset.exclude(**late)


class OpportunityFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label=_("stage"))
    kind = django_filters.ChoiceFilter(choices=OpportunityKind.choices, label=_("kind"))
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices, label=_("outcome"))
    unit = _id("unit_id", _("grid"))
    owner = _id("owner_id", _("owner"))

    class Meta:
        model = Opportunity
        fields = ["stage", "kind", "outcome", "unit", "owner"]


class VisitFilter(django_filters.FilterSet):
    unit = _id("unit_id", _("grid"))
    person = _id("person_id", _("visitor"))
    outside = YesNoFilter(field_name="in_outside", label=_("outside the fence"))

    class Meta:
        model = Visit
        fields = ["unit", "person", "outside"]


class SurveyFilter(django_filters.FilterSet):
    unit = _id("unit_id", _("grid"))
    surveyor = _id("surveyor_id", _("surveyor"))
    place = _id("place_id", _("place"))
    customer = _id("customer_id", _("customer"))

    class Meta:
        model = Survey
        fields = ["unit", "surveyor", "place", "customer"]
