"""Ownership within a grid: who follows a customer or a place up; nobody: the grid's
pool (公海), where the grid manager gives rows out again."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangge.base.fields import user_key
from wangge.customers.models import Customer
from wangge.org.models import Person
from wangge.territory.models import Place
from wangge.work.choices import OwnerChange
from wangge.work.models.base import InGrid


class Owner(InGrid):
    """Who owns a customer or a place (exactly one of them) within its grid. ``person``
    empty: in the grid's pool (公海). The row is kept, with its history, as the owner
    changes: each change says why (``reason``: given, returned, taken)."""

    customer = models.OneToOneField(
        Customer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="owner",
        verbose_name=_("customer"),
    )
    place = models.OneToOneField(
        Place,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="owner",
        verbose_name=_("place"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("owner"),
    )
    since = models.DateTimeField(_("owned since"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=16, choices=OwnerChange.choices)
    changed_by = user_key(_("changed by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("owner")
        verbose_name_plural = _("owners")
        default_related_name = "owned"
        ordering = ["unit", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(customer__isnull=False, place__isnull=True)
                | models.Q(customer__isnull=True, place__isnull=False),
                name="owner_of_customer_or_place",
            )
        ]

    def __str__(self) -> str:
        # a customer's name is personal: the code names the row in lists and history
        subject = self.customer or self.place
        code = subject.code if subject is not None else "·"
        return f"{code} → {self.person or '—'}"
