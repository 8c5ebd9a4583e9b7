"""The basics (抓基础): meeting notes of a grid (morning, weekly, monthly) with who
attended and the actions agreed, and each seller's daily work log."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wangge.org.models import Person
from wangge.org.scoped import scoped_by
from wangge.work.choices import MeetingKind
from wangge.work.models.base import AgreedAction, InGrid, Made


class MeetingNote(InGrid, Made):
    kind = models.CharField(_("kind"), max_length=8, choices=MeetingKind.choices)
    held_on = models.DateField(_("held on"))
    topic = models.CharField(_("topic"), max_length=200)
    notes = models.TextField(_("minutes"), blank=True)
    attendees = models.ManyToManyField(
        Person, blank=True, related_name="meetings_attended", verbose_name=_("attendees")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting note")
        verbose_name_plural = _("meeting notes")
        default_related_name = "meeting_notes"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.topic}"


class MeetingAction(AgreedAction):
    """An action agreed at a meeting: what, who, by when, done or not."""

    meeting = models.ForeignKey(
        MeetingNote, on_delete=models.CASCADE, related_name="actions", verbose_name=_("meeting")
    )

    history = HistoricalRecords()
    objects = scoped_by("meeting__unit").as_manager()

    class Meta:
        verbose_name = _("meeting action")
        verbose_name_plural = _("meeting actions")
        ordering = ["meeting", "done", "due", "id"]


class WorkLog(InGrid):
    """A seller's log of one day: what was done, what is planned next."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, verbose_name=_("person"))
    day = models.DateField(_("day"))
    done = models.TextField(_("work done"))
    plan = models.TextField(_("plan for the next day"), blank=True)
    written_at = models.DateTimeField(_("written at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work log")
        verbose_name_plural = _("work logs")
        default_related_name = "work_logs"
        ordering = ["-day", "person", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "day"], name="one_work_log_per_person_day")
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.day:%Y-%m-%d}"
