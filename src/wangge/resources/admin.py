from django.contrib import admin

from wangge.base.scoped_admin import ScopedAdmin, ScopedHistoryAdmin
from wangge.resources.models import (
    Budget,
    DeliveryOrder,
    Plan,
    PlanEdit,
    PlanLine,
    Request,
    Result,
    Stock,
    Use,
)


@admin.register(Budget)
class BudgetAdmin(ScopedHistoryAdmin):
    list_display = ["month", "kind", "amount_cents", "base_share"]
    list_filter = ["kind"]


@admin.register(Stock)
class StockAdmin(ScopedHistoryAdmin):
    list_display = ["item", "kind", "holder", "quantity", "unit_value_cents"]


@admin.register(Request)
class RequestAdmin(ScopedHistoryAdmin):
    list_display = ["unit", "month", "kind", "amount_cents", "min_cents"]


@admin.register(Plan)
class PlanAdmin(ScopedHistoryAdmin):
    list_display = ["month", "status", "objective_cents", "accepted_at"]


@admin.register(PlanLine)
class PlanLineAdmin(ScopedHistoryAdmin):
    list_display = ["plan", "unit", "kind", "purpose", "proposed_cents", "cents"]


@admin.register(PlanEdit)
class PlanEditAdmin(ScopedAdmin):
    list_display = ["line", "before_cents", "after_cents", "reason", "edited_at"]


@admin.register(DeliveryOrder)
class DeliveryOrderAdmin(ScopedHistoryAdmin):
    list_display = ["pk", "source", "grid", "stock", "quantity", "status"]


@admin.register(Use)
class UseAdmin(ScopedAdmin):
    list_display = ["unit", "kind", "purpose", "day", "cents", "campaign"]


@admin.register(Result)
class ResultAdmin(ScopedAdmin):
    list_display = ["unit", "kind", "day", "revenue_cents"]
