"""Satisfaction worked by hand: a response's score out of 100, the grid's mean with one
answer per customer, the pooled score of a person's grids, the appraisal's bands."""

from __future__ import annotations

from fractions import Fraction as F

from wangge.core.people.satisfaction import (
    Answered,
    Question,
    band,
    by_grid,
    pooled,
    problems,
    response_score,
)

QUESTIONS = [Question("overall", F(2)), Question("install", F(1))]


def test_a_response_is_its_weighted_answers_over_the_scale_out_of_100():
    # 100 × (2 × 9 + 1 × 6) / (3 × 10) = 80
    assert response_score(QUESTIONS, {"overall": 9, "install": 6}) == F(80)
    assert response_score(QUESTIONS, {"overall": 5, "install": 5}, scale=5) == F(100)


def test_answers_off_the_scale_or_missing_are_named_by_question():
    found = problems(QUESTIONS, {"overall": 11, "install": 7.5, "extra": 3})
    assert [(p.code, p.question) for p in found] == [
        ("unknown_question", "extra"),
        ("out_of_range", "overall"),
        ("not_whole", "install"),
    ]
    assert [p.code for p in problems(QUESTIONS, {"overall": 3})] == ["missing"]
    assert [p.code for p in problems(QUESTIONS, {"overall": True, "install": -1})] == [
        "not_whole", "out_of_range"]  # fmt: skip
    assert [p.code for p in problems([], {})] == ["no_questions"]


def test_a_grid_is_the_mean_of_its_customers_each_counted_once():
    rows = [Answered(1, "K1", F(70)), Answered(1, "K1", F(90)), Answered(1, "K2", F(90)),
            Answered(2, "K3", F(60))]  # fmt: skip
    one, two = by_grid(rows)
    assert (one.grid, one.responses, one.score, one.band) == (1, 2, F(90), "very satisfied")
    assert (two.responses, two.score, two.band) == (1, F(60), "not satisfied")
    # a person over both grids: (90 × 2 + 60) / 3 = 80, the larger grid weighs more
    assert pooled([one, two], {1, 2, 7}) == F(80)
    assert pooled([one, two], {7}) is None


def test_the_bands_are_the_appraisals():
    assert [band(F(v)) for v in (100, 90, F(8999, 100), 80, 70, F(6999, 100))] == [
        "very satisfied", "very satisfied", "satisfied", "satisfied", "fairly satisfied",
        "not satisfied"]  # fmt: skip
    assert band(None) == ""
