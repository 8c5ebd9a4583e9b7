"""The shipped defaults: ``wangge people seed`` stores the checklist, skills, model,
courses and survey once, never overwriting an edited row; a new company's pages open
filled and an audit on the default checklist scores as the scheme weighs it."""

from __future__ import annotations

import io
from decimal import Decimal

from django.core.management import call_command

from tests.people.conftest import OCT
from wangge.people import audits
from wangge.people.defaults import seed_defaults
from wangge.people.models import AuditItem, Course, Question, Requirement, SkillItem, Survey


def test_seed_is_idempotent_and_keeps_edits(city):
    out = io.StringIO()
    call_command("people", "seed", stdout=out)
    assert "already there" in out.getvalue()
    assert AuditItem.objects.count() == 8 and Course.objects.count() == 4
    assert SkillItem.objects.count() == 4 and Requirement.objects.count() == 11
    assert Question.objects.filter(survey__code="CSAT").count() == 4
    AuditItem.objects.filter(code="HW-01").update(text="门头")
    again = seed_defaults()
    assert again.created == 0 and again.existing > 0
    assert AuditItem.objects.get(code="HW-01").text == "门头"
    assert Survey.objects.count() == 1


def test_a_new_company_sees_them_filled_and_audits_on_them(city, login):
    seed_defaults()
    director = login("director")
    assert "营销技巧与客户沟通" in director.get("/people/training/").content.decode()
    assert "政企信息化方案" in director.get("/people/competency/").content.decode()
    assert "名单制营销执行" in director.get("/people/audits/").content.decode()
    assert "总体满意度" in director.get("/people/satisfaction/").content.decode()
    full = {i.code: audits.Entry(i.max_points) for i in AuditItem.objects.all()}
    full["IN-01"] = audits.Entry(Decimal(10))  # indicators 40 / 50 = 80 → 50 × 0.8 = 40
    audit = audits.record(city["people"]["director"].user, city["units"]["x"], OCT, full)
    assert audit.total == 90 and audit.sections["indicators"] == "80"
