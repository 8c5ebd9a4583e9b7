"""Django permission groups for the product's roles, so the admin opens to the right people.

What a role may *see* is decided by scope (wangge.org.scope); these groups decide
what it may *do* in the admin.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from wangge.core.access import ROLES

APPS = ("org", "territory", "customers", "appraisal", "pay")

# role → (app, action) pairs beyond viewing, which every role may do in its scope
ACTIONS = {
    "marketing": [(app, action) for app in APPS for action in ("add", "change", "delete")],
    "center_director": [("org", "add"), ("org", "change")],
    "grid_manager": [],
    "frontline": [],
    "back_office": [],
    "auditor": [],
}


def ensure_role_groups() -> dict[str, Group]:
    groups = {}
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        perms = Permission.objects.filter(
            content_type__app_label__in=APPS, codename__startswith="view_"
        )
        extra = Permission.objects.none()
        for app, action in ACTIONS[role]:
            extra = extra | Permission.objects.filter(
                content_type__app_label=app, codename__startswith=f"{action}_"
            )
        group.permissions.set(list(perms) + list(extra))
        groups[role] = group
    return groups


def grant_role(user, role: str) -> None:
    """Let ``user`` into the admin with the permissions of ``role`` (scope still applies)."""
    group = Group.objects.filter(name=role).first() or ensure_role_groups()[role]
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(group)
