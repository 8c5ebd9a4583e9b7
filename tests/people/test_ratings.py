"""Reverse appraisal: the front line rates the support units serving it, the means per
item, no rater named to anyone else, and the feed into the appraisal's own path."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from tests.people.conftest import OCT, PASSING
from wangge.people import audits, feed, ratings
from wangge.people.models import Rating
from wangge.people.refusals import PeopleRefused

JSON = {"content_type": "application/json"}
GOOD = {"responsiveness": 90, "problem_solving": 80, "attitude": 70}


def test_the_front_line_rates_its_support_unit_and_the_means_come_out(people_city):
    p, lixia = people_city["people"], people_city["units"]["lixia"]
    assert [u.name for u in ratings.support_units(p["cm_x"].user)] == ["历下中心"]
    ratings.rate(p["cm_x"].user, lixia, OCT, GOOD, "响应快")
    ratings.rate(p["gm_x"].user, lixia, OCT, {**GOOD, "responsiveness": 61})
    ratings.rate(p["gm_x"].user, lixia, OCT, {**GOOD, "responsiveness": 71})  # replaces
    [(unit, result)] = ratings.results(p["director"].user, OCT)
    assert (
        unit == lixia
        and result.raters == 2
        and result.averages["responsiveness"] == Decimal("80.5")
    )


def test_a_unit_not_serving_the_rater_and_bad_scores_are_refused(people_city):
    p, u = people_city["people"], people_city["units"]
    with pytest.raises(PeopleRefused) as err:
        ratings.rate(p["cm_z"].user, u["lixia"], OCT, GOOD)
    assert err.value.field == "unit"
    with pytest.raises(PeopleRefused) as err:
        ratings.rate(p["cm_x"].user, u["lixia"], OCT, {**GOOD, "attitude": 101})
    assert err.value.field == "attitude"
    with pytest.raises(PermissionDenied):
        ratings.rate(p["support"].user, u["lixia"], OCT, GOOD)
    assert not Rating.objects.exists()


def test_the_feed_scores_the_back_office_and_the_grids_audit(people_city):
    from wangge.appraisal.models import EnteredFigure, Target

    p, u = people_city["people"], people_city["units"]
    ratings.rate(p["cm_x"].user, u["lixia"], OCT, GOOD)
    audits.record(p["director"].user, u["x"], OCT,
                  {k: audits.Entry(Decimal(v)) for k, v in PASSING.items()})  # fmt: skip
    with pytest.raises(PermissionDenied):
        feed.feed_month(p["director"].user, OCT)
    fed = feed.feed_month(p["marketing"].user, OCT)
    assert (fed.audits, fed.units_rated, fed.people_rated) == (1, 1, 1)
    mine = {f.indicator_key: f.value for f in EnteredFigure.objects.filter(person=p["support"])}
    assert mine == {"responsiveness": 90, "problem_solving": 80, "attitude": 70}
    grid = {f.indicator_key: f.value for f in EnteredFigure.objects.filter(unit=u["x"])}
    assert grid == {"hardware": 50, "indicators": 90, "internal_management": 100}
    assert Target.objects.filter(person=p["support"], indicator_key="attitude").get().value == 100
    ratings.rate(p["gm_x"].user, u["lixia"], OCT, {**GOOD, "attitude": 90})
    feed.feed_month(p["marketing"].user, OCT)  # again: replaced, not doubled
    assert EnteredFigure.objects.get(person=p["support"], indicator_key="attitude").value == 80


def test_the_fed_figures_score_the_back_office_in_its_own_scorecard(people_city):
    from wangge.appraisal.close import gather_subjects
    from wangge.appraisal.schemes import schemes_in_use, seed_schemes
    from wangge.core import appraisal as core

    p, u = people_city["people"], people_city["units"]
    seed_schemes()
    ratings.rate(p["cm_x"].user, u["lixia"], OCT, GOOD)
    feed.feed_month(p["marketing"].user, OCT)
    subjects = [s for s in gather_subjects(OCT) if s.ref == p["support"].pk and s.kind == "person"]
    chosen, by_code, _problems = core.assign_schemes(OCT, subjects, schemes_in_use())
    assert list(chosen) == ["back-office-reverse"]
    prepared = core.subject_inputs(subjects[0], by_code["back-office-reverse"], core.RateOptions())
    values = {k: v for k, (v, _t) in prepared.values.items()}
    assert values == {"responsiveness": 90, "problem_solving": 80, "attitude": 70}


def test_pages_and_api_never_name_the_rater(people_city, login):
    u = people_city["units"]
    client = login("cm_x")
    page = client.get("/people/rate/").content.decode()
    assert "历下中心" in page
    answer = client.post("/people/rate/save/", {"unit": u["lixia"].pk, "month": "2026-10",
                         **GOOD, "comment": "好"})  # fmt: skip
    assert answer.status_code == 302 and Rating.objects.count() == 1
    assert client.post("/api/people/ratings/", {"unit": u["z"].pk, "month": "2026-10", **GOOD},
                       **JSON).status_code == 400  # fmt: skip
    bad = client.post("/api/people/ratings/", {"unit": u["lixia"].pk, "month": "2026-10",
                      **GOOD, "attitude": 150}, **JSON)  # fmt: skip
    assert bad.status_code == 400 and "attitude" in bad.json()
    assert client.get("/people/reverse/").status_code == 403
    director = login("director")
    results = director.get("/api/people/reverse/?month=2026-10").json()
    assert results[0]["raters"] == 1 and "rater" not in results[0]
    assert director.get("/api/people/ratings/").status_code == 403  # a rater's own list only
    assert "李社区" not in director.get("/people/reverse/?month=2026-10").content.decode()
    support = login("support")
    assert support.get("/people/reverse/").status_code == 403
    assert support.get("/api/people/ratings/").status_code == 403
    assert login("marketing").post("/api/people/feed/", {"month": "2026-10"},
                                   **JSON).json()["people_rated"] == 1  # fmt: skip
