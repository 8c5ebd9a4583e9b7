"""Forms of the territory pages: start a grid proposal, accept one."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wangge.core.months import add_months
from wangge.org.dated import today
from wangge.org.models import Unit
from wangge.territory.choices import ProposalMode
from wangge.territory.models import PlaceKind
from wangge.territory.proposals import AREA_KINDS, FIXABLE


class ProposalForm(forms.Form):
    area = forms.ModelChoiceField(Unit.objects.none(), label=_("area"))
    mode = forms.ChoiceField(choices=ProposalMode.choices, label=_("mode"))
    k = forms.IntegerField(min_value=1, max_value=5000, label=_("number of grids"))
    tolerance = forms.DecimalField(
        min_value=1, max_value=50, decimal_places=1, initial=5, label=_("tolerance (± %)")
    )
    fixed_kinds = forms.MultipleChoiceField(
        choices=[(k.value, k.label) for k in PlaceKind if k in FIXABLE],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("grids of their own first"),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # only the areas the person sees: a posted area outside them is refused like an
        # unknown one
        self.fields["area"].queryset = Unit.objects.visible_to(user).filter(kind__in=AREA_KINDS)


class AcceptForm(forms.Form):
    day = forms.DateField(label=_("effective day"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        first = today().replace(day=1)
        self.fields["day"].initial = add_months(first, 1)
