"""Training, competency, standardisation audits and reverse appraisal.

Rows about a person (attendance, assessments, certifications) are seen by the person
and by whoever reads the team of the units they serve (``people.view_team``); rows of
a unit (sessions, audits) by whoever sees the unit; the company's own lists (courses,
the competency model, the audit checklist) by everyone signed in. A rating is seen by
its rater and by those who read the team of the rated unit, never by the rated.
The service modules (``training``, ``competency``, ``audits``, ``ratings``, ``feed``)
are the only writers of the recorded rows.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangge.org.models import Level, Person, Post, Unit
from wangge.org.scoped import city_wide, scoped_by
from wangge.people.choices import ResponseSource, Section

HOURS = {"max_digits": 5, "decimal_places": 2}


def evidence_storage():
    """Audit photos under ``$WANGGE_DATA_DIR/evidence``, served only through the audit's
    page to those who see the grid (never as public media)."""
    from django.core.files.storage import FileSystemStorage

    return FileSystemStorage(location=settings.DATA_DIR / "evidence")


def people_seen(user):
    """The people whose training and competency ``user`` reads: the team of the units in
    scope with ``people.view_team``, else only themselves."""
    from wangge.org.scope import may

    if may(user, "people.view_team"):
        return Person.objects.visible_to(user)
    me = getattr(user, "person", None) if user is not None else None
    return Person.objects.filter(pk=me.pk) if me is not None else Person.objects.none()


class PersonRows(models.QuerySet):
    def visible_to(self, user, as_of=None):
        return self.filter(person__in=people_seen(user).values("pk"))


class SkillItem(models.Model):
    """A skill of the competency model, with what each level means for it."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    descriptions = models.JSONField(_("level descriptions"), default=dict, blank=True)

    objects = city_wide().as_manager()

    class Meta:
        verbose_name = _("skill item")
        verbose_name_plural = _("skill items")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Requirement(models.Model):
    """The competency model of a post: the level each skill needs."""

    post = models.CharField(_("post"), max_length=32, choices=Post.choices, db_index=True)
    skill = models.ForeignKey(SkillItem, on_delete=models.CASCADE, related_name="requirements",
                              verbose_name=_("skill item"))  # fmt: skip
    level = models.CharField(_("level required"), max_length=16, choices=Level.choices)

    history = HistoricalRecords()
    objects = city_wide().as_manager()

    class Meta:
        verbose_name = _("competency requirement")
        verbose_name_plural = _("competency requirements")
        ordering = ["post", "skill__code"]
        constraints = [models.UniqueConstraint(fields=["post", "skill"], name="one_requirement")]

    def __str__(self) -> str:
        return f"{self.get_post_display()} {self.skill}: {self.get_level_display()}"


class Course(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    hours = models.DecimalField(_("hours"), **HOURS)
    skills = models.ManyToManyField(SkillItem, blank=True, related_name="courses",
                                    verbose_name=_("skills taught"))  # fmt: skip

    objects = city_wide().as_manager()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    """A course held on one day by a unit."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions",
                               verbose_name=_("course"))  # fmt: skip
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="training_sessions",
                             verbose_name=_("held by"))  # fmt: skip
    day = models.DateField(_("day"), db_index=True)
    hours = models.DecimalField(_("hours"), **HOURS)
    place = models.CharField(_("place"), max_length=100, blank=True)

    history = HistoricalRecords()
    objects = scoped_by("unit").as_manager()

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-day", "-id"]

    def __str__(self) -> str:
        return f"{self.course} {self.day}"


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="attendance",
                                verbose_name=_("training session"))  # fmt: skip
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendance",
                               verbose_name=_("person"))  # fmt: skip
    hours = models.DecimalField(_("hours"), **HOURS)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, related_name="+",
                                    verbose_name=_("recorded by"))  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()
    objects = PersonRows.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["-session__day", "person__staff_no"]
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="attended_once")]

    def __str__(self) -> str:
        return f"{self.person} {self.session}: {self.hours}"


class Assessment(models.Model):
    """An assessor's finding of one person's level in one skill on one day."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="assessments",
                               verbose_name=_("person"))  # fmt: skip
    skill = models.ForeignKey(SkillItem, on_delete=models.PROTECT, related_name="assessments",
                              verbose_name=_("skill item"))  # fmt: skip
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    day = models.DateField(_("day"))
    assessor = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+",
                                 verbose_name=_("assessor"))  # fmt: skip
    note = models.CharField(_("note"), max_length=500, blank=True)

    history = HistoricalRecords()
    objects = PersonRows.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-day", "-id"]

    def __str__(self) -> str:
        return f"{self.person} {self.skill}: {self.get_level_display()}"


