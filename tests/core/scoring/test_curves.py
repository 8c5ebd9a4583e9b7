"""Scoring curves: completion forms, floor/cap, base/stretch, rank, bands."""

from fractions import Fraction

import pytest

from tests.core.scoring.scoring_helpers import one_indicator, points
from wangge.core.scoring import (
    ACTUAL,
    DEFAULT_SATISFACTION_BANDS,
    LOWER,
    NEGATIVE_SAFE,
    Band,
    BandCurve,
    BaseStretch,
    FloorCap,
    Indicator,
    Measurement,
    RankCurve,
    Scheme,
    SchemeError,
    ScoreInput,
    completion,
    rank_average,
    round_points,
    score_run,
)

# --- completion -----------------------------------------------------------------------


def test_higher_is_better_completion_is_actual_over_target():
    assert completion(100, 90).value == Fraction(9, 10)


def test_lower_is_better_completion_is_target_over_actual():
    # churn 1.8 % against a target of 2.0 %
    assert completion("2.0", "1.8", direction=LOWER).value == Fraction(10, 9)


def test_a_zero_actual_on_lower_is_better_is_unbounded_and_pays_the_cap():
    c = completion(2, 0, direction=LOWER)
    assert c.value is None
    assert "best possible" in " ".join(c.notes)
    assert points(Indicator("churn", "churn", 20, direction=LOWER), 2, 0) == 24.0


def test_the_negative_safe_form_for_a_negative_target():
    # target: reduce by 100 (T = −100); reduced by 50 → half done... measured as
    # ((A − T) + |T|) / |T| = ((−50 + 100) + 100) / 100 = 1.5
    assert completion(-100, -50, form=NEGATIVE_SAFE).value == Fraction(3, 2)
    # ((−150 + 100) + 100) / 100 = 0.5
    assert completion(-100, -150, form=NEGATIVE_SAFE).value == Fraction(1, 2)


def test_the_negative_safe_form_equals_the_ratio_for_a_positive_target():
    assert completion(80, 100, form=NEGATIVE_SAFE).value == completion(80, 100).value


def test_the_negative_safe_form_lower_is_better():
    # ((T − A) + |T|) / |T| = ((2 − 1.8) + 2) / 2 = 1.1
    assert completion(2, "1.8", direction=LOWER, form=NEGATIVE_SAFE).value == Fraction(11, 10)


def test_a_zero_target_has_no_completion_and_ratio_refuses_negative_targets():
    with pytest.raises(ZeroDivisionError):
        completion(0, 5)
    with pytest.raises(SchemeError, match="negative_safe"):
        completion(-100, -50)


# --- floor / cap ---------------------------------------------------------------------------

DEV = Indicator("dev", "development", 20)


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (50, 0.0),  # c 0.5 below the floor 0.6
        (60, 12.0),  # at the floor: 20 × 0.6
        (90, 18.0),  # 20 × 0.9
        (100, 20.0),
        (110, 22.0),  # 20 × 1.1
        (150, 24.0),  # capped at 1.2
    ],
)
def test_floor_cap_curve(actual, expected):
    assert points(DEV, 100, actual) == expected


def test_floor_and_cap_are_parameters():
    ind = Indicator("dev", "development", 20, curve=FloorCap(floor="0.8", cap=1))
    assert points(ind, 100, 79) == 0.0
    assert points(ind, 100, 130) == 20.0


def test_points_round_half_up_to_two_decimals():
    # 15 × 0.823 = 12.345 exactly → 12.35 (banker's rounding would give 12.34)
    assert points(Indicator("dev", "d", 15), 100, "82.3") == 12.35
    assert round_points(Fraction(12345, 1000)) == 12.35
    assert round_points(Fraction(2, 3), 4) == 0.6667


# --- base / stretch ------------------------------------------------------------------------

