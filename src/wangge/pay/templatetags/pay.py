"""Template helpers for the pay pages."""

from __future__ import annotations

from django import template

from wangge.pay.presentation import component_label

register = template.Library()


@register.filter
def get(mapping, key):
    """``{{ row.components|get:c }}``: a value of a dict by a variable key (0 if absent)."""
    return mapping.get(key, 0) if mapping is not None else 0


@register.filter
def component(code: str) -> str:
    """A payslip component's label in the page's language."""
    return component_label(code)
