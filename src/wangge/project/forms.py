"""The project's one POST of its own: the language switch in the frame's header."""

from __future__ import annotations

from django import forms
from django.conf import settings


def _languages():
    return settings.LANGUAGES


class LanguageForm(forms.Form):
    """The language chosen (one of ``settings.LANGUAGES``)."""

    language = forms.ChoiceField(choices=_languages)
