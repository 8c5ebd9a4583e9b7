"""Querysets whose ``visible_to`` follows one path to a unit, so each model states its
scope in one line and no model reaches a person without one.

``UnitScoped`` is for rows that belong to a unit (``unit_path`` names the relation);
``CityWide`` is for the company's rules (indicators, schemes, pay configuration), the
same for everyone signed in. Both fail closed: nobody signed in sees nothing.
"""

from __future__ import annotations

from django.db import models


def _signed_in(user) -> bool:
    return user is None or (user.is_authenticated and user.is_active)


class UnitScoped(models.QuerySet):
    """Rows of the units ``user`` sees today (``wangge.org.scope.visible_unit_ids``)."""

    unit_path = "unit"

    def visible_to(self, user, as_of=None):
        from wangge.org.scope import visible_unit_ids

        ids = visible_unit_ids(user)
        return self if ids is None else self.filter(**{f"{self.unit_path}__in": ids})


class CityWide(models.QuerySet):
    """The company's own rules: no personal data, readable by every signed-in person."""

    def visible_to(self, user, as_of=None):
        return self if _signed_in(user) else self.none()


def scoped_by(unit_path: str, *bases: type[models.QuerySet]) -> type[UnitScoped]:
    """A ``UnitScoped`` queryset class reaching its unit through ``unit_path``."""
    name = "ScopedBy" + "".join(part.title() for part in unit_path.split("__"))
    return type(name, (UnitScoped, *bases), {"unit_path": unit_path})


def city_wide(*bases: type[models.QuerySet]) -> type[CityWide]:
    return type("CityWideDated" if bases else "CityWideRows", (CityWide, *bases), {})
