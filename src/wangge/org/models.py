"""Units, people and the effective-dated links between them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangge.org.dated import Dated, DatedQuerySet
from wangge.org.scoped import UnitScoped, scoped_by


class UnitKind(models.TextChoices):
    CITY = "city", _("city company")
    CENTER = "center", _("regional marketing center")
    COUNTY = "county", _("county branch")
    AREA = "area", _("area")
    GRID = "grid", _("grid")
    VIRTUAL = "virtual", _("virtual unit")


class GridClass(models.TextChoices):
    A = "A", _("class A")
    B = "B", _("class B")


class GridType(models.TextChoices):
    RESIDENTIAL = "residential", _("residential")
    SMALL_BUSINESS = "small_business", _("small business")
    GOV_ENTERPRISE = "gov_enterprise", _("government and enterprise")
    CAMPUS = "campus", _("campus")
    RURAL = "rural", _("rural")


class Post(models.TextChoices):
    GRID_MANAGER = "grid_manager", _("grid manager")
    COMMUNITY_MANAGER = "community_manager", _("community manager")
    BUSINESS_MANAGER = "business_manager", _("business-customer manager (attack)")
    CUSTOMER_MANAGER = "customer_manager", _("customer manager (defense)")
    SERVICE_DIRECTOR = "service_director", _("service director")
    BACK_OFFICE = "back_office", _("back office")
    CENTER_DIRECTOR = "center_director", _("center director")
    MARKETING_DEPARTMENT = "marketing_department", _("marketing department")


class Level(models.TextChoices):
    JUNIOR = "junior", _("junior")
    INTERMEDIATE = "intermediate", _("intermediate")
    SENIOR = "senior", _("senior")
    IT_CONSULTANT = "it_consultant", _("IT consultant")


class Role(models.TextChoices):
    MARKETING = "marketing", _("marketing department")
    CENTER_DIRECTOR = "center_director", _("center director")
    GRID_MANAGER = "grid_manager", _("grid manager")
    FRONTLINE = "frontline", _("front-line staff")
    BACK_OFFICE = "back_office", _("back office")
    AUDITOR = "auditor", _("auditor")


class UnitQuerySet(models.QuerySet):
    def visible_to(self, user, as_of=None) -> UnitQuerySet:
        from wangge.org.scope import visible_unit_ids

        ids = visible_unit_ids(user)
        return self if ids is None else self.filter(pk__in=ids)

    def grids(self) -> UnitQuerySet:
        return self.filter(kind=UnitKind.GRID)


class Unit(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind.choices, db_index=True)
    grid_class = models.CharField(
        _("grid class"), max_length=1, choices=GridClass.choices, blank=True
    )
    grid_type = models.CharField(
        _("grid type"), max_length=16, choices=GridType.choices, blank=True
    )
    urban = models.BooleanField(_("urban"), default=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    boundary = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)
    households = models.PositiveIntegerField(_("households"), default=0)
    population = models.PositiveIntegerField(_("population"), default=0)
    enterprises = models.PositiveIntegerField(_("enterprises"), default=0)

    objects = UnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class OneParentAtATime(Dated):
    """A dated link whose child has at most one parent on any day (unit, place, customer).

    Two links of one child in force on the same day make the tree ambiguous, and every
    scope question for a person below it would fail; so an overlap is refused on every
    write, not only in forms. The database adds "one open link per child" as a constraint.
    """

    child_field = ""

    class Meta:
        abstract = True

    def overlapping(self) -> models.QuerySet:
        """The other links of the same child whose dates meet this one's."""
        child_id = getattr(self, f"{self.child_field}_id")
        others = type(self)._default_manager.filter(**{f"{self.child_field}_id": child_id})
        if self.pk is not None:
            others = others.exclude(pk=self.pk)
        others = others.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=self.valid_from))
        if self.valid_to is not None:
            others = others.filter(valid_from__lt=self.valid_to)
        return others

    def check_overlap(self) -> None:
        if getattr(self, f"{self.child_field}_id") is None or self.valid_from is None:
            return
        other = self.overlapping().first()
        if other is not None:
            raise ValidationError(
                _("%(child)s already has a link in force from %(start)s to %(end)s: %(link)s"),
                code="overlap",
                params={
                    "child": getattr(self, self.child_field),
                    "start": other.valid_from.isoformat(),
                    "end": other.valid_to.isoformat() if other.valid_to else "…",
                    "link": other,
                },
            )

    def clean(self) -> None:
        super().clean()
        self.check_overlap()

    def save(self, *args, **kwargs) -> None:
        self.check_overlap()
        super().save(*args, **kwargs)


