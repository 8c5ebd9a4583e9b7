"""The pay pages' POSTs: the director's split of the discretionary part (a formset,
a row a person), the
department's decision on a submitted version, a filled input sheet.

Each form reads its fields the way the rest of the product does (yuan through
:func:`wangge.core.money.to_cents`, text without control characters) and says what
is wrong per person or field, so a view only asks ``is_valid()`` and acts.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wangge.base.forms import MonthField, TextField, form_problem
from wangge.core.money import MoneyError, to_cents
from wangge.org.models import Person
from wangge.pay.refusals import amount_problem


class SplitRowForm(forms.Form):
    """One person's row of the editor: who (one of the team), the discretionary amount
    in yuan (blank is nothing) and its reason."""

    person = forms.TypedChoiceField(
        label=gettext_lazy("person"), coerce=int, widget=forms.HiddenInput
    )
    disc = forms.CharField(required=False, max_length=40)
    reason = TextField(required=False, max_length=500)

    def __init__(self, *args, people: dict[int, Person], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(pid, pid) for pid in people]


class BaseSplitFormSet(forms.BaseFormSet):
    """The editor's rows, one :class:`SplitRowForm` a person of the team (prefix
    ``split``). ``allocations`` after validation is ``{person id: (cents, reason)}`` for
    every row with an amount or a reason; ``problems`` names each refused row by
    person, as the editor shows them."""

    def __init__(self, people: dict[int, Person], *args, **kwargs):
        kwargs.setdefault("prefix", "split")
        # every row is checked, however many the POST says were there at first
        form_kwargs = {"people": people, "empty_permitted": False}
        super().__init__(*args, form_kwargs=form_kwargs, **kwargs)
        self.people = people
        self.allocations: dict[int, tuple[int, str]] = {}
        self.problems: list[str] = []

    def clean(self):
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            person = self.people.get(data.get("person"))
            if person is None:  # not one of the team: refused like an unknown field
                self.problems.append(form_problem(form))
                continue
            who = f"{person.name} ({person.staff_no})"
            if not form.is_valid():
                for problems in form.errors.values():
                    self.problems.extend(f"{who}: {problem}" for problem in problems)
                continue
            if person.pk in self.allocations:
                self.problems.append(_("%(person)s: given twice") % {"person": who})
                continue
            text = (data.get("disc") or "").strip()
            reason = (data.get("reason") or "").strip()
            try:
                cents = to_cents(text) if text else 0
            except MoneyError:
                self.problems.append(
                    _("%(person)s: %(text)r is not an amount in yuan")
                    % {"person": who, "text": text}
                )
                continue
            too_large = amount_problem(cents, "allocation")
            if too_large:
                self.problems.append(f"{who}: {too_large}")
                continue
            if cents or reason:
                self.allocations[person.pk] = (cents, reason)
        if self.problems:
            raise forms.ValidationError(self.problems)


SplitFormSet = forms.formset_factory(SplitRowForm, formset=BaseSplitFormSet, extra=0)


class SplitActionForm(forms.Form):
    """Which of the editor's buttons was pressed."""

    action = forms.ChoiceField(
        choices=[("save", gettext_lazy("Save draft")), ("submit", gettext_lazy("Submit"))],
        required=False,
    )

    @property
    def submitting(self) -> bool:
        return self.cleaned_data.get("action") == "submit"


class PayMonthForm(forms.Form):
    """The month a pay page or button is about (``?month=`` or a posted ``month``);
    empty means the page's default month."""

    month = MonthField(label=gettext_lazy("month"), required=False)


class DecideForm(forms.Form):
    """The department's decision: approve, or return with a comment (the workflow
    refuses a return without one and says so)."""

    action = forms.ChoiceField(
        choices=[("approve", gettext_lazy("Approve")), ("return", gettext_lazy("Return"))]
    )
    comment = TextField(required=False, max_length=2000)


class InputFileForm(forms.Form):
    """A filled input sheet (the month comes with the page's ``?month=``)."""

    file = forms.FileField(
        label=gettext_lazy("file"), error_messages={"required": gettext_lazy("Choose a file.")}
    )
