"""The trail's filter as the reader types it: a table, a kind, a date range, who made
the change, and the unit or person it is about (by code or staff number, as people
know them), turned into a :class:`wangge.audit.trail.TrailFilter`."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wangge.audit.trail import KINDS, TrailFilter, audited_models
from wangge.base.forms import TextField
from wangge.core.org import subtree
from wangge.org.dated import today
from wangge.org.models import Person, Unit
from wangge.org.scope import unit_tree


class TrailForm(forms.Form):
    model = forms.ChoiceField(label=_("what"), required=False)
    kind = forms.ChoiceField(
        label=_("change"),
        required=False,
        choices=[("", _("All"))] + [(k, _(v)) for k, v in KINDS.items()],
    )
    date_from = forms.DateField(
        label=_("from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    by = TextField(
        label=_("changed by"),
        required=False,
        max_length=100,
        help_text=_("a person's name, staff number or log-in"),
    )
    unit = TextField(
        label=_("unit"), required=False, max_length=64, help_text=_("unit code; its subtree too")
    )
    person = TextField(
        label=_("about person"), required=False, max_length=64, help_text=_("staff number")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("All"))] + [
            (m._meta.label, m._meta.verbose_name) for m in audited_models()
        ]

    def clean_unit(self) -> frozenset[int] | None:
        code = self.cleaned_data["unit"].strip()
        if not code:
            return None
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise forms.ValidationError(_("No unit has the code %(code)s.") % {"code": code})
        return frozenset(subtree(unit_tree(today()), {unit.pk}))

    def clean_person(self) -> frozenset[int] | None:
        staff_no = self.cleaned_data["person"].strip()
        if not staff_no:
            return None
        person = Person.objects.filter(staff_no=staff_no).first()
        if person is None:
            raise forms.ValidationError(
                _("No person has the staff number %(no)s.") % {"no": staff_no}
            )
        return frozenset({person.pk})

    def clean_by(self) -> frozenset[int] | None:
        text = self.cleaned_data["by"].strip()
        if not text:
            return None
        users = get_user_model().objects.filter(
            Q(username=text) | Q(person__name=text) | Q(person__staff_no=text)
        )
        return frozenset(users.values_list("pk", flat=True))

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end is before the start."))
        return data

    def trail_filter(self) -> TrailFilter:
        d = self.cleaned_data
        zone = timezone.get_current_timezone()
        since = datetime.combine(d["date_from"], time(), zone) if d.get("date_from") else None
        until = (
            datetime.combine(d["date_to"] + timedelta(days=1), time(), zone)
            if d.get("date_to")
            else None
        )
        return TrailFilter(
            model_label=d.get("model") or None,
            since=since,
            until=until,
            kinds=frozenset({d["kind"]}) if d.get("kind") else frozenset(),
            by_user_ids=d.get("by"),
            unit_ids=d.get("unit"),
            person_ids=d.get("person"),
        )
