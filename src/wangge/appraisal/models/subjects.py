"""What the appraisal rows about a unit or a person share: their scope, and the
name of the indicator or item they name."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from wangge.org.models import Person


def _item(key: str) -> str:
    """An indicator's or item's name in the active language (names of rows in lists
    and in the audit trail; the code stays in the row's fields)."""
    from wangge.appraisal.names import item_name

    return item_name(key)


class SubjectQuerySet(models.QuerySet):
    """Rows about a unit or a person: visible with the unit, or with a unit the person serves."""

    def visible_to(self, user, as_of=None):
        """Rows of a unit ``user`` sees today, or of a person ``Person.objects.visible_to``
        returns for ``as_of`` (assigned that day to a unit the user sees today)."""
        from wangge.org.scope import visible_unit_ids

        ids = visible_unit_ids(user)
        if ids is None:
            return self
        people = Person.objects.visible_to(user, as_of).values("pk")
        return self.filter(Q(unit_id__in=ids) | Q(person_id__in=people))
