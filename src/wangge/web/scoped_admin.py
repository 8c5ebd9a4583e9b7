"""The admin goes through the same scope and masking as the API and the pages."""

from __future__ import annotations

from django.contrib import admin

from wangge.org.scope import role_of
from wangge.web.masking import masked, policy


class ScopedAdmin(admin.ModelAdmin):
    """Rows come from the model's ``visible_to(user)``; personal fields are masked by role.

    ``masked_fields`` maps a model field to its masking-policy name. A viewer whose
    role may not see a field gets a read-only masked copy in its place, in lists
    and forms alike, so the raw value never reaches their browser.
    """

    masked_fields: dict[str, str] = {}

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs.visible_to(request.user) if hasattr(qs, "visible_to") else qs

    def _hidden(self, request) -> dict[str, str]:
        role = role_of(request.user)
        return {f: p for f, p in self.masked_fields.items() if not policy().shows(p, role)}

    def _masked_column(self, request, field_name: str, policy_field: str):
        user = request.user

        def show(obj):
            return masked(user, policy_field, getattr(obj, field_name))

        show.short_description = self.model._meta.get_field(field_name).verbose_name
        show.__name__ = f"masked_{field_name}"
        return show

    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or []), *self._hidden(request)]

    def get_readonly_fields(self, request, obj=None):
        extra = [self._masked_column(request, f, p) for f, p in self._hidden(request).items()]
        return [*super().get_readonly_fields(request, obj), *extra]

    def get_list_display(self, request):
        hidden = self._hidden(request)
        return [
            self._masked_column(request, f, hidden[f]) if f in hidden else f
            for f in super().get_list_display(request)
        ]

    def get_search_fields(self, request):
        hidden = self._hidden(request)
        return [f for f in super().get_search_fields(request) if f not in hidden]
