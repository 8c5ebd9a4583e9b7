"""List filters shared by the pages and the API (django-filter). They narrow a
queryset that is already ``visible_to`` the caller, so a grid or person id outside
the scope finds nothing (and says nothing about whether it exists); a value of the
wrong form (``?status=lost``, ``?unit=abc``) is a 400 naming the filter."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wangge.base.filtersets import YesNoFilter, id_filter
from wangge.core.work import orders as rules
from wangge.work.choices import (
    MeetingKind,
    NameOutcome,
    OpportunityKind,
    Outcome,
    ResourceKind,
    Stage,
    WorkOrderKind,
    WorkOrderStatus,
)
from wangge.work.models import (
    CampaignName,
    GridPlan,
    MeetingNote,
    NetworkResource,
    Opportunity,
    Owner,
    Survey,
    Visit,
    WorkLog,
    WorkOrder,
)


class WorkOrderFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=WorkOrderStatus.choices, label=_("status"))
    kind = django_filters.ChoiceFilter(choices=WorkOrderKind.choices, label=_("kind"))
    unit = id_filter("unit_id", _("grid"))
    assignee = id_filter("assignee_id", _("assignee"))
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
    unit = id_filter("unit_id", _("grid"))
    owner = id_filter("owner_id", _("owner"))

    class Meta:
        model = Opportunity
        fields = ["stage", "kind", "outcome", "unit", "owner"]


class VisitFilter(django_filters.FilterSet):
    unit = id_filter("unit_id", _("grid"))
    person = id_filter("person_id", _("visitor"))
    outside = YesNoFilter(field_name="in_outside", label=_("outside the fence"))

    class Meta:
        model = Visit
        fields = ["unit", "person", "outside"]


class SurveyFilter(django_filters.FilterSet):
    unit = id_filter("unit_id", _("grid"))
    surveyor = id_filter("surveyor_id", _("surveyor"))
    place = id_filter("place_id", _("place"))
    customer = id_filter("customer_id", _("customer"))

    class Meta:
        model = Survey
        fields = ["unit", "surveyor", "place", "customer"]


class OwnerFilter(django_filters.FilterSet):
    unit = id_filter("unit_id", _("grid"))
    person = id_filter("person_id", _("owner"))
    pooled = YesNoFilter(method="filter_pooled", label=_("in the pool"))

    class Meta:
        model = Owner
        fields = ["unit", "person", "pooled"]

    def filter_pooled(self, queryset, name, value):
        if value in ("", None):
            return queryset
        return queryset.filter(person__isnull=(value == "true"))


class CampaignNameFilter(django_filters.FilterSet):
    campaign = id_filter("campaign_id", _("campaign"))
    unit = id_filter("unit_id", _("grid"))
    person = id_filter("person_id", _("given to"))
    outcome = django_filters.ChoiceFilter(choices=NameOutcome.choices, label=_("outcome"))

    class Meta:
        model = CampaignName
        fields = ["campaign", "unit", "person", "outcome"]


class NetworkResourceFilter(django_filters.FilterSet):
    place = id_filter("place_id", _("place"))
    kind = django_filters.ChoiceFilter(choices=ResourceKind.choices, label=_("kind"))

    class Meta:
        model = NetworkResource
        fields = ["place", "kind"]


class GridPlanFilter(django_filters.FilterSet):
    unit = id_filter("unit_id", _("grid"))

    class Meta:
        model = GridPlan
        fields = ["unit"]


class MeetingFilter(django_filters.FilterSet):
    unit = id_filter("unit_id", _("grid"))
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices, label=_("kind"))

    class Meta:
        model = MeetingNote
        fields = ["unit", "kind"]


class WorkLogFilter(django_filters.FilterSet):
    unit = id_filter("unit_id", _("grid"))
    person = id_filter("person_id", _("person"))

    class Meta:
        model = WorkLog
        fields = ["unit", "person"]
