from django.contrib import admin

from wangge.base.scoped_admin import ScopedAdmin, ScopedHistoryAdmin, ScopedTabularInline
from wangge.people.models import (
    Assessment,
    Attendance,
    Audit,
    AuditItem,
    Certification,
    Course,
    Finding,
    Question,
    Rating,
    Requirement,
    Response,
    Session,
    SkillItem,
    Survey,
)


@admin.register(SkillItem)
class SkillItemAdmin(ScopedAdmin):
    list_display = ["code", "name"]


@admin.register(Requirement)
class RequirementAdmin(ScopedHistoryAdmin):
    list_display = ["post", "skill", "level"]
    list_filter = ["post"]


@admin.register(Course)
class CourseAdmin(ScopedAdmin):
    list_display = ["code", "name", "hours"]


@admin.register(AuditItem)
class AuditItemAdmin(ScopedHistoryAdmin):
    list_display = ["code", "section", "text", "max_points", "order"]
    list_filter = ["section"]


@admin.register(Session)
class SessionAdmin(ScopedHistoryAdmin):
    list_display = ["course", "unit", "day", "hours"]


@admin.register(Attendance)
class AttendanceAdmin(ScopedHistoryAdmin):
    list_display = ["session", "person", "hours"]


@admin.register(Assessment)
class AssessmentAdmin(ScopedHistoryAdmin):
    list_display = ["person", "skill", "level", "day", "assessor"]


@admin.register(Certification)
class CertificationAdmin(ScopedHistoryAdmin):
    list_display = ["person", "level", "certified_on", "valid_until"]


@admin.register(Audit)
class AuditAdmin(ScopedHistoryAdmin):
    list_display = ["grid", "month", "total", "passed"]


@admin.register(Finding)
class FindingAdmin(ScopedHistoryAdmin):
    list_display = ["audit", "item", "points"]


@admin.register(Rating)
class RatingAdmin(ScopedHistoryAdmin):
    list_display = ["unit", "month"]
    exclude = ["rater"]  # the rated never learn who rated them


class QuestionInline(ScopedTabularInline):
    model = Question
    extra = 0


@admin.register(Survey)
class SurveyAdmin(ScopedHistoryAdmin):
    list_display = ["code", "name", "scale", "active"]
    inlines = [QuestionInline]


@admin.register(Response)
class ResponseAdmin(ScopedHistoryAdmin):
    list_display = ["grid", "month", "survey", "score", "source"]
    list_filter = ["survey", "source"]
    raw_id_fields = ["customer"]
