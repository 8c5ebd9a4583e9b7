"""Django permission groups for the product's roles, so the admin opens to the right people.

The groups are derived from the one access table (``wangge.core.access.ADMIN_CHANGE``,
``ADMIN_VIEW`` and ``GRANTS``); nothing here decides anything. What a role may *see*
is its scope (``wangge.org.scope``); the admin asks the table again on every request,
so a permission added to a group by hand cannot go beyond it.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from wangge.core.access import ADMIN_CHANGE, ROLES, admin_verbs


def role_permissions(role: str) -> Q:
    """The Django permissions of ``role``, as one query over ``Permission``."""
    wanted = Q(pk__in=[])
    for label in ADMIN_CHANGE:
        app, model = label.split(".")
        verbs = admin_verbs(role, label)
        if verbs:
            wanted |= Q(
                content_type__app_label=app,
                content_type__model=model,
                codename__in=[f"{verb}_{model}" for verb in verbs],
            )
    return wanted


def ensure_role_groups() -> dict[str, Group]:
    groups = {}
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(Permission.objects.filter(role_permissions(role)))
        groups[role] = group
    return groups


def grant_role(user, role: str) -> None:
    """Let ``user`` into the admin with the permissions of ``role`` (scope still applies)."""
    group = Group.objects.filter(name=role).first() or ensure_role_groups()[role]
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(group)
