from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from wangge.org.models import Assignment, Person, Unit, UnitLink
from wangge.web.scoped_admin import ScopedAdmin


class UnitLinkInline(admin.TabularInline):
    model = UnitLink
    fk_name = "unit"
    extra = 0
    autocomplete_fields = ["parent"]


@admin.register(Unit)
class UnitAdmin(ScopedAdmin, SimpleHistoryAdmin):
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
class UnitLinkAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "parent", "valid_from", "valid_to"]
    list_filter = ["parent__kind"]
    search_fields = ["unit__name", "parent__name"]
    autocomplete_fields = ["unit", "parent"]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Person)
class PersonAdmin(ScopedAdmin, SimpleHistoryAdmin):
    list_display = ["staff_no", "name", "post", "level", "role", "phone"]
    list_filter = ["post", "level", "role"]
    search_fields = ["staff_no", "name"]
    masked_fields = {"phone": "phone", "id_number": "id_number"}
    inlines = [AssignmentInline]
    raw_id_fields = ["user"]

    def get_queryset(self, request):
        from wangge.org.scope import visible_unit_ids

        qs = super().get_queryset(request)
        ids = visible_unit_ids(request.user)
        if ids is None:
            return qs
        return qs.filter(
            pk__in=Assignment.objects.as_of().filter(unit_id__in=ids).values("person_id")
        )


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["person", "unit", "post", "valid_from", "valid_to"]
    list_filter = ["post"]
    search_fields = ["person__name", "person__staff_no", "unit__name"]
    autocomplete_fields = ["person", "unit"]

    def get_queryset(self, request):
        from wangge.org.scope import visible_unit_ids

        qs = super().get_queryset(request)
        ids = visible_unit_ids(request.user)
        return qs if ids is None else qs.filter(unit_id__in=ids)
