"""Assessments by an assessor in scope, each person's gaps against their post's model,
and the director's team view with the course that closes most gaps."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from wangge.people import competency
from wangge.people.models import Assessment, Certification
from wangge.people.refusals import PeopleRefused

JSON = {"content_type": "application/json"}


def test_gaps_against_the_posts_model_and_the_course_to_run(people_city):
    p, s = people_city["people"], people_city["skills"]
    director = p["director"].user
    competency.assess(director, p["gm_x"], s["sales"], "intermediate", date(2026, 10, 2))
    competency.assess(director, p["gm_y"], s["sales"], "junior", date(2026, 10, 2))
    competency.assess(director, p["gm_y"], s["sales"], "senior", date(2026, 10, 9))  # later wins
    rows = {r.person.name: r for r in competency.gaps_of(director)}
    assert [g.skill for g in rows["王网格"].gaps] == ["it"]
    assert [g.skill for g in rows["赵网格"].gaps] == ["it"]
    assert [(g.skill, g.actual) for g in rows["李社区"].gaps] == [("sales", None)]
    team, suggestions = competency.team_view(list(rows.values()))
    assert [(t.skill, t.people) for t in team] == [("it", 2), ("sales", 1)]
    assert [x.course for x in suggestions] == ["C-IT", "C-SALES"]


def test_assessing_is_for_assessors_in_scope_and_never_oneself(people_city):
    p, s = people_city["people"], people_city["skills"]
    with pytest.raises(PermissionDenied):
        competency.assess(p["gm_x"].user, p["cm_x"], s["sales"], "junior", date(2026, 10, 2))
    with pytest.raises(PeopleRefused):
        competency.assess(p["director"].user, p["cm_z"], s["sales"], "junior", date(2026, 10, 2))
    with pytest.raises(PeopleRefused):
        competency.assess(p["director"].user, p["director"], s["sales"], "senior",
                          date(2026, 10, 2))  # fmt: skip
    with pytest.raises(PeopleRefused):
        competency.certify(p["director"].user, p["gm_x"], "senior", date(2026, 10, 2),
                           date(2026, 1, 1))  # fmt: skip
    assert not Assessment.objects.exists() and not Certification.objects.exists()


def test_the_director_sees_the_teams_gaps_and_a_person_only_their_own(people_city, login):
    p = people_city["people"]
    page = login("director").get("/people/competency/").content.decode()
    assert "team-gaps" in page and "政企信息化课" in page and "赵网格" in page
    gaps = login("cm_x").get("/api/people/gaps/").json()
    assert [g["name"] for g in gaps] == ["李社区"]
    mine = login("cm_x").get("/people/competency/").content.decode()
    assert "team-gaps" not in mine and "赵网格" not in mine
    client = login("director")
    body = {"person": p["cm_z"].pk, "skill": people_city["skills"]["sales"].pk,
            "level": "junior", "day": "2026-10-02"}  # fmt: skip
    assert client.post("/api/people/assessments/", body, **JSON).status_code == 400
    body["person"] = p["cm_x"].pk
    assert client.post("/api/people/assessments/", body, **JSON).status_code == 201
    body["level"] = "expert"
    assert client.post("/api/people/assessments/", body, **JSON).status_code == 400
    assert Assessment.objects.count() == 1
    assert login("gm_x").post("/people/competency/assess/", body).status_code == 403
