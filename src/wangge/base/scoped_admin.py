"""The admin goes through the same scope, actions and masking as the API and the pages.

Every admin of ours is a ``ScopedAdmin`` (or ``ScopedHistoryAdmin``) and every inline a
``ScopedInline``: rows come from the model's ``visible_to(user)``; adding, changing and
deleting follow the access table (``wangge.core.access.admin_verbs``) on top of Django's
permissions; a foreign-key choice offers only rows the editor sees and the posted value
is checked against the same rows; personal fields are masked by role in lists, forms,
history and lookups. ``check_registry`` refuses to start a site where any of this is
missing, so a new model cannot be registered the old way by accident.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, ValidationError
from django.db.models.constants import LOOKUP_SEP
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from wangge.base.access import role_of
from wangge.base.masking import masked, policy
from wangge.core.access import ADMIN_CHANGE, PERSONAL_FIELDS, admin_verbs, sees_city


def _ours(model) -> bool:
    """Models of other packages (Django's users and groups, the task queue, log-in
    throttling) are opened by superusers only: no role group is granted a permission
    on them (``wangge.org.roles`` grants only what ``ADMIN_CHANGE`` names)."""
    return model.__module__.startswith("wangge.")


def label_of(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def hidden_fields(model, user) -> dict[str, str]:
    """The personal fields of ``model`` that ``user``'s role sees masked (field → policy)."""
    role = role_of(user)
    if getattr(user, "is_superuser", False):
        return {}
    fields = PERSONAL_FIELDS.get(label_of(model), {})
    return {field: rule for field, rule in fields.items() if not policy().shows(rule, role)}


def touches_hidden(model, lookup: str, user) -> bool:
    """Whether a lookup path (``customer__phone__startswith``) reads a field ``user``
    sees masked, on this model or any model it crosses."""
    for part in lookup.split(LOOKUP_SEP):
        if part in hidden_fields(model, user):
            return True
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if not field.is_relation or field.related_model is None:
            return False
        model = field.related_model
    return False


def _scoped_choices(db_field, request, kwargs: dict) -> dict:
    """Foreign-key choices limited to the rows the editor sees.

    A related model without ``visible_to`` offers its rows only to a city-wide editor.
    The form field validates the posted id against this queryset, so a crafted POST
    cannot pick a row the list did not offer.
    """
    related = db_field.related_model
    manager = related._default_manager
    user = request.user
    if hasattr(manager.get_queryset(), "visible_to"):
        kwargs["queryset"] = manager.visible_to(user)
    elif not sees_city(role_of(user), is_superuser=user.is_superuser):
        kwargs["queryset"] = manager.none()
    return kwargs


