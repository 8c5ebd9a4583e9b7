"""Effective-dated links: one abstract model and one queryset method answer "as of D"."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def today() -> date:
    return timezone.localdate()


class DatedQuerySet(models.QuerySet):
    def as_of(self, day: date | None = None) -> DatedQuerySet:
        day = day or today()
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day), valid_from__lte=day)


def active_on(prefix: str, day: date) -> Q:
    """The same condition as ``as_of`` seen from a related model (``prefix`` is the relation)."""
    return Q(**{f"{prefix}__valid_from__lte": day}) & (
        Q(**{f"{prefix}__valid_to__isnull": True}) | Q(**{f"{prefix}__valid_to__gt": day})
    )


class Dated(models.Model):
    valid_from = models.DateField(_("valid from"), db_index=True)
    valid_to = models.DateField(
        _("valid to"), null=True, blank=True, help_text=_("exclusive; empty while in force")
    )

    objects = DatedQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.valid_to is not None and self.valid_to <= self.valid_from:
            raise ValidationError({"valid_to": _("must be after valid from")})
