"""The early-warning pages' POST: the outcome of an alert's work order."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from wangge.alerts.choices import AlertOutcome


def risk_list_path(path: str) -> str:
    """``path`` when it is a page of the risk list ("" otherwise): the only place the
    outcome form sends the person back to, never another site."""
    if path.startswith("/alerts/") and "//" not in path and "\\" not in path:
        return path
    return ""


class OutcomeForm(forms.Form):
    """What came of the work order, and the risk list page (as it was filtered) to go back to."""

    outcome = forms.ChoiceField(
        choices=AlertOutcome.choices,
        error_messages={
            "required": gettext_lazy("Choose an outcome."),
            "invalid_choice": gettext_lazy("Choose an outcome."),
        },
    )
    next = forms.CharField(required=False)

    def clean_next(self) -> str:
        return risk_list_path(self.cleaned_data.get("next") or "")
