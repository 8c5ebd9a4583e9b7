"""Admin for pay: configuration editable by the marketing department; pools, lines and
paid sales read-only (they are computed); an approved distribution read-only."""

from __future__ import annotations

from django.contrib import admin

from wangge.base.scoped_admin import ScopedHistoryAdmin, ScopedTabularInline
from wangge.pay.models import (
    Distribution,
    DistributionStatus,
    PayConfig,
    PayLine,
    PayPool,
    PersonMonth,
    PointsRule,
    PointsScheme,
    SalePoints,
    UnitPayBase,
    UnitRevenue,
)


class ReadOnlyAdmin(ScopedHistoryAdmin):
    """Computed rows: shown with their history, changed only by the pay flows."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PayConfig)
class PayConfigAdmin(ScopedHistoryAdmin):
    list_display = ["company", "company_total_cents", "cap_multiple", "floor_cents", "two_units"]


class PointsRuleInline(ScopedTabularInline):
    model = PointsRule
    extra = 0


@admin.register(PointsScheme)
class PointsSchemeAdmin(ScopedHistoryAdmin):
    list_display = [
        "name",
        "company",
        "mode",
        "cents_per_point",
        "pool_cents",
        "clawback_months",
        "active",
    ]
    list_filter = ["mode", "active"]
    inlines = [PointsRuleInline]


@admin.register(PointsRule)
class PointsRuleAdmin(ScopedHistoryAdmin):
    list_display = ["scheme", "product", "channel_kind", "points", "valid_from", "valid_to"]
    list_filter = ["scheme"]
    search_fields = ["product"]


@admin.register(UnitPayBase)
class UnitPayBaseAdmin(ScopedHistoryAdmin):
    list_display = ["unit", "tier", "base_cents", "revenue_budget_cents", "valid_from", "valid_to"]
    list_filter = ["tier"]
    autocomplete_fields = ["unit"]


@admin.register(UnitRevenue)
class UnitRevenueAdmin(ScopedHistoryAdmin):
    list_display = ["month", "unit", "revenue_cents"]
    autocomplete_fields = ["unit"]


@admin.register(PersonMonth)
class PersonMonthAdmin(ScopedHistoryAdmin):
    list_display = ["month", "person", "attendance", "training_hours", "rural"]
    raw_id_fields = ["person"]
    search_fields = ["person__name", "person__staff_no"]


@admin.register(PayPool)
class PayPoolAdmin(ReadOnlyAdmin):
    list_display = [
        "month",
        "unit",
        "tier",
        "score",
        "computed_cents",
        "pool_cents",
        "scaled_down",
        "heads",
    ]
    list_filter = ["month", "tier"]


class PayLineInline(ScopedTabularInline):
    model = PayLine
    extra = 0
    fields = ["person", "component", "item", "amount_cents", "reason"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Distribution)
class DistributionAdmin(ScopedHistoryAdmin):
    list_display = [
        "month",
        "unit",
        "version",
        "status",
        "pool_cents",
        "drafted_by",
        "approved_by",
        "approved_at",
    ]
    list_filter = ["status", "month"]
    inlines = [PayLineInline]
    readonly_fields = [
        "month",
        "unit",
        "version",
        "status",
        "pool_cents",
        "formula_part_cents",
        "discretionary_part_cents",
        "returned_cents",
        "drafted_by",
        "drafted_at",
        "submitted_at",
        "approved_by",
        "approved_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False  # drafted on the pay pages, where the rules are checked

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.status == DistributionStatus.APPROVED:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.status == DistributionStatus.APPROVED:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(PayLine)
class PayLineAdmin(ReadOnlyAdmin):
    list_display = ["distribution", "person", "component", "item", "amount_cents", "reason"]
    list_filter = ["component", "distribution__month"]
    search_fields = ["person__name", "person__staff_no"]


@admin.register(SalePoints)
class SalePointsAdmin(ReadOnlyAdmin):
    list_display = ["distribution", "person", "subscription", "scheme", "points", "amount_cents"]
    raw_id_fields = ["subscription"]
