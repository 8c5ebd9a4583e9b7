from django.contrib import admin

from wangge.base.scoped_admin import ScopedAdmin
from wangge.intake.models import ImportProfile, ImportRun


@admin.register(ImportProfile)
class ImportProfileAdmin(ScopedAdmin):
    list_display = ["name", "kind", "source_system", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name", "source_system"]


@admin.register(ImportRun)
class ImportRunAdmin(ScopedAdmin):
    list_display = [
        "id",
        "kind",
        "file_name",
        "month",
        "status",
        "rows_read",
        "added",
        "changed",
        "rejected",
        "started_by",
        "started_at",
    ]
    list_filter = ["kind", "status"]
    exclude = ["undo"]
