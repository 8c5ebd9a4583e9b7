"""The appraisal pages' POSTs: the month-end close, and the targets page's two edits."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wangge.base.forms import MonthField, TextField
from wangge.core.target_units import TargetTyping, places_of, stored_target
from wangge.org.models import Unit


class PageMonthForm(forms.Form):
    """A page's month and indicator as given (``?month=``, or the month an edit was
    about): a missing or malformed month is None, and the page shows its latest."""

    month = MonthField(label=_("month"), required=False)
    indicator = forms.CharField(label=_("indicator"), required=False)


def month_or_none(params) -> date | None:
    """The month ``params`` (a request's GET or POST) name; None when absent or not a month."""
    form = PageMonthForm(params)
    form.is_valid()
    return form.cleaned_data.get("month")


class CloseForm(forms.Form):
    month = MonthField(label=_("month"))
    publish = forms.BooleanField(required=False, label=_("publish when done"))


def _stored(form: forms.Form, field: str, indicator: str | None) -> int | None:
    """The typed target of ``field`` as the store keeps it, in the indicator's unit
    (yuan for money, per cent for a rate); a problem is put beside the field."""
    from wangge.appraisal.targets import measure_of

    text = form.cleaned_data.get(field)
    if text is None or not indicator:
        return None
    measure = measure_of(indicator)
    try:
        value = stored_target(text, measure, indicator)
    except TargetTyping as exc:
        form.add_error(
            field,
            gettext(exc.args[0]) % {"value": text, "places": places_of(measure, indicator)},
        )
        return None
    if not 0 <= value <= 2**53:
        form.add_error(field, gettext("A target is between 0 and 2^53."))
        return None
    return value


class DecomposeForm(forms.Form):
    """A company total to split down the tree, typed in the indicator's unit."""

    month = MonthField(label=_("month"))
    indicator = TextField(max_length=64, label=_("indicator"))
    total = TextField(max_length=40, label=_("city total"))

    def clean(self):
        data = super().clean()
        data["total"] = _stored(self, "total", data.get("indicator"))
        return data


class AdjustForm(forms.Form):
    """One unit's target moved by hand; the unit is one the editor may see (a posted
    id outside their scope is refused like an unknown one)."""

    month = MonthField(label=_("month"))
    indicator = TextField(max_length=64, label=_("indicator"))
    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("unit"))
    value = TextField(max_length=40, label=_("new target"))
    reason = TextField(max_length=500, label=_("reason"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.visible_to(user)

    def clean(self):
        data = super().clean()
        data["value"] = _stored(self, "value", data.get("indicator"))
        return data


class WhatIfForm(forms.Form):
    """The what-if's fields, compared by GET and saved by POST: the month and scheme,
    the weights typed over the scheme's (``w_<item key>``, only those that differ from
    ``current`` count as changes) and one subject's target tried instead of its own."""

    month = MonthField(label=_("month"), required=False)
    scheme = TextField(label=_("scheme"), max_length=64, required=False)
    t_subject = TextField(label=_("subject"), max_length=200, required=False)
    t_indicator = TextField(label=_("indicator"), max_length=64, required=False)
    t_value = TextField(label=_("target"), max_length=40, required=False)

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

    def clean(self):
        data = super().clean()
        if data.get("t_value"):
            data["t_value"] = _stored(self, "t_value", data.get("t_indicator"))
        return data

    def target(self) -> dict[tuple[str, str], int]:
        """``{(subject, indicator): stored value}`` when all three are given (the value
        typed in the indicator's unit: 2 for a churn target of 2 %), else nothing."""
        d = self.cleaned_data
        if d.get("t_subject") and d.get("t_indicator") and d.get("t_value") is not None:
            return {(d["t_subject"], d["t_indicator"]): d["t_value"]}
        return {}
