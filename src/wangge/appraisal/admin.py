"""Admin for the appraisal: scoped like the pages; published runs are read-only."""

from __future__ import annotations

from django.contrib import admin

from wangge.appraisal.models import (
    AppraisalRun,
    EnteredFigure,
    Indicator,
    ItemScore,
    QualitativeScore,
    Scheme,
    ScoreCard,
    Target,
    TargetAdjustment,
    TargetPlan,
)
from wangge.base.scoped_admin import ScopedAdmin, ScopedHistoryAdmin, ScopedTabularInline


@admin.register(Indicator)
class IndicatorAdmin(ScopedAdmin):
    list_display = ["key", "label", "measure", "direction"]
    search_fields = ["key", "label"]


class TargetInline(ScopedTabularInline):
    model = Target
    extra = 0
    fields = ["unit", "value", "formula_value", "source"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(TargetPlan)
class TargetPlanAdmin(ScopedHistoryAdmin):
    list_display = ["month", "indicator_key", "root", "total", "measure", "created_by"]
    list_filter = ["month", "indicator_key"]
    readonly_fields = ["factors"]
    inlines = [TargetInline]


@admin.register(Target)
class TargetAdmin(ScopedHistoryAdmin):
    list_display = ["month", "indicator_key", "unit", "person", "value", "measure", "source"]
    list_filter = ["month", "indicator_key", "source", "measure"]
    search_fields = ["unit__code", "unit__name", "person__name", "indicator_key"]
    raw_id_fields = ["unit", "person", "plan"]


@admin.register(TargetAdjustment)
class TargetAdjustmentAdmin(ScopedAdmin):
    list_display = ["at", "month", "indicator_key", "unit", "before", "after", "by_name", "reason"]
    list_filter = ["month", "indicator_key"]
    readonly_fields = [f.name for f in TargetAdjustment._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Scheme)
class SchemeAdmin(ScopedHistoryAdmin):
    list_display = [
        "code",
        "name",
        "role",
        "grid_class",
        "phase",
        "valid_from",
        "valid_to",
        "status",
    ]
    list_filter = ["status", "role", "grid_class"]
    search_fields = ["code", "name"]
    readonly_fields = ["code", "name", "role", "grid_class", "phase", "valid_from", "valid_to"]


@admin.register(QualitativeScore)
class QualitativeScoreAdmin(ScopedHistoryAdmin):
    list_display = ["month", "item_key", "unit", "person", "points", "entered_by"]
    list_filter = ["month", "item_key"]
    raw_id_fields = ["unit", "person"]


@admin.register(EnteredFigure)
class EnteredFigureAdmin(ScopedHistoryAdmin):
    list_display = ["month", "indicator_key", "unit", "person", "value", "source"]
    list_filter = ["month", "indicator_key"]
    raw_id_fields = ["unit", "person"]


class ReadOnlyWhenPublished:
    """Every field read-only, and no deletion, once the run is published."""

    def _published(self, obj) -> bool:
        run = obj if isinstance(obj, AppraisalRun) else getattr(obj, "run", None)
        if run is None and isinstance(obj, ItemScore):
            run = obj.card.run
        return run is not None and run.is_published

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and self._published(obj):
            return [f.name for f in self.model._meta.fields]
        return super().get_readonly_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self._published(obj):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(AppraisalRun)
class AppraisalRunAdmin(ReadOnlyWhenPublished, ScopedAdmin):
    list_display = ["month", "version", "status", "created_by", "created_at", "published_at"]
    list_filter = ["status", "month"]


class ItemInline(ScopedTabularInline):
    model = ItemScore
    extra = 0
    fields = ["key", "label", "weight", "actual", "target", "completion", "points"]
    readonly_fields = fields
    can_delete = False


@admin.register(ScoreCard)
class ScoreCardAdmin(ReadOnlyWhenPublished, ScopedHistoryAdmin):
    list_display = ["run", "label", "scheme_code", "total", "rank", "peers", "passed"]
    list_filter = ["run__month", "scheme_code"]
    search_fields = ["label"]
    raw_id_fields = ["unit", "person", "run"]
    inlines = [ItemInline]

    def has_add_permission(self, request):
        return False


@admin.register(ItemScore)
class ItemScoreAdmin(ReadOnlyWhenPublished, ScopedAdmin):
    list_display = ["card", "key", "weight", "actual", "target", "completion", "points"]
    raw_id_fields = ["card"]

    def has_add_permission(self, request):
        return False
