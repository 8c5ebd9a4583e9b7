"""The core's sentences in the viewer's language.

The core explains itself as ``Words``: a rule key and its figures (stored as
``{"rule": "completion.lower_ratio", "target": "1.1", ...}``). Here they are worded
through the catalogue: the rule's English template is the msgid, its Chinese
msgstr is filled with the same figures, so numbers stay exactly as the core wrote
them. Plain strings (labels, old rows stored before the rules existed) are looked
up in the catalogue as they are and shown unchanged when it has no entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext

from wangge.core.explain import Words, word

__all__ = ["say", "worded"]


def say(value: Any) -> Any:
    """A sentence, word or stored words dict in the viewer's language; other values as they are."""
    if value is None:
        return ""
    if isinstance(value, Words) or (isinstance(value, Mapping) and "rule" in value):
        return word(value, gettext)
    if isinstance(value, str):
        return gettext(value) if value else ""
    return value


def worded(value: Any) -> Any:
    """What to store for a sentence that may be ``Words``: its dict, else the value."""
    return value.as_dict() if isinstance(value, Words) else value
