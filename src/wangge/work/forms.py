"""The forms of every POST of the work pages. Each choice of a row is limited to the
poster's scope (a crafted id outside it is "not one of the available choices"); the
service module re-checks how the rows fit together."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wangge.core.money import MoneyError, to_cents
from wangge.core.months import parse_month
from wangge.customers.models import Customer, Ownership
from wangge.org.models import Person, Unit
from wangge.territory.models import Place
from wangge.work.choices import (
    CLOSING_OUTCOMES,
    RECORDED_OUTCOMES,
    BuyingRole,
    CompetitionKind,
    DuplicateChoice,
    Indicator,
    MeetingKind,
    OpportunityKind,
    Participants,
    Provider,
    Stage,
    WorkOrderKind,
    WorkOrderStatus,
)


class ScopedForm(forms.Form):
    """A form whose row choices come from ``visible_to(user)``."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = self.scoped(name, field.queryset.model)

    def scoped(self, name, model):
        qs = model.objects.visible_to(self.user)
        return qs.grids() if model is Unit else qs

    def refuse(self, exc) -> None:
        """Put a ``WorkRefused`` of the service beside its field."""
        self.add_error(exc.field if exc.field in self.fields else None, exc.message)


def _subject_fields():
    return {
        "customer": forms.ModelChoiceField(
            Customer.objects.none(), required=False, label=_("customer")
        ),
        "place": forms.ModelChoiceField(Place.objects.none(), required=False, label=_("place")),
    }


class WorkOrderForm(ScopedForm):
    kind = forms.ChoiceField(choices=WorkOrderKind.choices, label=_("kind"))
    title = forms.CharField(max_length=200, label=_("title"))
    description = forms.CharField(widget=forms.Textarea, required=False, label=_("description"))
    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("grid"))
    assignee = forms.ModelChoiceField(Person.objects.none(), label=_("assignee"))
    customer, place = _subject_fields().values()
    due_at = forms.DateTimeField(required=False, label=_("due"))
    deadline_at = forms.DateTimeField(required=False, label=_("resolution deadline"))


class OrderMoveForm(forms.Form):
    status = forms.ChoiceField(choices=WorkOrderStatus.choices, label=_("status"))
    reason = forms.CharField(max_length=500, required=False, label=_("reason"))


class YuanField(forms.CharField):
    """An amount typed in yuan ("12,000.50") as int cents."""

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return 0
        try:
            cents = to_cents(text.replace(",", "").replace("¥", ""))
        except (MoneyError, ValueError, ArithmeticError) as exc:
            raise forms.ValidationError(_("Enter an amount in yuan, like 12000.50.")) from exc
        if cents < 0:
            raise forms.ValidationError(_("The value cannot be negative."))
        if cents > 10**15:
            raise forms.ValidationError(_("The value is too large."))
        return cents


class OpportunityForm(ScopedForm):
    name = forms.CharField(max_length=200, label=_("name"))
    kind = forms.ChoiceField(choices=OpportunityKind.choices, label=_("kind"))
    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("grid"))
    owner = forms.ModelChoiceField(Person.objects.none(), required=False, label=_("owner"))
    team = forms.ModelMultipleChoiceField(
        Person.objects.none(), required=False, label=_("team members")
    )
    customer, place = _subject_fields().values()
    value = YuanField(required=False, label=_("value (yuan)"))
    expected_close = forms.DateField(required=False, label=_("expected close"))
    stage = forms.ChoiceField(choices=Stage.choices, initial=Stage.CULTIVATE, label=_("stage"))

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["team"].queryset = Person.objects.visible_to(user)


class StageMoveForm(forms.Form):
    stage = forms.ChoiceField(choices=Stage.choices, label=_("stage"))
    reason = forms.CharField(max_length=500, required=False, label=_("reason"))


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=CLOSING_OUTCOMES,
        label=_("outcome"),
    )
    reason = forms.CharField(max_length=500, required=False, label=_("won/lost reason"))


class GpsForm(forms.Form):
    """A GPS fix from the browser; missing means the phone refused or had none."""

    lat = forms.CharField(required=False, widget=forms.HiddenInput)
    lon = forms.CharField(required=False, widget=forms.HiddenInput)


class CheckInForm(ScopedForm, GpsForm):
    customer, place = _subject_fields().values()
    note = forms.CharField(max_length=500, required=False, label=_("note"))

    def clean(self):
        data = super().clean()
        if not data.get("customer") and not data.get("place"):
            raise forms.ValidationError(_("Choose the customer or the place you are visiting."))
        return data


def _provider(label):
    return forms.ChoiceField(
        choices=[("", _("none / not known")), *Provider.choices], required=False, label=label
    )