def one_open_link(child_field: str, name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=[child_field], condition=Q(valid_to__isnull=True), name=name
    )


class UnitLink(OneParentAtATime):
    """A unit's place in the tree; a reorganisation closes one and opens another."""

    child_field = "unit"

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="parent_links", verbose_name=_("unit")
    )
    parent = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="child_links", verbose_name=_("parent unit")
    )

    history = HistoricalRecords()

    objects = scoped_by("unit", DatedQuerySet).as_manager()

    class Meta:
        verbose_name = _("unit link")
        verbose_name_plural = _("unit links")
        ordering = ["unit", "valid_from"]
        constraints = [one_open_link("unit", "one_open_parent_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit} → {self.parent} ({self.valid_from}–{self.valid_to or ''})"


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user, as_of=None) -> PersonQuerySet:
        """People with an assignment in force on ``as_of`` (default today) to a unit
        ``user`` sees today, and the user themselves; city-wide roles see everyone.

        Scope is today's (``wangge.org.scope``): ``as_of`` picks whose assignment
        counts, never which units count.
        """
        from wangge.org.dated import today
        from wangge.org.scope import visible_unit_ids

        ids = visible_unit_ids(user)
        if ids is None:
            return self
        me = getattr(user, "person", None) if user is not None else None
        staff = Assignment.objects.as_of(as_of or today()).filter(unit_id__in=ids)
        seen = models.Q(pk__in=staff.values("person_id"))
        if me is not None:
            seen |= models.Q(pk=me.pk)
        return self.filter(seen)


class Reorganisation(models.Model):
    """One run of ``wangge reorganise``: who ran it, for which day, and what it changed.

    Every history row it writes carries ``reorganisation #<id>`` as its change reason,
    so the audit trail shows the run as one entry with its link changes beneath it.
    """

    ran_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ran by"),
        help_text=_("empty for a run by the system (--system)"),
    )
    ran_at = models.DateTimeField(_("ran at"), auto_now_add=True)
    day = models.DateField(_("effective day"))
    summary = models.TextField(_("summary"), blank=True)
    closed = models.PositiveIntegerField(_("links closed"), default=0)
    opened = models.PositiveIntegerField(_("links opened"), default=0)

    class Meta:
        verbose_name = _("reorganisation")
        verbose_name_plural = _("reorganisations")
        ordering = ["-ran_at"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.day}"

    @property
    def reason(self) -> str:
        return f"{REORGANISATION_REASON}{self.pk}"


REORGANISATION_REASON = "reorganisation #"


class Person(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("login"),
    )
    staff_no = models.CharField(_("staff number"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=50)
    post = models.CharField(_("post"), max_length=32, choices=Post.choices)
    level = models.CharField(
        _("competency level"), max_length=16, choices=Level.choices, default=Level.JUNIOR
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    id_number = models.CharField(_("ID number"), max_length=20, blank=True)
    hired_on = models.DateField(_("hired on"), null=True, blank=True)

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["user"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["staff_no"]

    def __str__(self) -> str:
        return f"{self.name} ({self.staff_no})"


class AssignmentQuerySet(UnitScoped, DatedQuerySet):
    pass


class Assignment(Dated):
    """A person serves a unit in a post from valid_from until valid_to."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("person")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("unit")
    )
    post = models.CharField(_("post"), max_length=32, choices=Post.choices)

    objects = AssignmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["person", "valid_from"]

    def __str__(self) -> str:
        return f"{self.person} @ {self.unit} ({self.valid_from}–{self.valid_to or ''})"


class PreferenceQuerySet(models.QuerySet):
    def visible_to(self, user, as_of=None):
        """One's own preferences only: nobody reads another person's."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class Preference(models.Model):
    """A log-in's own choices, kept across sessions: today the page language (empty for
    the company's default, Simplified Chinese). The language switch writes it; every
    request after log-in reads it (``wangge.project.middleware.PreferredLanguage``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="preference",
        verbose_name=_("login"),
    )
    language = models.CharField(_("page language"), max_length=16, blank=True)

    objects = PreferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("preference")
        verbose_name_plural = _("preferences")

    def __str__(self) -> str:
        return f"{self.user} · {self.language or '-'}"
