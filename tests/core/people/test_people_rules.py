"""The people side's rules on hand-checked cases: hours that do not add up, shortfalls,
gaps and the course that closes most, audit sections and the pass mark, raters' means."""

from __future__ import annotations

from datetime import date
from fractions import Fraction as F

import pytest

from wangge.core.people import audit, competency, ratings, training
from wangge.core.people.training import Attended


def test_one_attendance_is_positive_within_its_session_and_a_day():
    assert training.hours_problem(F(0)).code == "not_positive"
    assert training.hours_problem(F(3), F(2)).code == "over_session"
    assert training.hours_problem(F(25)).code == "over_day"
    assert training.hours_problem(F(3, 2), F(2)) is None


def test_hours_that_pass_a_day_are_named_per_person_and_day():
    d = date(2026, 10, 8)
    recorded = [Attended(1, d, F(16)), Attended(2, d, F(8))]
    new = [Attended(1, d, F(8)), Attended(1, d, F(1)), Attended(2, d, F(8))]
    [p] = training.day_problems(recorded, new)
    assert (p.person, p.day, p.hours) == (1, d, F(25))
    assert training.day_problems(recorded, [Attended(1, d, F(8))]) == []


def test_the_year_sum_and_the_shortfalls_pro_rata():
    rows = [Attended(1, date(2026, 3, 1), F(10)), Attended(1, date(2025, 12, 1), F(30)),
            Attended(2, date(2026, 5, 1), F(25)), Attended(1, date(2026, 11, 1), F(9))]  # fmt: skip
    hours = training.hours_by_person(rows, 2026, until=date(2026, 10, 31))
    assert hours == {1: F(10), 2: F(25)}
    expected = training.expected_so_far(F(40), 6)
    assert expected == F(20)
    assert training.expected_so_far(F(40), 6, "year_end") == F(40)
    short = training.shortfalls([1, 2, 3], hours, expected)
    assert [(s.person, s.missing) for s in short] == [(3, F(20)), (1, F(10))]


def test_gaps_count_the_unassessed_and_the_levels_short():
    model = {"sales": "intermediate", "it": "senior", "care": "junior"}
    gaps = competency.gaps(7, model, {"sales": "senior", "it": "junior"})
    assert [(g.skill, g.steps) for g in gaps] == [("it", 2), ("care", 1)]
    with pytest.raises(ValueError):
        competency.rank("expert")


def test_the_team_view_suggests_the_course_that_closes_most_gaps():
    model = {"sales": "intermediate", "it": "senior", "care": "junior"}
    all_gaps = [
        *competency.gaps(1, model, {}),
        *competency.gaps(2, model, {"sales": "intermediate", "care": "junior"}),
        *competency.gaps(3, model, {"it": "senior", "care": "junior"}),
    ]
    team = competency.team_gaps(all_gaps)
    assert [(t.skill, t.people, t.steps) for t in team] == [
        ("it", 2, 6), ("sales", 2, 4), ("care", 1, 1)]  # fmt: skip
    courses = {"c-it": ["it"], "c-mix": ["sales", "care"], "c-care": ["care"]}
    picked = competency.suggest_courses(team, courses)
    assert [(p.course, p.skills, p.people) for p in picked] == [
        ("c-mix", ("care", "sales"), 3), ("c-it", ("it",), 2)]  # fmt: skip


ITEMS = [
    audit.Item("h1", "hardware", F(10)), audit.Item("h2", "hardware", F(20)),
    audit.Item("i1", "indicators", F(50)), audit.Item("m1", "internal_management", F(20)),
]  # fmt: skip


def test_an_audit_scores_each_section_out_of_100_and_passes_at_80():
    result = audit.score(ITEMS, {"h1": F(10), "h2": F(5), "i1": F(45), "m1": F(20)})
    assert result.sections == {"hardware": F(50), "indicators": F(90),
                               "internal_management": F(100)}  # fmt: skip
    assert result.total == F(30) * F(1, 2) + F(50) * F(9, 10) + F(20)  # 15 + 45 + 20 = 80
    assert result.passed
    lower = audit.score(ITEMS, {"h1": F(10), "h2": F(5), "i1": F(44), "m1": F(20)})
    assert lower.total == F(79) and not lower.passed


def test_an_audit_above_an_items_maximum_is_refused_by_name():
    found = audit.problems(ITEMS, {"h1": F(11), "h2": F(-1), "i1": F(1), "zz": F(1)},
                           audit.DEFAULT_SECTIONS)  # fmt: skip
    assert {(p.code, p.item) for p in found} == {
        ("unknown_item", "zz"),
        ("above_max", "h1"),
        ("negative", "h2"),
        ("missing", "m1"),
    }
    with pytest.raises(ValueError):
        audit.score(ITEMS, {"h1": F(11)})


def test_weights_that_do_not_make_100_are_scaled():
    result = audit.score(
        ITEMS,
        {"h1": F(10), "h2": F(20), "i1": F(0), "m1": F(0)},
        {"hardware": F(1), "indicators": F(1), "internal_management": F(2)},
    )
    assert result.total == F(25)


def test_the_raters_mean_per_item_counts_each_rater_once():
    rows = [
        ratings.Rated(5, 1, {"responsiveness": 90, "problem_solving": 80, "attitude": 70}),
        ratings.Rated(5, 2, {"responsiveness": 61, "problem_solving": 80, "attitude": 100}),
        ratings.Rated(6, 1, {"responsiveness": 50, "problem_solving": 50, "attitude": 50}),
    ]
    five, six = ratings.aggregate(rows)
    assert five.raters == 2 and five.averages["responsiveness"] == F(151, 2)
    assert five.overall == F(481, 6) and six.overall == 50
    assert ratings.rating_problem(101) == "out_of_range"
    assert ratings.rating_problem(7.5) == "not_whole" and ratings.rating_problem(True)
    assert ratings.rating_problem(0) == ""


def test_the_default_checklist_fills_the_audit_schemes_sections_and_the_model_is_whole():
    from wangge.core.people import defaults

    assert defaults.checklist_sections() == audit.DEFAULT_SECTIONS  # 30 / 50 / 20
    skills = {code: levels for code, _name, levels in defaults.SKILLS}
    order = list(competency.LEVELS) if hasattr(competency, "LEVELS") else None
    for _post, skill, level in defaults.REQUIREMENTS:
        assert level in skills[skill]  # a required level says what it means
        assert order is None or level in order
    taught = {s for *_x, skills_taught in defaults.COURSES for s in skills_taught}
    assert taught == set(skills)  # every skill has a course that closes its gap
    assert sum(w for *_q, w in defaults.QUESTIONS) > 0