class SurveyForm(ScopedForm, GpsForm):
    """A door-to-door survey; the customer fields, when a name is given, create or
    update the customer; the opportunity fields, when a name is given, raise one."""

    unit = forms.ModelChoiceField(
        Unit.objects.none(), required=False, label=_("grid"), help_text=_("default: the place's")
    )
    place = forms.ModelChoiceField(Place.objects.none(), required=False, label=_("place"))
    customer = forms.ModelChoiceField(
        Customer.objects.none(), required=False, label=_("customer on file")
    )
    met_name = forms.CharField(max_length=100, required=False, label=_("person met"))
    met_role = forms.ChoiceField(
        choices=[("", "---------"), *BuyingRole.choices], required=False, label=_("buying role")
    )
    mobile = _provider(_("mobile provider"))
    broadband = _provider(_("broadband provider"))
    fixed = _provider(_("fixed-line provider"))
    dataline = _provider(_("data-line provider"))
    contract_end = forms.DateField(required=False, label=_("contract end"))
    needs = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("needs")
    )
    customer_name = forms.CharField(max_length=100, required=False, label=_("customer name"))
    customer_kind = forms.ChoiceField(
        choices=[("business", _("business")), ("individual", _("individual"))],
        required=False,
        label=_("customer kind"),
    )
    customer_phone = forms.CharField(max_length=30, required=False, label=_("phone"))
    customer_id_number = forms.CharField(
        max_length=30, required=False, label=_("credit code (统一社会信用代码)")
    )
    customer_address = forms.CharField(max_length=200, required=False, label=_("address"))
    opp_name = forms.CharField(max_length=200, required=False, label=_("opportunity to raise"))
    opp_kind = forms.ChoiceField(
        choices=OpportunityKind.choices, required=False, label=_("opportunity kind")
    )
    opp_value = YuanField(required=False, label=_("opportunity value (yuan)"))
    duplicate = forms.ChoiceField(
        choices=[("", ""), *DuplicateChoice.choices], required=False, widget=forms.HiddenInput
    )
    duplicate_of = forms.ModelChoiceField(
        Customer.objects.none(), required=False, widget=forms.HiddenInput
    )

    photo = forms.FileField(
        required=False, label=_("photo"), help_text=_("optional: a JPEG or PNG of at most 5 MB")
    )

    def clean(self):
        data = super().clean()
        if not data.get("unit") and not data.get("place") and not data.get("customer"):
            raise forms.ValidationError(_("Choose the grid, the place or the customer surveyed."))
        return data

    def service_arguments(self) -> dict:
        """The keyword arguments of ``surveys.record`` from the cleaned form."""
        d = self.cleaned_data
        customer, duplicate = d.get("customer"), d.get("duplicate") or ""
        if d.get("duplicate_of") is not None:
            customer, duplicate = d["duplicate_of"], DuplicateChoice.UPDATE
        args = {
            "lat": d.get("lat"),
            "lon": d.get("lon"),
            "unit": d.get("unit"),
            "place": d.get("place"),
            "customer": customer,
            "met_name": d.get("met_name", ""),
            "met_role": d.get("met_role", ""),
            "services": {
                line: d.get(line, "") for line in ("mobile", "broadband", "fixed", "dataline")
            },
            "contract_end": d.get("contract_end"),
            "needs": d.get("needs", ""),
            "duplicate": duplicate,
            "photo": d.get("photo"),
        }
        if d.get("customer_name"):
            args["customer_data"] = {
                "name": d["customer_name"],
                "kind": d.get("customer_kind") or "business",
                "phone": d.get("customer_phone", ""),
                "id_number": d.get("customer_id_number", ""),
                "address": d.get("customer_address", ""),
            }
        if d.get("opp_name"):
            args["opportunity"] = {
                "name": d["opp_name"],
                "kind": d.get("opp_kind") or OpportunityKind.BROADBAND,
                "value_cents": d.get("opp_value") or 0,
            }
        return args


class PoolGiveForm(ScopedForm):
    """The grid manager gives pooled customers and places of one grid to a person."""

    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("grid"))
    person = forms.ModelChoiceField(Person.objects.none(), label=_("give to"))
    customers = forms.ModelMultipleChoiceField(
        Customer.objects.none(), required=False, label=_("customers")
    )
    places = forms.ModelMultipleChoiceField(Place.objects.none(), required=False, label=_("places"))

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("customers") and not data.get("places"):
            self.add_error("customers", _("Choose the customers or places to give."))
        return data


class CampaignForm(forms.Form):
    """A name-list campaign from the customer list's filter (or, with ``file``, from an
    uploaded Excel of customer codes)."""

    name = forms.CharField(max_length=200, label=_("name"))
    description = forms.CharField(widget=forms.Textarea, required=False, label=_("description"))
    due = forms.DateField(required=False, label=_("due"))
    q = forms.CharField(max_length=100, required=False, label=_("name or code"))
    ownership = forms.ChoiceField(
        choices=[("", "---------"), *Ownership.choices], required=False, label=_("ownership")
    )
    tag = forms.ChoiceField(choices=[("", "---------")], required=False, label=_("tag"))
    file = forms.FileField(required=False, label=_("or an Excel file of customer codes (客户编码)"))

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from wangge.customers.models import Tag

        self.fields["tag"].choices = [("", "---------")] + [
            (t.code, t.label) for t in Tag.objects.visible_to(user).order_by("source", "code")
        ]


