"""Front-line work: work orders, opportunities with their stage moves, visits, surveys.

Each row belongs to a grid (``unit``) and is seen by whoever sees that grid
(``scoped_by("unit")``). The rules (which move is allowed, what is overdue, how far a
check-in was) are ``wangge.core.work``; the service modules (``orders``, ``pipeline``,
``visits``, ``surveys``) are the only writers.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangge.core.work import orders as rules
from wangge.core.work.surveys import LINES as SURVEY_LINES
from wangge.customers.models import Customer
from wangge.org.models import Person, Unit
from wangge.org.scoped import scoped_by
from wangge.territory.models import Place
from wangge.work.choices import (
    BuyingRole,
    CampaignSource,
    NameOutcome,
    OpportunityKind,
    Outcome,
    OwnerChange,
    Provider,
    ResourceKind,
    Stage,
    WorkOrderKind,
    WorkOrderStatus,
)


class WorkOrder(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=WorkOrderKind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="work_orders", verbose_name=_("grid")
    )
    customer = models.ForeignKey(
        Customer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_orders",
        verbose_name=_("customer"),
    )
    place = models.ForeignKey(
        Place,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_orders",
        verbose_name=_("place"),
    )
    assignee = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="work_orders", verbose_name=_("assignee")
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=WorkOrderStatus.choices,
        default=WorkOrderStatus.ASSIGNED,
        db_index=True,
    )
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    deadline_at = models.DateTimeField(
        _("resolution deadline"),
        null=True,
        blank=True,
        help_text=_("complaints: escalated to the center director when missed"),
    )
    return_reason = models.CharField(_("reason for returning"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    escalated_to = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalated_work_orders",
        verbose_name=_("escalated to"),
    )
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = scoped_by("unit").as_manager()

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["assignee", "status"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def overdue(self) -> bool:
        return rules.is_overdue(self.status, self.due_at, timezone.now())


class Opportunity(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=16, choices=OpportunityKind.choices, db_index=True
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="opportunities", verbose_name=_("grid")
    )
    customer = models.ForeignKey(
        Customer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("customer"),
    )
    place = models.ForeignKey(
        Place,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("place"),
    )
    owner = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="opportunities", verbose_name=_("owner")
    )
    team = models.ManyToManyField(
        Person, blank=True, related_name="team_opportunities", verbose_name=_("team members")
    )
    value_cents = models.BigIntegerField(_("value (cents)"), default=0)
    expected_close = models.DateField(_("expected close"), null=True, blank=True)
    stage = models.CharField(
        _("stage"), max_length=16, choices=Stage.choices, default=Stage.CULTIVATE, db_index=True
    )
    outcome = models.CharField(
        _("outcome"), max_length=8, choices=Outcome.choices, default=Outcome.OPEN, db_index=True
    )
    outcome_reason = models.CharField(_("won/lost reason"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()
    objects = scoped_by("unit").as_manager()

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class StageMove(models.Model):
    """One move of an opportunity between stages (the first row: where it started)."""

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="moves", verbose_name=_("opportunity")
    )
    from_stage = models.CharField(_("from"), max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=16, choices=Stage.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moved by"),
    )
    moved_at = models.DateTimeField(_("moved at"), default=timezone.now)

    objects = scoped_by("opportunity__unit").as_manager()

    class Meta:
        verbose_name = _("stage move")
        verbose_name_plural = _("stage moves")
        ordering = ["moved_at", "id"]

    def __str__(self) -> str:
        return f"{self.opportunity}: {self.from_stage or '·'} → {self.to_stage}"


class AtCustomerOrPlace:
    """A visit or survey is at a customer, else at a place. Its name in lists, the admin
    and history prints the code (a customer's name is personal: masked for some roles);
    pages show ``subject_name`` to the front line who made it."""

    @property
    def subject_name(self) -> str:
        target = self.customer or self.place
        return target.name if target is not None else ""

    @property
    def subject_code(self) -> str:
        target = self.customer or self.place
        return target.code if target is not None else ""


class Visit(AtCustomerOrPlace, models.Model):
    """A visit to a customer or a place: checked in (and later out) with a GPS point."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="visits", verbose_name=_("visitor")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="visits", verbose_name=_("grid")
    )
    customer = models.ForeignKey(
        Customer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("customer"),
    )
    place = models.ForeignKey(
        Place,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("place"),
    )
    checked_in_at = models.DateTimeField(_("checked in at"), default=timezone.now)
    in_lat = models.FloatField(_("check-in latitude"))
    in_lon = models.FloatField(_("check-in longitude"))
    in_distance_m = models.FloatField(_("check-in distance (m)"), null=True, blank=True)
    in_outside = models.BooleanField(_("check-in outside the geofence"), default=False)
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)
    out_lat = models.FloatField(_("check-out latitude"), null=True, blank=True)
    out_lon = models.FloatField(_("check-out longitude"), null=True, blank=True)
    out_distance_m = models.FloatField(_("check-out distance (m)"), null=True, blank=True)
    out_outside = models.BooleanField(_("check-out outside the geofence"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)

    history = HistoricalRecords()
    objects = scoped_by("unit").as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-checked_in_at", "-id"]

    def __str__(self) -> str:
        return f"{self.person} @ {self.subject_code}" if self.subject_code else str(self.person)


def _provider_field(label):
    return models.CharField(label, max_length=16, choices=Provider.choices, blank=True)


class Survey(AtCustomerOrPlace, models.Model):
    """A door-to-door survey (扫楼/扫街): a surveyor's visit to a place or business in
    the street, who was met, the services in use and the needs, with a GPS point. The
    customer it names may have been created or updated by it (``customer_action``);
    the opportunity it raised, if any, is ``opportunity``."""

    surveyor = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="surveys", verbose_name=_("surveyor")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="surveys", verbose_name=_("grid")
    )
    place = models.ForeignKey(
        Place,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("place"),
    )
    customer = models.ForeignKey(
        Customer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("customer"),
    )
    customer_action = models.CharField(
        _("customer record"),
        max_length=8,
        choices=[("", _("unchanged")), ("created", _("created")), ("updated", _("updated"))],
        blank=True,
    )
    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("opportunity raised"),
    )
    met_name = models.CharField(_("person met"), max_length=100, blank=True)
    met_role = models.CharField(
        _("buying role"), max_length=16, choices=BuyingRole.choices, blank=True
    )
    mobile_provider = _provider_field(_("mobile provider"))
    broadband_provider = _provider_field(_("broadband provider"))
    fixed_provider = _provider_field(_("fixed-line provider"))
    dataline_provider = _provider_field(_("data-line provider"))
    contract_end = models.DateField(_("contract end"), null=True, blank=True)
    needs = models.TextField(_("needs"), blank=True)
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()
    objects = scoped_by("unit").as_manager()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.surveyor} @ {self.subject_code}" if self.subject_code else str(self.surveyor)

    def services(self) -> dict[str, str]:
        """Product line → provider code (blank: none known)."""
        return {line: getattr(self, f"{line}_provider") for line in SURVEY_LINES}


