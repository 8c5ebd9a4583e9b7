"""The appraisal pages' POSTs: the month-end close, and the targets page's two edits."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wangge.base.forms import MonthField, TextField
from wangge.org.models import Unit


class CloseForm(forms.Form):
    month = MonthField(label=_("month"))
    publish = forms.BooleanField(required=False, label=_("publish when done"))


class DecomposeForm(forms.Form):
    month = MonthField(label=_("month"))
    indicator = TextField(max_length=64, label=_("indicator"))
    total = forms.IntegerField(label=_("city total"), min_value=0, max_value=2**53)


class AdjustForm(forms.Form):
    """One unit's target moved by hand; the unit is one the editor may see (a posted
    id outside their scope is refused like an unknown one)."""

    month = MonthField(label=_("month"))
    indicator = TextField(max_length=64, label=_("indicator"))
    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("unit"))
    value = forms.IntegerField(label=_("new target"), min_value=0, max_value=2**53)
    reason = TextField(max_length=500, label=_("reason"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.visible_to(user)


class WhatIfForm(forms.Form):
    """The what-if's fields, compared by GET and saved by POST: the month and scheme,
    the weights typed over the scheme's (``w_<item key>``, only those that differ from
    ``current`` count as changes) and one subject's target tried instead of its own."""

    month = MonthField(label=_("month"), required=False)
    scheme = TextField(label=_("scheme"), max_length=64, required=False)
    t_subject = TextField(label=_("subject"), max_length=200, required=False)
    t_indicator = TextField(label=_("indicator"), max_length=64, required=False)
    t_value = forms.IntegerField(
        label=_("target"),
        required=False,
        min_value=-(2**53),
        max_value=2**53,
        error_messages={"invalid": _("The target must be a whole number.")},
    )

    def __init__(self, *args, current: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current or {}
        for key in self.current:
            self.fields[f"w_{key}"] = TextField(label=key, max_length=40, required=False)

    def weights(self) -> dict[str, str]:
        """The weights typed differently from the scheme's, as typed (the core parses)."""
        out = {}
        for key, shown in self.current.items():
            typed = (self.cleaned_data.get(f"w_{key}") or "").strip()
            if typed not in ("", shown):
                out[key] = typed
        return out

    def target(self) -> dict[tuple[str, str], int]:
        """``{(subject, indicator): value}`` when all three are given, else nothing."""
        d = self.cleaned_data
        if d.get("t_subject") and d.get("t_indicator") and d.get("t_value") is not None:
            return {(d["t_subject"], d["t_indicator"]): d["t_value"]}
        return {}
