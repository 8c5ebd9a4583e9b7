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
