"""Admin for front-line work: read-only with history (the rows are written by the
flows, which check the lifecycle, the stages and the geofence)."""

from __future__ import annotations

from django.contrib import admin

from wangge.base.scoped_admin import ScopedAdmin, ScopedHistoryAdmin
from wangge.work.models import Opportunity, Owner, StageMove, Survey, Visit, WorkOrder


@admin.register(WorkOrder)
class WorkOrderAdmin(ScopedHistoryAdmin):
    list_display = ["id", "title", "kind", "unit", "assignee", "status", "due_at", "escalated_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]


@admin.register(Opportunity)
class OpportunityAdmin(ScopedHistoryAdmin):
    list_display = ["name", "kind", "unit", "owner", "stage", "outcome", "value_cents"]
    list_filter = ["kind", "stage", "outcome"]
    search_fields = ["name"]


@admin.register(StageMove)
class StageMoveAdmin(ScopedAdmin):
    list_display = ["opportunity", "from_stage", "to_stage", "reason", "moved_at"]
    list_filter = ["to_stage"]


@admin.register(Visit)
class VisitAdmin(ScopedHistoryAdmin):
    list_display = ["person", "unit", "customer", "place", "checked_in_at", "in_distance_m"]
    list_filter = ["in_outside"]


@admin.register(Survey)
class SurveyAdmin(ScopedHistoryAdmin):
    list_display = ["surveyor", "unit", "place", "customer", "met_name", "created_at"]
    list_filter = ["met_role", "customer_action"]
    search_fields = ["met_name", "needs"]


@admin.register(Owner)
class OwnerAdmin(ScopedHistoryAdmin):
    list_display = ["unit", "customer", "place", "person", "since", "reason"]
    list_filter = ["reason"]
