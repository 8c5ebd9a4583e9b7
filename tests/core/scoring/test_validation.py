"""Validation before a run: the scheme, the inputs, the assignment."""

import datetime as dt

import pytest

from tests.core.scoring.scoring_helpers import points
from wangge.core.defaults import (
    DEFAULT_SCHEMES,
)
from wangge.core.scoring import (
    ACTUAL,
    LOWER,
    NEGATIVE_SAFE,
    BaseStretch,
    FloorCap,
    Indicator,
    Judgement,
    Measurement,
    QualitativeItem,
    RankCurve,
    Scheme,
    ScoreInput,
    Subject,
    ValidationFailed,
    score_run,
    validate_assignment,
    validate_run,
    validate_scheme,
)

# --- validation -------------------------------------------------------------------------------


def fields(problems) -> set[tuple[str, str, str]]:
    return {(p.scheme, p.unit, p.field) for p in problems}


def test_the_default_schemes_are_valid():
    for scheme in DEFAULT_SCHEMES:
        assert validate_scheme(scheme) == [], scheme.code


def test_weights_must_add_up_to_100():
    scheme = Scheme(
        "s", "s", "grid", (Indicator("dev", "d", 70),), (QualitativeItem("q", "q", 20),)
    )
    (problem,) = validate_scheme(scheme)
    assert (problem.scheme, problem.field) == ("s", "weights")
    assert "= 90, not 100" in problem.message


def test_judgement_is_capped_at_20_points():
    scheme = Scheme(
        "s", "s", "grid", (Indicator("dev", "d", 70),), (QualitativeItem("q", "q", 30),)
    )
    assert ("s", "", "qualitative") in fields(validate_scheme(scheme))


def test_curve_parameters_are_checked():
    scheme = Scheme(
        "s",
        "s",
        "grid",
        (
            Indicator("a", "a", 25, curve=FloorCap(floor="1.3", cap="1.2")),
            Indicator("b", "b", 25, curve=BaseStretch(threshold=1, base=1, stretch="1.2")),
            Indicator("c", "c", 25, curve=RankCurve(lo=1, hi="0.5")),
            Indicator("d", "d", 25, curve=FloorCap(), measure=ACTUAL),
        ),
    )
    assert fields(validate_scheme(scheme)) == {
        ("s", "", "a.floor"),
        ("s", "", "b.threshold"),
        ("s", "", "c.lo"),
        ("s", "", "d.measure"),
    }


def test_inputs_are_checked_before_a_run():
    scheme = Scheme(
        "s",
        "s",
        "grid",
        (
            Indicator("dev", "d", 40),
            Indicator("debt", "arrears reduction", 20),
            Indicator("churn", "churn", 20, direction=LOWER),
        ),
        (QualitativeItem("q", "q", 20),),
    )
    inputs = [
        ScoreInput(
            "zero-target",
            {
                "dev": Measurement(0, 5),
                "debt": Measurement(-100, -50),  # negative target, ratio form
                "churn": Measurement(2, -1),  # negative actual, lower, ratio
            },
            {"q": Judgement(10, "")},  # no reason
        ),
        ScoreInput(
            "no-billing",
            {"dev": Measurement(100, None)},  # missing actual; debt and churn missing
            {"q": Judgement(25, "great"), "extra": Judgement(1, "x")},
        ),
    ]
    problems = validate_run(scheme, inputs)
    assert fields(problems) == {
        ("s", "zero-target", "dev"),
        ("s", "zero-target", "debt"),
        ("s", "zero-target", "churn"),
        ("s", "zero-target", "q"),
        ("s", "no-billing", "dev"),
        ("s", "no-billing", "debt"),
        ("s", "no-billing", "churn"),
        ("s", "no-billing", "q"),
        ("s", "no-billing", "extra"),
    }
    messages = {(p.unit, p.field): p.message for p in problems}
    assert "zero" in messages["zero-target", "dev"]
    assert "negative_safe" in messages["zero-target", "debt"]
    assert "actual missing" in messages["no-billing", "dev"]
    with pytest.raises(ValidationFailed) as failure:
        score_run(scheme, inputs)
    assert len(failure.value.problems) == len(problems)


def test_a_negative_target_scores_with_the_negative_safe_form():
    ind = Indicator("debt", "arrears reduction", 20, form=NEGATIVE_SAFE)
    # target −100, achieved −110: ((−110 + 100) + 100) / 100 = 0.9 → 18
    assert points(ind, -100, -110) == 18.0
    # achieved −90 (reduced more): 1.1 → 22
    assert points(ind, -100, -90) == 22.0


def test_a_zero_target_is_refused_even_with_the_negative_safe_form():
    ind = Indicator("debt", "arrears", 20, form=NEGATIVE_SAFE)
    with pytest.raises(ValidationFailed, match="zero"):
        points(ind, 0, 5)


def test_a_unit_without_a_scheme_is_a_problem():
    subjects = [Subject("g1", "grid", "A"), Subject("x9", "hall_clerk")]
    problems = validate_assignment(subjects, DEFAULT_SCHEMES, dt.date(2026, 10, 1))
    assert fields(problems) == {("", "x9", "scheme")}
