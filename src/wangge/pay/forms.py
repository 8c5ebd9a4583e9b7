"""The pay pages' POSTs: the director's split of the discretionary part, the
department's decision on a submitted version, a filled input sheet.

Each form reads its fields the way the rest of the product does (yuan through
:func:`wangge.core.money.to_cents`, text without control characters) and says what
is wrong per person or field, so a view only asks ``is_valid()`` and acts.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wangge.base.forms import TextField
from wangge.core.money import MoneyError, to_cents
from wangge.org.models import Person
from wangge.pay.refusals import amount_problem


class SplitForm(forms.Form):
    """The editor's rows: per person ``disc_<id>`` (yuan, blank is nothing) and
    ``reason_<id>``, and which button was pressed. ``allocations`` after validation is
    ``{person id: (cents, reason)}`` for every row with an amount or a reason;
    ``problems`` names each refused row by person, as the editor shows them."""

    action = forms.ChoiceField(
        choices=[("save", gettext_lazy("Save draft")), ("submit", gettext_lazy("Submit"))],
        required=False,
    )

    def __init__(self, people: dict[int, Person], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = people
        for pid in people:
            self.fields[f"disc_{pid}"] = forms.CharField(required=False, max_length=40)
            self.fields[f"reason_{pid}"] = TextField(required=False, max_length=500)
        self.allocations: dict[int, tuple[int, str]] = {}
        self.problems: list[str] = []

    @property
    def submitting(self) -> bool:
        return self.cleaned_data.get("action") == "submit"

    def clean(self):
        data = super().clean()
        for pid, person in self.people.items():
            who = f"{person.name} ({person.staff_no})"
            for name in (f"disc_{pid}", f"reason_{pid}"):
                for problem in self.errors.get(name, ()):
                    self.problems.append(f"{who}: {problem}")
            text = (data.get(f"disc_{pid}") or "").strip()
            reason = (data.get(f"reason_{pid}") or "").strip()
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
                self.allocations[pid] = (cents, reason)
        if self.problems:
            raise forms.ValidationError(self.problems)
        return data


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
