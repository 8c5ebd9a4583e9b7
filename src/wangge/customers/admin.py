from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from wangge.customers.models import Customer, CustomerGrid, Subscription
from wangge.web.scoped_admin import ScopedAdmin


class CustomerGridInline(admin.TabularInline):
    model = CustomerGrid
    extra = 0
    autocomplete_fields = ["grid"]


@admin.register(Customer)
class CustomerAdmin(ScopedAdmin):
    list_display = ["code", "name", "kind", "ownership", "phone", "place"]
    list_filter = ["kind", "ownership"]
    search_fields = ["code", "name", "phone"]
    masked_fields = {"phone": "phone", "id_number": "id_number"}
    raw_id_fields = ["place"]
    inlines = [CustomerGridInline]
    show_full_result_count = False


@admin.register(CustomerGrid)
class CustomerGridAdmin(SimpleHistoryAdmin):
    list_display = ["customer", "grid", "valid_from", "valid_to"]
    raw_id_fields = ["customer"]
    autocomplete_fields = ["grid"]
    show_full_result_count = False

    def get_queryset(self, request):
        from wangge.org.scope import visible_unit_ids

        qs = super().get_queryset(request).select_related("customer", "grid")
        ids = visible_unit_ids(request.user)
        return qs if ids is None else qs.filter(grid_id__in=ids)


@admin.register(Subscription)
class SubscriptionAdmin(ScopedAdmin):
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
    masked_fields = {"number": "phone"}
    raw_id_fields = ["customer", "channel", "sold_by"]
    show_full_result_count = False