class Owner(models.Model):
    """Who owns a customer or a place (exactly one of them) within its grid. ``person``
    empty: in the grid's pool (公海). The row is kept, with its history, as the owner
    changes: each change says why (``reason``: given, returned, taken)."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="owned", verbose_name=_("grid")
    )
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
        related_name="owned",
        verbose_name=_("owner"),
    )
    since = models.DateTimeField(_("owned since"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=16, choices=OwnerChange.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    history = HistoricalRecords()
    objects = scoped_by("unit").as_manager()

    class Meta:
        verbose_name = _("owner")
        verbose_name_plural = _("owners")
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


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user, as_of=None) -> CampaignQuerySet:
        """Campaigns made in a unit ``user`` sees, or with names in a grid they see (a
        city-wide list reaches a grid manager through the names of their grid)."""
        from wangge.org.scope import visible_unit_ids

        if user is None or not user.is_authenticated:
            return self.none()
        ids = visible_unit_ids(user)
        if ids is None:
            return self
        with_names = CampaignName.objects.filter(unit_id__in=ids).values("campaign_id")
        return self.filter(models.Q(unit_id__in=ids) | models.Q(pk__in=with_names))


class Campaign(models.Model):
    """A name-list campaign (名单制营销): a list of customers, split to the people of
    their grids, each name tracked to an outcome."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("made for")
    )
    source = models.CharField(_("source"), max_length=8, choices=CampaignSource.choices)
    criteria = models.JSONField(_("criteria"), default=dict, blank=True)
    due = models.DateField(_("due"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    split_at = models.DateTimeField(_("split at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("name-list campaign")
        verbose_name_plural = _("name-list campaigns")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class CampaignName(models.Model):
    """One customer on a campaign's list: its grid, the person it was given to, and
    the outcome (converted: with the order that proves it)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="names", verbose_name=_("campaign")
    )
    customer = models.ForeignKey(
        Customer,
        on_delete=models.CASCADE,
        related_name="campaign_names",
        verbose_name=_("customer"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="campaign_names", verbose_name=_("grid")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaign_names",
        verbose_name=_("given to"),
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=16,
        choices=NameOutcome.choices,
        default=NameOutcome.PENDING,
        db_index=True,
    )
    order_ref = models.CharField(_("order number"), max_length=64, blank=True)
    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="campaign_names",
        verbose_name=_("opportunity"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = scoped_by("unit").as_manager()

    class Meta:
        verbose_name = _("name on a list")
        verbose_name_plural = _("names on lists")
        ordering = ["campaign", "unit", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "customer"], name="one_name_per_campaign")
        ]
        indexes = [models.Index(fields=["person", "outcome"])]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.customer.code}"


class GridPlan(models.Model):
    """A grid's plan for a quarter (一格一策): its priorities, with actions and owners."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="grid_plans", verbose_name=_("grid")
    )
    quarter = models.DateField(_("quarter"), help_text=_("the quarter's first day"))
    priorities = models.TextField(_("priorities"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    history = HistoricalRecords()
    objects = scoped_by("unit").as_manager()

    class Meta:
        verbose_name = _("grid plan")
        verbose_name_plural = _("grid plans")
        ordering = ["unit", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "quarter"], name="one_plan_per_grid_quarter")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.quarter:%Y-%m}"


class PlanAction(models.Model):
    plan = models.ForeignKey(
        GridPlan, on_delete=models.CASCADE, related_name="actions", verbose_name=_("grid plan")
    )
    text = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_actions",
        verbose_name=_("owner"),
    )
    due = models.DateField(_("due"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)

    history = HistoricalRecords()
    objects = scoped_by("plan__unit").as_manager()

    class Meta:
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")
        ordering = ["plan", "done", "due", "id"]

    def __str__(self) -> str:
        return self.text


class NetworkResourceQuerySet(models.QuerySet):
    def visible_to(self, user, as_of=None) -> NetworkResourceQuerySet:
        """The resources at the places ``user`` sees (by the place's grid)."""
        return self.filter(place__in=Place.objects.visible_to(user, as_of))


class NetworkResource(models.Model):
    """A base station, cross-connect box or set of broadband ports at a place, imported
    from the operator's resource system: a seller sees where broadband can be sold."""

    place = models.ForeignKey(
        Place, on_delete=models.CASCADE, related_name="network", verbose_name=_("place")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ResourceKind.choices, db_index=True)
    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    ports_total = models.PositiveIntegerField(_("ports"), default=0)
    ports_used = models.PositiveIntegerField(_("ports in use"), default=0)
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)

    history = HistoricalRecords()
    objects = NetworkResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("network resource")
        verbose_name_plural = _("network resources")
        ordering = ["place", "kind", "code"]

    def __str__(self) -> str:
        return self.code

    @property
    def ports_free(self) -> int:
        return max(0, self.ports_total - self.ports_used)
