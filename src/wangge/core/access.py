"""Roles, what each may see, and how personal numbers are masked.

The web layer asks these questions in one place each (a queryset method for
scope, a serializer/template filter for masking); the answers live here so a
company can change them in settings without code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

ROLES = (
    "marketing",  # city marketing department: sets targets, schemes, pools
    "center_director",  # regional center director / county branch head
    "grid_manager",
    "frontline",  # community, business-customer and customer managers
    "back_office",
    "auditor",
)

# Roles that see the whole city regardless of their own assignments.
CITY_WIDE_ROLES = frozenset({"marketing", "auditor"})

# Default post → role, for people created from a staff list.
ROLE_OF_POST = {
    "grid_manager": "grid_manager",
    "community_manager": "frontline",
    "business_manager": "frontline",
    "customer_manager": "frontline",
    "service_director": "frontline",
    "back_office": "back_office",
    "center_director": "center_director",
    "marketing_department": "marketing",
}


@dataclass(frozen=True)
class MaskingPolicy:
    """Which roles see a personal field in full; everyone else sees it masked."""

    unmasked: Mapping[str, frozenset[str]] = field(
        default_factory=lambda: {
            # the people who call customers need their numbers
            "phone": frozenset({"grid_manager", "frontline"}),
            "id_number": frozenset(),
        }
    )

    @classmethod
    def from_settings(cls, raw: Mapping[str, Iterable[str]] | None) -> MaskingPolicy:
        if not raw:
            return cls()
        unknown = {r for roles in raw.values() for r in roles} - set(ROLES)
        if unknown:
            raise ValueError(f"masking policy names unknown roles: {sorted(unknown)}")
        return cls(unmasked={name: frozenset(roles) for name, roles in raw.items()})

    def shows(self, field_name: str, role: str | None) -> bool:
        return role is not None and role in self.unmasked.get(field_name, frozenset())

    def apply(self, field_name: str, value: str | None, role: str | None) -> str | None:
        if value is None or self.shows(field_name, role):
            return value
        return mask(value)


def mask(value: str) -> str:
    """Keep the first 3 and last 4 characters (138****1234); hide all of a short value."""
    text = value.strip()
    if len(text) <= 7:
        return "*" * len(text)
    return f"{text[:3]}{'*' * (len(text) - 7)}{text[-4:]}"


def sees_city(role: str | None, *, is_superuser: bool = False) -> bool:
    return is_superuser or role in CITY_WIDE_ROLES
