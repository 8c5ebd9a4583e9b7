"""The keys the work records share, once: the grid a row belongs to (and through it who
sees the row), the customer or place it is about, who made it and when.

The reverse names come from each model's ``Meta.default_related_name`` (``unit.visits``,
``customer.work_orders``, ``person.surveys``), so a base field needs none of its own.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wangge.customers.models import Customer
from wangge.org.models import Person, Unit
from wangge.org.scoped import scoped_by
from wangge.territory.models import Place


class InGrid(models.Model):
    """A row of one grid, seen by whoever sees that grid."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, verbose_name=_("grid"))

    objects = scoped_by("unit").as_manager()

    class Meta:
        abstract = True


class AtCustomerOrPlace(models.Model):
    """About a customer, else a place (either may be empty). Its name in lists, the
    admin and history prints the code (a customer's name is personal: masked for some
    roles); pages show ``subject_name`` to the front line who made it."""

    customer = models.ForeignKey(
        Customer, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("customer")
    )
    place = models.ForeignKey(
        Place, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("place")
    )

    class Meta:
        abstract = True

    @property
    def subject_name(self) -> str:
        target = self.customer or self.place
        return target.name if target is not None else ""

    @property
    def subject_code(self) -> str:
        target = self.customer or self.place
        return target.code if target is not None else ""


class Made(models.Model):
    """Who made the row (a login, kept empty if it goes) and when."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        abstract = True


class AgreedAction(models.Model):
    """An action agreed for a grid (at a meeting, in the quarter's plan): what, whose,
    by when, done or not. The owner has no reverse name: actions are read from their
    meeting or plan."""

    text = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    due = models.DateField(_("due"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.text