STRETCH = Indicator(
    "dev", "development", 20, curve=BaseStretch(threshold="0.8", base=1, stretch="1.2")
)


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (70, 0.0),  # below the threshold
        (80, 0.0),  # at the threshold the line starts from 0
        (90, 10.0),  # halfway threshold → base: 20 × (0.9 − 0.8) / (1.0 − 0.8)
        (100, 20.0),  # base pays w
        (110, 22.0),  # halfway base → stretch: 20 + (24 − 20) × 0.5
        (120, 24.0),  # stretch pays 1.2 w
        (200, 24.0),  # capped
    ],
)
def test_base_stretch_curve(actual, expected):
    assert points(STRETCH, 100, actual) == expected


def test_base_stretch_on_a_lower_is_better_zero_actual_pays_the_stretch_level():
    ind = Indicator("churn", "churn", 20, direction=LOWER, curve=BaseStretch())
    assert points(ind, 2, 0) == 24.0


# --- rank ---------------------------------------------------------------------------------


def rank_scheme(**kw) -> Scheme:
    return one_indicator(Indicator("share", "market share", 10, curve=RankCurve(), **kw))


def test_rank_curve_with_a_tie_shares_the_average_rank():
    scheme = rank_scheme()
    inputs = [
        ScoreInput("a", {"share": Measurement(100, 120)}),  # c 1.2 → rank 1
        ScoreInput("b", {"share": Measurement(100, 100)}),  # c 1.0 ┐ ranks 2 and 3
        ScoreInput("c", {"share": Measurement(50, 50)}),  # c 1.0 ┘ → both 2.5
        ScoreInput("d", {"share": Measurement(100, 80)}),  # c 0.8 → rank 4
    ]
    pts = {c.unit_id: c.items[0].points for c in score_run(scheme, inputs)}
    # 10 × (0.6 + 0.4 × (4 − rank) / 3)
    assert pts == {"a": 10.0, "b": 8.0, "c": 8.0, "d": 6.0}


def test_rank_curve_with_one_unit_pays_hi():
    cards = score_run(rank_scheme(), [ScoreInput("a", {"share": Measurement(100, 1)})])
    assert cards[0].items[0].points == 10.0


def test_rank_on_the_actual_lower_is_better_ranks_the_smallest_first():
    scheme = rank_scheme(direction=LOWER, measure=ACTUAL)
    inputs = [
        ScoreInput("a", {"share": Measurement(None, "2.5")}),
        ScoreInput("b", {"share": Measurement(None, "1.5")}),
        ScoreInput("c", {"share": Measurement(None, "2.0")}),
    ]
    pts = {c.unit_id: c.items[0].points for c in score_run(scheme, inputs)}
    assert pts == {"b": 10.0, "c": 8.0, "a": 6.0}


def test_rank_average():
    assert rank_average({"a": 90, "b": 80, "c": 80, "d": 70}) == {
        "a": 1,
        "b": Fraction(5, 2),
        "c": Fraction(5, 2),
        "d": 4,
    }
    assert rank_average({"a": 1, "b": 2}, higher_first=False) == {"a": 1, "b": 2}
    assert rank_average({"a": None, "b": 5}) == {"a": 1, "b": 2}  # unbounded is best


# --- bands ---------------------------------------------------------------------------------

SATISFACTION = Indicator(
    "sat", "satisfaction", 10, curve=DEFAULT_SATISFACTION_BANDS, measure=ACTUAL
)


@pytest.mark.parametrize(
    ("score", "expected"),
    [(95, 10.0), (90, 10.0), (85, 8.0), (80, 8.0), (75, 6.0), ("69.9", 0.0)],
)
def test_satisfaction_bands(score, expected):
    assert points(SATISFACTION, None, score) == expected


def test_bands_on_a_lower_is_better_actual_are_upper_bounds():
    curve = BandCurve((Band(1, 1), Band(2, Fraction(1, 2))))
    ind = Indicator("churn", "churn", 10, direction=LOWER, curve=curve, measure=ACTUAL)
    assert [points(ind, None, a) for a in ("0.8", "1.5", "2.5")] == [10.0, 5.0, 0.0]