class Certification(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="certifications",
                               verbose_name=_("person"))  # fmt: skip
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    certified_on = models.DateField(_("certified on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    certified_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True,
                                     related_name="+", verbose_name=_("certified by"))  # fmt: skip

    history = HistoricalRecords()
    objects = PersonRows.as_manager()

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ["-certified_on", "-id"]

    def __str__(self) -> str:
        return f"{self.person} {self.get_level_display()} {self.certified_on}"


class AuditItem(models.Model):
    """One line of the standardisation checklist, worth at most ``max_points``."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    section = models.CharField(_("section"), max_length=32, choices=Section.choices)
    text = models.CharField(_("checklist item"), max_length=200)
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2)
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()
    objects = city_wide().as_manager()

    class Meta:
        verbose_name = _("audit checklist item")
        verbose_name_plural = _("audit checklist items")
        ordering = ["section", "order", "code"]

    def __str__(self) -> str:
        return self.text


class Audit(models.Model):
    """A grid's standardisation audit of one month, its section scores and total."""

    grid = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="standard_audits",
                             verbose_name=_("grid"))  # fmt: skip
    month = models.DateField(_("month"), db_index=True)
    auditor = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+",
                                verbose_name=_("auditor"))  # fmt: skip
    sections = models.JSONField(_("section scores"), default=dict)
    total = models.DecimalField(_("total"), max_digits=7, decimal_places=2)
    passed = models.BooleanField(_("passed"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()
    objects = scoped_by("grid").as_manager()

    class Meta:
        verbose_name = _("standardisation audit")
        verbose_name_plural = _("standardisation audits")
        ordering = ["-month", "grid__code"]
        constraints = [models.UniqueConstraint(fields=["grid", "month"], name="one_audit")]

    def __str__(self) -> str:
        return f"{self.grid} {self.month:%Y-%m}: {self.total}"


class Finding(models.Model):
    """One checklist item of an audit: the points given, what was found, a photo."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="findings",
                              verbose_name=_("standardisation audit"))  # fmt: skip
    item = models.ForeignKey(AuditItem, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("checklist item"))  # fmt: skip
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    finding = models.CharField(_("finding"), max_length=500, blank=True)
    photo = models.FileField(_("evidence photo"), storage=evidence_storage,
                             upload_to="%Y/%m/", blank=True)  # fmt: skip

    history = HistoricalRecords()
    objects = scoped_by("audit__grid").as_manager()

    class Meta:
        verbose_name = _("audit finding")
        verbose_name_plural = _("audit findings")
        ordering = ["item__section", "item__order", "item__code"]
        constraints = [models.UniqueConstraint(fields=["audit", "item"], name="one_finding")]

    def __str__(self) -> str:
        return f"{self.audit} {self.item}: {self.points}"


class RatingQuerySet(models.QuerySet):
    def visible_to(self, user, as_of=None):
        """One's own ratings; with ``people.view_team``, those of the units in scope."""
        from wangge.org.scope import may, visible_unit_ids

        me = getattr(user, "person", None) if user is not None else None
        mine = Q(rater=me) if me is not None else Q(pk__in=[])
        if not may(user, "people.view_team"):
            return self.filter(mine)
        ids = visible_unit_ids(user)
        return self if ids is None else self.filter(mine | Q(unit__in=ids))


SCORE = {"validators": [MaxValueValidator(100)]}


class Rating(models.Model):
    """A front-line person's monthly rating of a support unit (反向考核)."""

    rater = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="ratings_given",
                              verbose_name=_("rater"))  # fmt: skip
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="ratings_received",
                             verbose_name=_("support unit"))  # fmt: skip
    month = models.DateField(_("month"), db_index=True)
    responsiveness = models.PositiveSmallIntegerField(_("timeliness"), **SCORE)
    problem_solving = models.PositiveSmallIntegerField(_("quality of the help"), **SCORE)
    attitude = models.PositiveSmallIntegerField(_("attitude"), **SCORE)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    rated_at = models.DateTimeField(_("rated at"), default=timezone.now)

    history = HistoricalRecords()
    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("reverse-appraisal rating")
        verbose_name_plural = _("reverse-appraisal ratings")
        ordering = ["-month", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["rater", "unit", "month"], name="one_rating"),
            models.CheckConstraint(
                condition=Q(responsiveness__lte=100) & Q(problem_solving__lte=100)
                & Q(attitude__lte=100),
                name="rating_out_of_100",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.unit} {self.month:%Y-%m}"


class Survey(models.Model):
    """A customer satisfaction questionnaire (满意度调查), answered 0 … ``scale``."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    scale = models.PositiveSmallIntegerField(_("answer scale"), default=10,
                                             help_text=_("answers run from 0 to this"))  # fmt: skip
    active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords()
    objects = city_wide().as_manager()

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions",
                               verbose_name=_("satisfaction survey"))  # fmt: skip
    code = models.CharField(_("code"), max_length=32)
    text = models.CharField(_("question"), max_length=200)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=1)
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()
    objects = city_wide().as_manager()

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["survey", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["survey", "code"], name="one_question")]

    def __str__(self) -> str:
        return self.text


class Response(models.Model):
    """One customer's answers to a survey for a grid and month, and their score of 100."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses",
                               verbose_name=_("satisfaction survey"))  # fmt: skip
    grid = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="survey_responses",
                             verbose_name=_("grid"))  # fmt: skip
    month = models.DateField(_("month"), db_index=True)
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="survey_responses",
                                 verbose_name=_("customer"))  # fmt: skip
    answers = models.JSONField(_("answers"), default=dict)
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2)
    source = models.CharField(_("source"), max_length=16, choices=ResponseSource.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, related_name="+",
                                    verbose_name=_("recorded by"))  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()
    objects = scoped_by("grid").as_manager()

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-month", "grid__code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "month", "customer"],
                                    condition=Q(customer__isnull=False),
                                    name="one_response_per_customer"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.grid} {self.month:%Y-%m}: {self.score}"
