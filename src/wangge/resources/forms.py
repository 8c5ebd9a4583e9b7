"""The forms of the resource pages; amounts are yuan typed by a person, kept as cents."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wangge.base.forms import MonthField, TextField
from wangge.core.money import MoneyError, to_cents
from wangge.resources.choices import ResourceKind


class YuanField(forms.CharField):
    """An amount in yuan (at most two decimals, not negative) as integer cents."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in (None, ""):
            return None
        if len(value) > 20:
            raise ValidationError(_("Enter an amount in yuan with at most two decimals."))
        try:
            cents = to_cents(value)
        except MoneyError:
            raise ValidationError(_("Enter an amount in yuan with at most two decimals.")) from None
        if cents < 0:
            raise ValidationError(_("The amount must be zero or more."))
        return cents


class EditLineForm(forms.Form):
    amount = YuanField(label=gettext_lazy("amount (yuan)"))
    reason = TextField(label=gettext_lazy("reason"), max_length=500)


class RequestForm(forms.Form):
    """A unit in scope asks for a kind in a month: at most an amount, at least a minimum."""

    unit = forms.ModelChoiceField(queryset=None, label=gettext_lazy("unit"))
    month = MonthField(label=gettext_lazy("month"))
    kind = forms.ChoiceField(label=gettext_lazy("resource kind"), choices=ResourceKind.choices)
    amount = YuanField(label=gettext_lazy("amount asked (yuan)"))
    least = YuanField(label=gettext_lazy("least needed (yuan)"), required=False)
    reason = TextField(label=gettext_lazy("reason"), max_length=500, required=False)

    def __init__(self, user, *args, **kwargs):
        from wangge.org.models import Unit

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.visible_to(user).order_by("code")
