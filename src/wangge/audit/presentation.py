"""A change of the trail as a person reads it: field names, choices and yuan.

The trail (``wangge.audit.trail``) keeps what the history tables hold: field names,
codes and cents. The page shows each field by its verbose name, a choice by its
label (``draft → submitted`` reads 草稿 → 已提交), cents in yuan, a date or time as a
date, yes or no for a flag, and a stored mapping (a rural allowance per item) item by
item. Masking has already happened in the trail; this only words what is left.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext

from wangge.audit.trail import Change
from wangge.core import formatting

__all__ = ["present", "shown_value"]


def present(change: Change) -> Change:
    """The change (and the rows of its operation) with fields worded for the page."""
    model = _model(change.model_label)
    fields = [
        (_name(model, name), shown_value(model, name, old), shown_value(model, name, new))
        for name, old, new in change.fields
    ]
    return replace(
        change,
        who=change.who if change.who != "system" else gettext("system"),
        fields=fields,
        parts=[present(p) for p in change.parts],
    )


def _model(label: str):
    try:
        return apps.get_model(label) if label else None
    except (LookupError, ValueError):
        return None


def _field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _name(model, name: str) -> str:
    f = _field(model, name)
    return str(getattr(f, "verbose_name", "") or name)


def shown_value(model, name: str, value: Any) -> Any:
    """One value of a field as the page shows it (None stays None: the page shows ∅)."""
    if value is None:
        return None
    f = _field(model, name)
    choices = dict(getattr(f, "choices", None) or ())
    if isinstance(value, str | int) and value in choices and str(choices[value]) != str(value):
        return str(choices[value])
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if name.endswith("_cents") and isinstance(value, int):
        return formatting.yuan(value)
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        money = name.endswith(("_cents", "allowances"))
        return (
            "; ".join(
                f"{gettext(str(k))} {formatting.yuan(v) if money and isinstance(v, int) else v}"
                for k, v in value.items()
            )
            or "∅"
        )
    return value
