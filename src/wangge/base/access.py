"""Who the signed-in person is to the rules: their role, and whether they may do an action.

The table of actions is the core's (``wangge.core.access``); this reads the role off
the user's person (``user.person.role``) so that every layer asks the same question
the same way. ``wangge.org.scope`` re-exports both for the apps.
"""

from __future__ import annotations

from wangge.core import access


def role_of(user) -> str | None:
    person = getattr(user, "person", None) if user is not None else None
    return person.role if person is not None else None


def may(user, action: str) -> bool:
    """Whether ``user`` may do ``action`` (see ``wangge.core.access.ACTIONS``).

    ``None`` is a batch run (the command line or the demo) acting for the company.
    """
    if user is None:
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    return access.may(role_of(user), action, is_superuser=user.is_superuser)
