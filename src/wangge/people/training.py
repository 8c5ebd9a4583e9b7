"""Training: sessions held by a unit, attendance recorded all or nothing, and each
person's hours of the year against the yearly minimum (the pay configuration's
training rule, 40 h by default), with the shortfalls listed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.db import transaction
from django.utils.translation import gettext as _

from wangge.core.formatting import number
from wangge.core.months import month_end
from wangge.core.pay import TrainingRule
from wangge.core.people import training as core
from wangge.org.models import Person, Unit
from wangge.people.models import Attendance, Course, Session, people_seen
from wangge.people.refusals import PeopleRefused, need


def hours_text(value) -> str:
    return number(Fraction(str(value)))


def training_rule() -> TrainingRule:
    """The company's training rule as pay reads it (read only: a page never creates the
    pay configuration), else the shipped default."""
    from wangge.pay.models import PayConfig

    cfg = PayConfig.objects.filter(company__kind="city").order_by("pk").first()
    t = (cfg.training if cfg is not None else None) or {}
    default = TrainingRule()
    return TrainingRule(
        yearly_minimum_hours=str(t.get("yearly_minimum_hours", default.yearly_minimum_hours)),
        pace=t.get("pace", default.pace),
    )


def _hours_problem(problem: core.HoursProblem, who: str = "") -> str:
    figures = {"hours": hours_text(problem.hours), "limit": hours_text(problem.limit),
               "person": who, "day": f"{problem.day}" if problem.day else ""}  # fmt: skip
    wording = {
        "not_positive": _("%(person)s: the hours must be more than zero."),
        "over_session": _("%(person)s: %(hours)s h is more than the session lasted (%(limit)s h)."),
        "over_day": _(
            "%(person)s: %(hours)s h of training on %(day)s, more than a day of %(limit)s hours."
        ),
    }
    return (wording[problem.code] % figures).lstrip(": ")


@transaction.atomic
def hold_session(user, course: Course, unit: Unit, day: date, hours: Decimal,
                 place: str = "") -> Session:  # fmt: skip
    need(user, "people.train")
    if not Unit.objects.visible_to(user).filter(pk=unit.pk).exists():
        raise PeopleRefused("unit", _("That unit is not in your scope."))
    problem = core.hours_problem(Fraction(str(hours)))
    if problem is not None:
        raise PeopleRefused("hours", _hours_problem(problem))
    return Session.objects.create(course=course, unit=unit, day=day, hours=hours, place=place)


@transaction.atomic
def record_attendance(user, session: Session, entries: list[tuple[Person, Decimal]]
                      ) -> list[Attendance]:  # fmt: skip
    """Each person's hours at ``session``, all written or none: a person out of scope,
    hours above the session's or a day that would pass 24 h are refused by name."""
    need(user, "people.train")
    if not Session.objects.visible_to(user).filter(pk=session.pk).exists():
        raise PeopleRefused("session", _("That session is not in your scope."))
    if not entries:
        raise PeopleRefused("person", _("Name at least one person who attended."))
    seen = set(people_seen(user).values_list("pk", flat=True))
    ids = [p.pk for p, _h in entries]
    if len(set(ids)) != len(ids):
        raise PeopleRefused("person", _("A person is listed twice."))
    new = []
    for person, hours in entries:
        if person.pk not in seen:
            raise PeopleRefused("person", _("%(person)s is not in your scope.")
                                % {"person": person.name})  # fmt: skip
        problem = core.hours_problem(Fraction(str(hours)), Fraction(str(session.hours)))
        if problem is not None:
            raise PeopleRefused("hours", _hours_problem(problem, person.name))
        new.append(core.Attended(person.pk, session.day, Fraction(str(hours))))
    recorded = [
        core.Attended(a.person_id, session.day, Fraction(str(a.hours)))
        for a in Attendance.objects.filter(person_id__in=ids, session__day=session.day)
        .exclude(session=session).select_for_update()
    ]  # fmt: skip
    over = core.day_problems(recorded, new)
    if over:
        names = {p.pk: p.name for p, _h in entries}
        raise PeopleRefused("hours", _hours_problem(over[0], names[over[0].person]))
    out = []
    for person, hours in entries:
        row, _created = Attendance.objects.update_or_create(
            session=session, person=person,
            defaults={"hours": hours, "recorded_by": user if user.is_authenticated else None},
        )  # fmt: skip
        out.append(row)
    return out


@dataclass(frozen=True)
class HoursRow:
    person: Person
    done: Fraction
    expected: Fraction
    minimum: Fraction

    @property
    def missing(self) -> Fraction:
        return max(self.expected - self.done, Fraction(0))

    @property
    def short(self) -> bool:
        return self.done < self.expected


def hours_rows(user, month: date) -> list[HoursRow]:
    """Each person ``user`` reads: hours of the year up to ``month``'s end against the
    minimum expected by then; shortfalls first."""
    rule = training_rule()
    minimum = Fraction(str(rule.yearly_minimum_hours))
    expected = core.expected_so_far(minimum, month.month, rule.pace)
    people = list(people_seen(user).order_by("staff_no"))
    attended = [
        core.Attended(a["person_id"], a["session__day"], Fraction(str(a["hours"])))
        for a in Attendance.objects.visible_to(user)
        .filter(session__day__year=month.year, session__day__lte=month_end(month))
        .values("person_id", "session__day", "hours")
    ]  # fmt: skip
    done = core.hours_by_person(attended, month.year, month_end(month))
    rows = [HoursRow(p, done.get(p.pk, Fraction(0)), expected, minimum) for p in people]
    return sorted(rows, key=lambda r: (not r.short, -r.missing, r.person.staff_no))
