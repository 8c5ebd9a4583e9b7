"""What the appraisal rows about a unit or a person share: the two keys (one of them
set), one row per subject, their scope, and the name of the indicator or item they name."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wangge.org.models import Person, Unit


def _item(key: str) -> str:
    """An indicator's or item's name in the active language (names of rows in lists
    and in the audit trail; the code stays in the row's fields)."""
    from wangge.appraisal.names import item_name

    return item_name(key)


def subject_keys(related_name: str) -> tuple[models.ForeignKey, models.ForeignKey]:
    """The ``unit`` and ``person`` a row is about (``unit, person = subject_keys(...)``):
    either may be empty, a row names one of them."""
    return (
        models.ForeignKey(
            Unit,
            on_delete=models.PROTECT,
            null=True,
            blank=True,
            related_name=related_name,
            verbose_name=_("unit"),
        ),
        models.ForeignKey(
            Person,
            on_delete=models.PROTECT,
            null=True,
            blank=True,
            related_name=related_name,
            verbose_name=_("person"),
        ),
    )


def one_per_subject(name: str, *fields: str) -> list[models.UniqueConstraint]:
    """One row per ``fields`` for a unit and for a person; ``"subject"`` in ``fields``
    stands for the unit or the person (constraints ``<name>_unit_unique`` and
    ``<name>_person_unique``)."""

    def subject(key: str) -> list[str]:
        return [key if f == "subject" else f for f in fields]

    return [
        models.UniqueConstraint(
            fields=subject("unit"), condition=Q(person__isnull=True), name=f"{name}_unit_unique"
        ),
        models.UniqueConstraint(
            fields=subject("person"), condition=Q(unit__isnull=True), name=f"{name}_person_unique"
        ),
    ]


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
