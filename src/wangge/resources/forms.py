"""The forms of the resource pages; amounts are yuan typed by a person, kept as cents."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wangge.base.forms import TextField
from wangge.core.money import MoneyError, to_cents


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
