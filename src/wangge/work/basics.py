"""The basics (抓基础): a grid's meeting notes (``work.meet``: the grid manager or the
director records who attended and the actions agreed) and each seller's daily work log
(``work.log``: written by oneself, for a day not in the future, in a grid one works
in; read by oneself, and by those who assign work in its grid)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.org.dated import today
from wangge.org.models import Unit
from wangge.org.scope import may
from wangge.work.access import person_of
from wangge.work.models import MeetingAction, MeetingNote, WorkLog
from wangge.work.placement import check_person, check_unit, works_in
from wangge.work.refusals import WorkRefused

#: how far back a work log may be written or corrected
LOG_DAYS_BACK = 7


def may_meet(user) -> bool:
    return may(user, "work.meet")


def may_read_meetings(user) -> bool:
    return may_meet(user) or may(user, "work.handle")


def _grid(user, unit: Unit) -> None:
    check_unit(user, unit)
    if unit.kind != "grid":
        raise WorkRefused("unit", _("Meeting notes are kept per grid."))


def record_meeting(
    user, *, unit: Unit, kind, held_on, topic, notes="", attendees=(), actions=""
) -> MeetingNote:
    """The minutes of one meeting, its attendees (each works in the grid) and its
    actions (one a line), all or nothing."""
    if not may_meet(user):
        raise WorkRefused("topic", _("You may not record meeting notes."))
    _grid(user, unit)
    if held_on is None or held_on > today():
        raise WorkRefused("held_on", _("A meeting is recorded once it was held."))
    topic = (topic or "").strip()
    if not topic:
        raise WorkRefused("topic", _("Give the meeting a topic."))
    people = list(attendees)
    for person in people:
        check_person(user, person, unit, "attendees")
    lines = [line.strip()[:300] for line in (actions or "").splitlines() if line.strip()]
    with transaction.atomic():
        note = MeetingNote.objects.create(
            unit=unit,
            kind=kind,
            held_on=held_on,
            topic=topic[:200],
            notes=(notes or "").strip(),
            created_by=user,
        )
        note.attendees.set(people)
        MeetingAction.objects.bulk_create(MeetingAction(meeting=note, text=t) for t in lines)
    return note


def add_action(user, note: MeetingNote, *, text, owner=None, due=None) -> MeetingAction:
    if not may_meet(user):
        raise WorkRefused("text", _("You may not record meeting notes."))
    check_unit(user, note.unit)
    text = (text or "").strip()
    if not text:
        raise WorkRefused("text", _("Say what is to be done."))
    if owner is not None:
        check_person(user, owner, note.unit, "owner")
    return MeetingAction.objects.create(meeting=note, text=text[:300], owner=owner, due=due)


def action_done(user, action: MeetingAction) -> MeetingAction:
    """Done by its owner or by whoever records the grid's meetings."""
    me = person_of(user)
    if not (may_meet(user) or (me is not None and action.owner_id == me.pk)):
        raise WorkRefused("done", _("Only its owner or the grid's manager marks it done."))
    action.done = True
    action.save(update_fields=["done"])
    return action


def may_log(user) -> bool:
    return may(user, "work.log") and person_of(user) is not None


def logs_seen(user):
    """My logs; with ``work.assign``, the logs of the grids in scope too."""
    qs = WorkLog.objects.visible_to(user)
    if may(user, "work.assign"):
        return qs
    me = person_of(user)
    return qs.filter(person=me) if me is not None else qs.none()


def my_grid(user) -> Unit | None:
    me = person_of(user)
    if me is None:
        return None
    link = me.assignments.as_of(today()).filter(unit__kind="grid").select_related("unit")
    first = link.order_by("unit__code").first()
    return first.unit if first is not None else None


def write_log(user, *, day, done, plan="", unit: Unit | None = None) -> WorkLog:
    """Write (or correct) my log of ``day``: in my grid, for today or the week before."""
    if not may(user, "work.log"):
        raise WorkRefused("done", _("You may not write work logs."))
    me = person_of(user)
    if me is None:
        raise WorkRefused("done", _("Only staff with a person record write work logs."))
    if day is None or day > today():
        raise WorkRefused("day", _("A work log is written for a day that has come."))
    if day < today() - timedelta(days=LOG_DAYS_BACK):
        raise WorkRefused(
            "day", _("A work log can be written up to %(n)s days back.") % {"n": LOG_DAYS_BACK}
        )
    done = (done or "").strip()
    if not done:
        raise WorkRefused("done", _("Say what was done."))
    unit = unit or my_grid(user)
    if unit is None:
        raise WorkRefused("unit", _("You work in no grid today."))
    check_unit(user, unit)
    if not works_in(me, unit):
        raise WorkRefused("unit", _("You do not work in %(unit)s.") % {"unit": unit})
    with transaction.atomic():
        log, _created = WorkLog.objects.update_or_create(
            person=me,
            day=day,
            defaults={
                "unit": unit,
                "done": done,
                "plan": (plan or "").strip(),
                "written_at": timezone.now(),
            },
        )
    return log
