"""Competency: assessments and certifications recorded by an assessor, each person's
gaps against their post's model (latest assessment per skill) and the team's gaps with
the courses that would close most of them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from wangge.core.people import competency as core
from wangge.org.models import Level, Person
from wangge.people.models import (
    Assessment,
    Certification,
    Course,
    Requirement,
    SkillItem,
    people_seen,
)
from wangge.people.refusals import PeopleRefused, need, person_of


def _in_scope(user, person: Person) -> None:
    if not people_seen(user).filter(pk=person.pk).exists():
        raise PeopleRefused("person", _("%(person)s is not in your scope.")
                            % {"person": person.name})  # fmt: skip


@transaction.atomic
def assess(user, person: Person, skill: SkillItem, level: str, day: date,
           note: str = "") -> Assessment:  # fmt: skip
    need(user, "people.assess")
    _in_scope(user, person)
    if level not in Level.values:
        raise PeopleRefused("level", _("Choose a level from the list."))
    assessor = person_of(user)
    if assessor is not None and assessor.pk == person.pk:
        raise PeopleRefused("person", _("Nobody assesses their own competency."))
    return Assessment.objects.create(person=person, skill=skill, level=level, day=day,
                                     assessor=assessor, note=note)  # fmt: skip


@transaction.atomic
def certify(user, person: Person, level: str, certified_on: date,
            valid_until: date | None = None) -> Certification:  # fmt: skip
    need(user, "people.assess")
    _in_scope(user, person)
    if level not in Level.values:
        raise PeopleRefused("level", _("Choose a level from the list."))
    if valid_until is not None and valid_until <= certified_on:
        raise PeopleRefused("valid_until", _("A certificate ends after the day it is given."))
    return Certification.objects.create(person=person, level=level, certified_on=certified_on,
                                        valid_until=valid_until,
                                        certified_by=person_of(user))  # fmt: skip


def models_by_post() -> dict[str, dict[str, str]]:
    """post → {skill code: level required}, in skill order."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for r in Requirement.objects.select_related("skill").order_by("post", "skill__code"):
        out[r.post][r.skill.code] = r.level
    return dict(out)


def latest_levels(people_ids) -> dict[int, dict[str, str]]:
    """person → {skill code: the level of their latest assessment}."""
    out: dict[int, dict[str, str]] = defaultdict(dict)
    rows = (Assessment.objects.filter(person_id__in=people_ids)
            .order_by("person_id", "skill__code", "day", "pk")
            .values_list("person_id", "skill__code", "level"))  # fmt: skip
    for pid, skill, level in rows:
        out[pid][skill] = level  # the later row wins
    return out


@dataclass(frozen=True)
class PersonGaps:
    person: Person
    gaps: list[core.Gap]
    certification: Certification | None


def gaps_of(user, on: date | None = None) -> list[PersonGaps]:
    """Everyone ``user`` reads, with their gaps against their post's model and their
    certification in force on ``on``."""
    people = list(people_seen(user).order_by("staff_no"))
    model = models_by_post()
    levels = latest_levels([p.pk for p in people])
    certs: dict[int, Certification] = {}
    for c in Certification.objects.filter(person__in=people).order_by("certified_on", "pk"):
        if on is None or (c.certified_on <= on and (c.valid_until is None or c.valid_until > on)):
            certs[c.person_id] = c
    return [PersonGaps(p, core.gaps(p.pk, model.get(p.post, {}), levels.get(p.pk, {})),
                       certs.get(p.pk)) for p in people]  # fmt: skip


def team_view(rows: list[PersonGaps]) -> tuple[list[core.TeamGap], list[core.Suggestion]]:
    team = core.team_gaps([g for r in rows for g in r.gaps])
    teaches = {c.code: [s.code for s in c.skills.all()]
               for c in Course.objects.prefetch_related("skills")}  # fmt: skip
    return team, core.suggest_courses(team, teaches)
