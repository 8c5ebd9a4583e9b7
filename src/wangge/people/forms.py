"""The forms of the people pages. Row choices come from ``visible_to(user)`` (people
from the team one reads, grids and units from one's scope), so a posted id outside
scope is refused like an unknown one; the services check again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wangge.base.forms import MonthField, TextField
from wangge.core.people.ratings import FULL_MARKS
from wangge.org.models import Level, Person, Unit
from wangge.people.models import Course, Session, SkillItem, Survey, people_seen

HOURS = {"max_digits": 5, "decimal_places": 2, "min_value": 0, "max_value": 999}


class ScopedForm(forms.Form):
    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                model = field.queryset.model
                field.queryset = (people_seen(user) if model is Person
                                  else model.objects.visible_to(user))  # fmt: skip

    def refuse(self, exc) -> None:
        self.add_error(exc.field if exc.field in self.fields else None, exc.message)


class SessionForm(ScopedForm):
    course = forms.ModelChoiceField(Course.objects.all(), label=_("course"))
    unit = forms.ModelChoiceField(Unit.objects.all(), label=_("held by"))
    day = forms.DateField(label=_("day"), widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.DecimalField(label=_("hours"), **HOURS)
    place = TextField(label=_("place"), max_length=100, required=False)


class AttendanceForm(ScopedForm):
    session = forms.ModelChoiceField(Session.objects.all(), label=_("training session"))
    person = forms.ModelMultipleChoiceField(Person.objects.all(), label=_("people"))
    hours = forms.DecimalField(label=_("hours each"), **HOURS)

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["person"].queryset = people_seen(user)


class AssessmentForm(ScopedForm):
    person = forms.ModelChoiceField(Person.objects.all(), label=_("person"))
    skill = forms.ModelChoiceField(SkillItem.objects.all(), label=_("skill item"))
    level = forms.ChoiceField(choices=Level.choices, label=_("level"))
    day = forms.DateField(label=_("day"), widget=forms.DateInput(attrs={"type": "date"}))
    note = TextField(label=_("note"), max_length=500, required=False)


class CertificationForm(ScopedForm):
    person = forms.ModelChoiceField(Person.objects.all(), label=_("person"))
    level = forms.ChoiceField(choices=Level.choices, label=_("level"))
    certified_on = forms.DateField(label=_("certified on"),
                                   widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    valid_until = forms.DateField(label=_("valid until"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip


class AuditForm(ScopedForm):
    """The grid and month; one points / finding / photo field per checklist item."""

    grid = forms.ModelChoiceField(Unit.objects.all(), label=_("grid"))
    month = MonthField(label=_("month"))
    note = TextField(label=_("note"), max_length=500, required=False)

    def __init__(self, user, items, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["grid"].queryset = Unit.objects.visible_to(user).grids()
        self.items = list(items)
        for item in self.items:
            self.fields[f"item-{item.code}"] = forms.DecimalField(
                label=item.text, max_digits=6, decimal_places=2
            )  # the maximum is the service's check, worded with the item's name
            self.fields[f"finding-{item.code}"] = TextField(
                label=_("finding"), max_length=500, required=False
            )
            self.fields[f"photo-{item.code}"] = forms.FileField(
                label=_("evidence photo"), required=False
            )

    def rows(self):
        return [(i, self[f"item-{i.code}"], self[f"finding-{i.code}"], self[f"photo-{i.code}"])
                for i in self.items]  # fmt: skip


def _score(label):
    return forms.IntegerField(label=label, min_value=0, max_value=FULL_MARKS)


class RatingForm(forms.Form):
    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("support unit"))
    month = MonthField(label=_("month"))
    responsiveness = _score(_("timeliness"))
    problem_solving = _score(_("quality of the help"))
    attitude = _score(_("attitude"))
    comment = TextField(label=_("comment"), max_length=500, required=False)

    def __init__(self, user, *args, **kwargs):
        from wangge.people.ratings import support_units

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(
            pk__in=[u.pk for u in support_units(user)]
        )

    def refuse(self, exc) -> None:
        self.add_error(exc.field if exc.field in self.fields else None, exc.message)


class ResponseForm(ScopedForm):
    """One customer's answers to the survey: grid, month, customer code, one answer
    per question (the scale is the service's check, worded with the question)."""

    grid = forms.ModelChoiceField(Unit.objects.all(), label=_("grid"))
    month = MonthField(label=_("month"))
    customer = TextField(label=_("customer code"), max_length=32, required=False)

    def __init__(self, user, questions, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["grid"].queryset = Unit.objects.visible_to(user).grids()
        self.questions = list(questions)
        for q in self.questions:
            self.fields[f"answer-{q.code}"] = forms.IntegerField(label=q.text)

    def answer_fields(self):
        return [self[f"answer-{q.code}"] for q in self.questions]


class SurveyChoiceForm(ScopedForm):
    """Which of the active surveys in scope a page or a post is about (by code; none
    given: the first)."""

    survey = forms.ModelChoiceField(Survey.objects.all(), to_field_name="code", required=False)

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["survey"].queryset = self.fields["survey"].queryset.filter(active=True)

    def chosen(self) -> Survey | None:
        """The survey asked for, the first active one when none is, None when the code
        names no survey in scope."""
        if not self.is_valid():
            return None
        surveys = self.fields["survey"].queryset.order_by("code")
        return self.cleaned_data["survey"] or surveys.first()


class SurveyImportForm(forms.Form):
    month = MonthField(label=_("month"))
    file = forms.FileField(label=_("Excel file (.xlsx)"))
