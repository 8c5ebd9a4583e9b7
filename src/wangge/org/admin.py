from django.contrib import admin

from wangge.base.scoped_admin import ScopedHistoryAdmin, ScopedTabularInline
from wangge.org.models import Assignment, Person, Unit, UnitLink


class UnitLinkInline(ScopedTabularInline):
    model = UnitLink
    fk_name = "unit"
    extra = 0
    autocomplete_fields = ["parent"]


@admin.register(Unit)
class UnitAdmin(ScopedHistoryAdmin):
    list_display = [
        "code",
        "name",
        "kind",
        "grid_class",
        "grid_type",
        "urban",
        "households",
        "population",
    ]
    list_filter = ["kind", "grid_class", "grid_type", "urban"]
    search_fields = ["code", "name"]
    inlines = [UnitLinkInline]


@admin.register(UnitLink)
class UnitLinkAdmin(ScopedHistoryAdmin):
    list_display = ["unit", "parent", "valid_from", "valid_to"]
    list_filter = ["parent__kind"]
    search_fields = ["unit__name", "parent__name"]
    autocomplete_fields = ["unit", "parent"]


class AssignmentInline(ScopedTabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Person)
class PersonAdmin(ScopedHistoryAdmin):
    list_display = ["staff_no", "name", "post", "level", "role", "phone"]
    list_filter = ["post", "level", "role"]
    search_fields = ["staff_no", "name"]
    inlines = [AssignmentInline]
    raw_id_fields = ["user"]


@admin.register(Assignment)
class AssignmentAdmin(ScopedHistoryAdmin):
    list_display = ["person", "unit", "post", "valid_from", "valid_to"]
    list_filter = ["post"]
    search_fields = ["person__name", "person__staff_no", "unit__name"]
    autocomplete_fields = ["person", "unit"]
