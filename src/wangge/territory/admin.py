from django.contrib import admin

from wangge.base.scoped_admin import ScopedAdmin, ScopedHistoryAdmin, ScopedTabularInline
from wangge.territory.models import Channel, Place, PlaceGrid


class PlaceGridInline(ScopedTabularInline):
    model = PlaceGrid
    extra = 0
    autocomplete_fields = ["grid"]


@admin.register(Place)
class PlaceAdmin(ScopedAdmin):
    list_display = ["code", "name", "kind", "households", "enterprises", "lon", "lat"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    inlines = [PlaceGridInline]


@admin.register(PlaceGrid)
class PlaceGridAdmin(ScopedHistoryAdmin):
    list_display = ["place", "grid", "valid_from", "valid_to"]
    search_fields = ["place__name", "grid__name"]
    autocomplete_fields = ["place", "grid"]


@admin.register(Channel)
class ChannelAdmin(ScopedAdmin):
    list_display = ["code", "name", "kind", "grid"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["grid"]
