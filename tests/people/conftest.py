"""The small city with the people side set up for October 2026.

历下中心 has a back-office person (孙支撑, login ``support``) whom 网格X and 网格Y are
served by; 市中中心 has a community manager in 网格Z (钱社区, login ``cm_z``), served
by nobody. The competency model: a grid manager needs sales at intermediate and IT at
senior, a community manager sales at junior. Two courses: 营销技巧 (sales) and 政企信息化
(IT). The audit checklist: hardware 10 + 20, indicators 50, internal management 20.
A session of 营销技巧 held by 历下中心 on 2026-10-08, 8 h.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

OCT = date(2026, 10, 1)
DAY = date(2026, 10, 8)


@pytest.fixture
def people_city(city):
    return build(city)


def build(city):
    from django.contrib.auth import get_user_model

    from tests.conftest import D0, PASSWORD
    from wangge.org.models import Assignment, Person
    from wangge.org.roles import grant_role
    from wangge.people.models import AuditItem, Course, Requirement, Session, SkillItem

    u = city["units"]

    def person(staff_no, name, post, role, where, login):
        user = get_user_model().objects.create_user(login, password=PASSWORD)
        grant_role(user, role)
        p = Person.objects.create(staff_no=staff_no, name=name, post=post, role=role, user=user)
        Assignment.objects.create(person=p, unit=where, post=post, valid_from=D0)
        city["people"][login] = p
        return p

    person("S007", "孙支撑", "back_office", "back_office", u["lixia"], "support")
    person("S008", "钱社区", "community_manager", "frontline", u["z"], "cm_z")
    sales = SkillItem.objects.create(code="sales", name="营销技巧",
                                     descriptions={"junior": "会介绍产品"})  # fmt: skip
    it = SkillItem.objects.create(code="it", name="信息化方案")
    Requirement.objects.create(post="grid_manager", skill=sales, level="intermediate")
    Requirement.objects.create(post="grid_manager", skill=it, level="senior")
    Requirement.objects.create(post="community_manager", skill=sales, level="junior")
    c_sales = Course.objects.create(code="C-SALES", name="营销技巧课", hours=Decimal(8))
    c_sales.skills.add(sales)
    c_it = Course.objects.create(code="C-IT", name="政企信息化课", hours=Decimal(16))
    c_it.skills.add(it)
    for code, section, text, top, order in [
        ("h1", "hardware", "门头与标识", 10, 1), ("h2", "hardware", "网格作战图", 20, 2),
        ("i1", "indicators", "名单制执行", 50, 1),
        ("m1", "internal_management", "例会与日志", 20, 1),
    ]:  # fmt: skip
        AuditItem.objects.create(code=code, section=section, text=text, max_points=top,
                                 order=order)  # fmt: skip
    session = Session.objects.create(course=c_sales, unit=u["lixia"], day=DAY, hours=Decimal(8))
    city.update(session=session, courses={"sales": c_sales, "it": c_it},
                skills={"sales": sales, "it": it})  # fmt: skip
    return city


PASSING = {"h1": 10, "h2": 5, "i1": 45, "m1": 20}  # sections 50, 90, 100: total 80, passed
