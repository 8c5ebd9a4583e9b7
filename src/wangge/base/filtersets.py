"""Filters every app's filter sets share, so a list filter reads its parameter the
way a page or a form does: a month as ``?month=`` (:func:`wangge.base.params.to_month`),
free text and codes without control characters, ids within a database integer,
yes/no as ``true``/``false``. A value of the wrong form is a 400 naming the filter.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from wangge.base.forms import MonthField
from wangge.base.params import (
    DB_INT,
    MONTH_PATTERN,
    TEXT_PATTERN,
    no_control_characters,
    without_control_characters,
)


@extend_schema_field({"type": "string", "pattern": TEXT_PATTERN})
class TextFilter(django_filters.CharFilter):
    """A free-text filter: stripped, and a control character is refused like
    :func:`query_text` refuses it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [no_control_characters])
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return super().filter(qs, value.strip() if isinstance(value, str) else value)


class _CodeField(forms.CharField):
    """Text that may hold a NUL byte: the filter drops it (a form's CharField refuses it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]


class CodeFilter(django_filters.CharFilter):
    """A code to filter by exactly, read as :func:`wangge.base.params.query_code` reads
    it: control characters are dropped, so such a value finds nothing instead of
    reaching the database (PostgreSQL refuses a NUL byte in any string)."""

    field_class = _CodeField

    def filter(self, qs, value):
        if not isinstance(value, str) or not value.strip():
            return qs
        code = without_control_characters(value)
        return super().filter(qs, code) if code else qs.none()


@extend_schema_field({"type": "string", "pattern": f"^{MONTH_PATTERN}$", "example": "2026-10"})
class MonthFilter(django_filters.Filter):
    """``YYYY-MM``, the month's first day (what ``<input type="month">`` sends)."""

    field_class = MonthField


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """A row id: a whole number a database column holds, else a 400."""

    field_class = forms.IntegerField


def id_filter(field: str, label) -> IdFilter:
    """A filter on the row id held in ``field`` (``unit_id``), within a database integer."""
    return IdFilter(field_name=field, label=label, min_value=-DB_INT, max_value=DB_INT)


YES_NO = [("true", _("yes")), ("false", _("no"))]


@extend_schema_field(OpenApiTypes.BOOL)
class YesNoFilter(django_filters.ChoiceFilter):
    """``true`` or ``false``; anything else is a 400 (not silently ignored)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=YES_NO, **kwargs)

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        return super().filter(qs, value == "true")
