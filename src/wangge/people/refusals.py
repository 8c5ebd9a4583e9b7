"""``PeopleRefused``: a write of the people side refused, naming the field (and the
person, unit or item) in the reader's language. Pages show it beside the form, the
API as ``{field: [message]}``; nothing is written."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


class PeopleRefused(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def need(user, action: str) -> None:
    from wangge.org.scope import may

    if not may(user, action):
        raise PermissionDenied


def person_of(user):
    return getattr(user, "person", None) if user is not None else None
