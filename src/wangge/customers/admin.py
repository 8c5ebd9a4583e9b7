from django.contrib import admin

from wangge.base.scoped_admin import ScopedHistoryAdmin, ScopedTabularInline
from wangge.customers.models import Customer, CustomerGrid, Subscription


class CustomerGridInline(ScopedTabularInline):
    model = CustomerGrid
    extra = 0
    autocomplete_fields = ["grid"]


@admin.register(Customer)
class CustomerAdmin(ScopedHistoryAdmin):
    list_display = ["code", "name", "kind", "ownership", "phone", "place"]
    list_filter = ["kind", "ownership"]
    search_fields = ["code", "name", "phone"]
    raw_id_fields = ["place"]
    inlines = [CustomerGridInline]
    show_full_result_count = False


@admin.register(CustomerGrid)
class CustomerGridAdmin(ScopedHistoryAdmin):
    list_display = ["customer", "grid", "valid_from", "valid_to"]
    raw_id_fields = ["customer"]
    autocomplete_fields = ["grid"]
    show_full_result_count = False
    list_select_related = ["customer", "grid"]


@admin.register(Subscription)
class SubscriptionAdmin(ScopedHistoryAdmin):
    list_display = [
        "id",
        "customer",
        "product_line",
        "product",
        "number",
        "monthly_fee_cents",
        "status",
        "start_date",
    ]
    list_filter = ["product_line", "status"]
    search_fields = ["customer__name", "product"]
    raw_id_fields = ["customer", "channel", "sold_by"]
    show_full_result_count = False
