"""The upload form of the intake page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wangge.base.forms import MonthField, TextField
from wangge.core.intake.kinds import KINDS
from wangge.intake.models import ImportProfile
from wangge.intake.services import SUPPORTED


class UploadForm(forms.Form):
    """One file to import: what it holds, how its columns map, and for monthly facts
    their month. The mapping profiles offered are those the uploader may see."""

    kind = forms.ChoiceField(label=_("What the file holds"))
    profile = forms.ModelChoiceField(
        ImportProfile.objects.none(),
        required=False,
        label=_("Mapping profile"),
        empty_label=_("Propose from the headers"),
    )
    month = MonthField(required=False, label=_("Month (monthly facts)"))
    sheet = TextField(required=False, max_length=100, label=_("Sheet (XLSX, default the first)"))
    file = forms.FileField(label=_("File"))
    dry_run = forms.BooleanField(
        required=False, label=_("Check only: show the parsed rows, write nothing")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(name, KINDS[name].label) for name in SUPPORTED]
        self.fields["profile"].queryset = ImportProfile.objects.visible_to(user)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind and KINDS[kind].monthly and not data.get("month"):
            self.add_error("month", _("Monthly facts need their month."))
        return data
