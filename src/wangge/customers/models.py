"""Customers, their grid over time, and their subscriptions.

Monthly facts per subscription are not rows here: they live in the analytics
store (Parquet by month) so that years of a province fit.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangge.org.dated import DatedQuerySet, active_on, today
from wangge.org.models import OneParentAtATime, Person, Unit, one_open_link
from wangge.org.scoped import city_wide, scoped_by
from wangge.territory.models import Channel, Place


class CustomerKind(models.TextChoices):
    INDIVIDUAL = "individual", _("individual")
    HOUSEHOLD = "household", _("household")
    BUSINESS = "business", _("business")


class Ownership(models.TextChoices):
    OURS = "ours", _("in network")
    COMPETITOR = "competitor", _("competitor's")
    POTENTIAL = "potential", _("potential")


class ProductLine(models.TextChoices):
    MOBILE = "mobile", _("mobile")
    BROADBAND = "broadband", _("broadband")
    FIXED = "fixed", _("fixed line")
    IPTV = "iptv", _("IPTV")
    DATALINE = "dataline", _("data line")


class SubscriptionStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    SUSPENDED = "suspended", _("suspended")
    DISCONNECTED = "disconnected", _("disconnected")
    CANCELLED = "cancelled", _("cancelled")


class CustomerQuerySet(models.QuerySet):
    def visible_to(self, user, as_of=None) -> CustomerQuerySet:
        """Customers in the grids ``user`` may see, by the customer's grid on that day."""
        from wangge.org.scope import visible_unit_ids

        day = as_of or today()
        ids = visible_unit_ids(user)
        if ids is None:
            return self
        grid_links = CustomerGrid.objects.as_of(day).filter(grid_id__in=ids)
        return self.filter(pk__in=grid_links.values("customer_id"))


class Customer(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=CustomerKind.choices, db_index=True)
    ownership = models.CharField(
        _("ownership"), max_length=16, choices=Ownership.choices, db_index=True
    )
    place = models.ForeignKey(
        Place,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="customers",
        verbose_name=_("place"),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    id_number = models.CharField(_("ID number"), max_length=20, blank=True)
    industry = models.CharField(_("industry"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)

    objects = CustomerQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def grid_on(self, day=None) -> Unit | None:
        link = self.grid_links.as_of(day or today()).select_related("grid").first()
        return link.grid if link else None


class CustomerGrid(OneParentAtATime):
    child_field = "customer"

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="grid_links", verbose_name=_("customer")
    )
    grid = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="customer_links", verbose_name=_("grid")
    )

    history = HistoricalRecords()

    objects = scoped_by("grid", DatedQuerySet).as_manager()

    class Meta:
        verbose_name = _("customer in grid")
        verbose_name_plural = _("customers in grids")
        indexes = [models.Index(fields=["grid", "valid_from"])]
        constraints = [one_open_link("customer", "one_open_grid_per_customer")]

    def __str__(self) -> str:
        return f"{self.customer} → {self.grid}"


class SubscriptionQuerySet(models.QuerySet):
    def visible_to(self, user, as_of=None) -> SubscriptionQuerySet:
        from wangge.org.scope import visible_unit_ids

        day = as_of or today()
        ids = visible_unit_ids(user)
        if ids is None:
            return self
        return self.filter(
            active_on("customer__grid_links", day), customer__grid_links__grid_id__in=ids
        )


class Subscription(models.Model):
    # the operator's own code (用户编码) that an import matches on; empty for rows made here
    code = models.CharField(_("code"), max_length=32, unique=True, null=True, blank=True)
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="subscriptions", verbose_name=_("customer")
    )
    product_line = models.CharField(
        _("product line"), max_length=16, choices=ProductLine.choices, db_index=True
    )
    product = models.CharField(_("product"), max_length=100)
    number = models.CharField(_("number"), max_length=32, blank=True)
    monthly_fee_cents = models.BigIntegerField(_("monthly fee (cents)"), default=0)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    contract_end = models.DateField(_("contract/promotion end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=SubscriptionStatus.choices, db_index=True
    )
    channel = models.ForeignKey(
        Channel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("channel"),
    )
    sold_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sales",
        verbose_name=_("sold by"),
    )

    objects = SubscriptionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["id"]

    def __str__(self) -> str:
        # the number is personal (masked for most roles), so it stays out of every
        # title, choice label and history line that prints a subscription
        return f"{self.get_product_line_display()} {self.product} #{self.pk}"


class TagSource(models.TextChoices):
    RULE = "rule", _("rule")
    IMPORT = "import", _("import")


class Tag(models.Model):
    """A customer segment to pick lists by: a rule's (``code`` is the rule of
    ``wangge.core.work.tags``, named by the catalogue) or an imported one (its name)."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=100)
    source = models.CharField(_("source"), max_length=8, choices=TagSource.choices)

    objects = city_wide().as_manager()

    class Meta:
        verbose_name = _("customer tag")
        verbose_name_plural = _("customer tags")
        ordering = ["source", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        from django.utils.translation import gettext

        return gettext(self.name) if self.source == TagSource.RULE else self.name


class CustomerTagQuerySet(models.QuerySet):
    def visible_to(self, user, as_of=None) -> CustomerTagQuerySet:
        """The tags of the customers ``user`` sees."""
        return self.filter(customer__in=Customer.objects.visible_to(user, as_of))


class CustomerTag(models.Model):
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="tags", verbose_name=_("customer")
    )
    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, related_name="customers", verbose_name=_("tag")
    )
    since = models.DateField(_("since"), default=today)

    objects = CustomerTagQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tag of a customer")
        verbose_name_plural = _("tags of customers")
        constraints = [
            models.UniqueConstraint(fields=["customer", "tag"], name="one_tag_per_customer")
        ]

    def __str__(self) -> str:
        return f"{self.customer.code}: {self.tag.code}"