class _Scoped:
    """What a model admin and an inline share: scope, verbs, masking, choices."""

    def _verbs(self, request) -> frozenset[str]:
        user = request.user
        return admin_verbs(role_of(user), label_of(self.model), is_superuser=user.is_superuser)

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def _hidden(self, request) -> dict[str, str]:
        return hidden_fields(self.model, request.user)

    def _masked_column(self, request, field_name: str, policy_field: str):
        """The read-only stand-in for a masked field, one per request and field: the admin
        compares the callables it gets from separate calls, so they must be the same."""
        made = request.__dict__.setdefault("_wangge_masked_columns", {})
        key = (self.model, field_name)
        if key not in made:
            made[key] = self._make_masked_column(request.user, field_name, policy_field)
        return made[key]

    def _make_masked_column(self, user, field_name: str, policy_field: str):
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

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(
            db_field, request, **_scoped_choices(db_field, request, kwargs)
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(
            db_field, request, **_scoped_choices(db_field, request, kwargs)
        )


class ScopedAdmin(_Scoped, admin.ModelAdmin):
    """A model admin that shows only the viewer's scope and never a masked value."""

    def get_list_display(self, request):
        hidden = self._hidden(request)
        return [
            self._masked_column(request, f, hidden[f]) if f in hidden else f
            for f in super().get_list_display(request)
        ]

    def get_search_fields(self, request):
        return [
            f
            for f in super().get_search_fields(request)
            if not touches_hidden(self.model, f.lstrip("^=@"), request.user)
        ]

    def lookup_allowed(self, lookup, value, request=None):
        if request is not None and touches_hidden(self.model, lookup, request.user):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_sortable_by(self, request):
        hidden = self._hidden(request)
        return [f for f in super().get_sortable_by(request) if f not in hidden]

    def has_view_permission(self, request, obj=None):
        return "view" in self._verbs(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return "add" in self._verbs(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return "change" in self._verbs(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return "delete" in self._verbs(request) and super().has_delete_permission(request, obj)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        """A row outside the viewer's scope is "not found", the same as a missing one."""
        raise Http404


class _MaskedHistory(HistoricalRecordContextHelper):
    """History diffs show personal fields masked, as the viewer's role requires."""

    def __init__(self, model, record, *, user, **kwargs):
        super().__init__(model, record, **kwargs)
        self.user = user
        self.hidden = hidden_fields(model, user)

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        if change.field in self.hidden and value is not None:
            return masked(self.user, self.hidden[change.field], str(value))
        return value


class ScopedHistoryAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """``ScopedAdmin`` with the change history of an audited model, scoped and masked.

    The history of a row outside the viewer's scope is "not found" like its change
    page; the history of a deleted row is for the city-wide roles.
    """

    def _in_scope_or_404(self, request, object_id) -> None:
        user = request.user
        if sees_city(role_of(user), is_superuser=user.is_superuser):
            return
        try:
            pk = self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404 from None
        if not self.get_queryset(request).filter(pk=pk).exists():
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._in_scope_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._in_scope_or_404(request, object_id)
        if request.method == "POST":
            raise Http404  # a past version is read, never saved back from here
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_historical_record_context_helper(self, request, historical_record):
        return _MaskedHistory(self.model, historical_record, user=request.user)

    def revert_disabled(self, request, obj=None):
        return True


class ScopedInline(_Scoped, InlineModelAdmin):
    """An inline whose rows, choices and verbs follow the same rules as its own admin."""

    def has_view_permission(self, request, obj=None):
        return "view" in self._verbs(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return "add" in self._verbs(request) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return "change" in self._verbs(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return "delete" in self._verbs(request) and super().has_delete_permission(request, obj)


class ScopedTabularInline(ScopedInline, admin.TabularInline):
    pass


def problems_of(site: admin.AdminSite) -> list[str]:
    """Every way the registered admins fall short of failing closed, as sentences."""
    problems = []
    for model, model_admin in site._registry.items():
        label = label_of(model)
        if not _ours(model):
            continue
        if label not in ADMIN_CHANGE:
            problems.append(f"{label}: not in wangge.core.access.ADMIN_CHANGE")
        if not isinstance(model_admin, ScopedAdmin):
            problems.append(f"{label}: its admin is not a ScopedAdmin")
        if not hasattr(model._default_manager.get_queryset(), "visible_to"):
            problems.append(f"{label}: its queryset has no visible_to")
        for inline in model_admin.inlines:
            inner = label_of(inline.model)
            if not issubclass(inline, ScopedInline):
                problems.append(f"{label}: inline {inner} is not a ScopedInline")
            if not hasattr(inline.model._default_manager.get_queryset(), "visible_to"):
                problems.append(f"{label}: inline {inner} has no visible_to")
            if inner not in ADMIN_CHANGE:
                problems.append(f"{label}: inline {inner} not in ADMIN_CHANGE")
    return problems


def check_registry(site: admin.AdminSite) -> None:
    """Refuse to start when an admin could show rows outside a viewer's scope."""
    problems = problems_of(site)
    if problems:
        raise ImproperlyConfigured(
            "admin registrations that do not fail closed:\n  " + "\n  ".join(problems)
        )
