from django.contrib import admin

from wangge.base.scoped_admin import ScopedAdmin
from wangge.jobs.models import Job


@admin.register(Job)
class JobAdmin(ScopedAdmin):
    list_display = ["title", "kind", "status", "stage", "done", "total", "started_by", "created_at"]
    list_filter = ["kind", "status"]