class RankedCampaignForm(forms.Form):
    """A name list from the churn-alert ranking: the month's risk list of one's scope,
    of one level or all, the first ``top`` names or all."""

    name = forms.CharField(max_length=200, label=_("name"))
    description = forms.CharField(widget=forms.Textarea, required=False, label=_("description"))
    due = forms.DateField(required=False, label=_("due"))
    month = forms.CharField(
        max_length=10, required=False, label=_("month"), help_text=_("YYYY-MM; empty: the latest")
    )
    level = forms.ChoiceField(choices=[], required=False, label=_("alert level"))
    top = forms.IntegerField(
        min_value=1, max_value=50_000, required=False, label=_("the first names only")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from wangge.work import rankings

        self.fields["level"].choices = [("", _("every level")), *rankings.levels()]

    def clean_month(self):
        value = (self.cleaned_data.get("month") or "").strip()
        if not value:
            return None
        try:
            return parse_month(value)
        except ValueError:
            raise forms.ValidationError(
                _("Write the month as YYYY-MM, not %(value)r.") % {"value": value}
            ) from None

    def service_arguments(self) -> dict:
        d = self.cleaned_data
        return {k: d[k] for k in ("name", "description", "due", "month", "level", "top")}


class NameOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(choices=RECORDED_OUTCOMES, label=_("outcome"))
    order_ref = forms.CharField(max_length=64, required=False, label=_("order number"))
    note = forms.CharField(max_length=500, required=False, label=_("note"))


class PrioritiesForm(forms.Form):
    priorities = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, label=_("priorities")
    )


class PlanActionForm(ScopedForm):
    text = forms.CharField(max_length=300, label=_("action"))
    owner = forms.ModelChoiceField(Person.objects.none(), required=False, label=_("owner"))
    due = forms.DateField(required=False, label=_("due"))


class ActionDoneForm(forms.Form):
    """Mark a plan action done (the default) or, with ``done=0``, open again."""

    done = forms.TypedChoiceField(
        choices=[("1", _("done")), ("0", _("not done"))],
        coerce=lambda v: v != "0",
        required=False,
        empty_value=True,
    )


class PrizesField(forms.CharField):
    """Prizes by place typed in yuan, separated by commas or spaces ("500 300 100"),
    as a list of int cents."""

    def to_python(self, value):
        text = (super().to_python(value) or "").replace("，", " ").replace("、", " ")
        parts = [p for p in text.replace(",", " ").split() if p]
        money = YuanField()
        out = []
        for n, part in enumerate(parts, start=1):
            try:
                out.append(money.to_python(part))
            except forms.ValidationError as exc:
                raise forms.ValidationError(
                    _("Prize %(n)s (%(value)s): %(problem)s")
                    % {"n": n, "value": part, "problem": " ".join(exc.messages)}
                ) from None
        return out


class CompetitionForm(ScopedForm):
    name = forms.CharField(max_length=200, label=_("name"))
    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("scope"))
    kind = forms.ChoiceField(choices=CompetitionKind.choices, label=_("kind"))
    indicator = forms.ChoiceField(choices=Indicator.choices, label=_("indicator"))
    participants = forms.ChoiceField(choices=Participants.choices, label=_("participants"))
    start = forms.DateField(label=_("first day"))
    end = forms.DateField(label=_("last day"))
    prizes = PrizesField(
        required=False, label=_("prizes in yuan by place"), help_text=_("e.g. 500 300 100")
    )
    description = forms.CharField(widget=forms.Textarea, required=False, label=_("description"))

    def scoped(self, name, model):
        if name == "unit":  # a center's or the city's contest, not only a grid's
            return Unit.objects.visible_to(self.user).order_by("kind", "code")
        return super().scoped(name, model)

    def service_arguments(self) -> dict:
        d = dict(self.cleaned_data)
        d["prizes_cents"] = d.pop("prizes")
        return d


class MeetingForm(ScopedForm):
    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("grid"))
    kind = forms.ChoiceField(choices=MeetingKind.choices, label=_("kind"))
    held_on = forms.DateField(label=_("held on"))
    topic = forms.CharField(max_length=200, label=_("topic"))
    attendees = forms.ModelMultipleChoiceField(
        Person.objects.none(),
        required=False,
        label=_("attendees"),
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(widget=forms.Textarea, required=False, label=_("minutes"))
    actions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("actions, one a line")
    )


class MeetingActionForm(ScopedForm):
    text = forms.CharField(max_length=300, label=_("action"))
    owner = forms.ModelChoiceField(Person.objects.none(), required=False, label=_("owner"))
    due = forms.DateField(required=False, label=_("due"))


class WorkLogForm(forms.Form):
    day = forms.DateField(label=_("day"))
    done = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label=_("work done"))
    plan = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("plan for the next day")
    )
