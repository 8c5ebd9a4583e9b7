"""Form fields every app's forms share, so a POST is read the way a query parameter is.

A month in a form is the month of ``?month=``: the same parser, the same bounds and
the same message (:func:`wangge.base.params.to_month`). A view that refuses a form
says which field and why with :func:`form_problem`, in the person's language.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wangge.base.params import BadParameter, no_control_characters, to_month


class MonthField(forms.CharField):
    """``YYYY-MM`` (what ``<input type="month">`` posts) as the month's first day."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.input_type = "month"

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return to_month(self.label or "month", value)
        except BadParameter as exc:
            raise ValidationError(next(iter(exc.detail.values()))[0]) from None


class MonthForm(forms.Form):
    """A posted month (the month a button acts on)."""

    month = MonthField(label=gettext_lazy("month"))


class TextField(forms.CharField):
    """Free text without control characters (PostgreSQL refuses a NUL byte)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [no_control_characters])
        super().__init__(*args, **kwargs)


def form_problem(form: forms.Form) -> str:
    """The first thing wrong with ``form``, as "field: message" for a page's message bar."""
    for name, errors in form.errors.items():
        if name == "__all__" or name not in form.fields:
            return str(errors[0])
        return _("%(field)s: %(problem)s") % {
            "field": form.fields[name].label or name,
            "problem": errors[0],
        }
    return ""
