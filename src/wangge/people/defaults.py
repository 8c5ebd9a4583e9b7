"""Seeding the people side's defaults (``wangge.core.people.defaults``): the audit
checklist, skills and the competency model, courses and a satisfaction survey.

Idempotent and never overwriting: a row is identified by its code (a requirement by
post and skill); one already there, edited or not, is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from wangge.core.people import defaults as core
from wangge.people.models import AuditItem, Course, Question, Requirement, SkillItem, Survey


@dataclass(frozen=True)
class Seeded:
    created: int
    existing: int


@transaction.atomic
def seed_defaults() -> Seeded:
    created = existing = 0

    def count(was_created: bool) -> None:
        nonlocal created, existing
        created, existing = created + was_created, existing + (not was_created)

    for order, (code, section, text, top) in enumerate(core.CHECKLIST, start=1):
        _row, made = AuditItem.objects.get_or_create(
            code=code,
            defaults={"section": section, "text": text, "max_points": top, "order": order},
        )
        count(made)
    skills = {}
    for code, name, levels in core.SKILLS:
        skills[code], made = SkillItem.objects.get_or_create(
            code=code, defaults={"name": name, "descriptions": levels}
        )
        count(made)
    for post, skill, level in core.REQUIREMENTS:
        _row, made = Requirement.objects.get_or_create(
            post=post, skill=skills[skill], defaults={"level": level}
        )
        count(made)
    for code, name, hours, taught in core.COURSES:
        course, made = Course.objects.get_or_create(
            code=code, defaults={"name": name, "hours": Decimal(hours)}
        )
        if made:
            course.skills.set([skills[s] for s in taught])
        count(made)
    code, name, scale = core.SURVEY
    survey, made = Survey.objects.get_or_create(code=code, defaults={"name": name, "scale": scale})
    count(made)
    if made:
        for order, (q, text, weight) in enumerate(core.QUESTIONS, start=1):
            Question.objects.create(survey=survey, code=q, text=text, weight=weight, order=order)
    return Seeded(created, existing)
