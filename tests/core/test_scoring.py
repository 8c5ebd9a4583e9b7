"""Scoring: completion forms, every curve, scorecards, ranking, validation, schemes."""

import datetime as dt
import json
from fractions import Fraction

import pytest

from wangge.core.defaults import (
    DEFAULT_SCHEMES,
    back_office_reverse_scheme,
    county_rank_scheme,
    default_scheme_dicts,
    grid_scheme,
    standardisation_audit_scheme,
)
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
    Judgement,
    Measurement,
    QualitativeItem,
    RankCurve,
    Scheme,
    SchemeError,
    ScoreInput,
    Subject,
    ValidationFailed,
    average_ratings,
    completion,
    rank_average,
    reverse_appraisal_input,
    round_points,
    scheme_from_dict,
    scheme_to_dict,
    score_run,
    select_scheme,
    split_indicator_by_line,
    validate_assignment,
    validate_inputs,
    validate_run,
    validate_scheme,
)


def one_indicator(indicator: Indicator) -> Scheme:
    """A scheme made of a single indicator whose weight is the whole scheme."""
    return Scheme("t", "test", "grid", (indicator,), total_points=indicator.weight)


def points(indicator: Indicator, target, actual) -> float:
    card = score_run(
        one_indicator(indicator), [ScoreInput("u", {indicator.key: Measurement(target, actual)})]
    )
    return card[0].items[0].points


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


# --- scorecard ------------------------------------------------------------------------------

SCHEME = Scheme(
    code="grid-test",
    name="test grid scheme",
    role="grid",
    indicators=(
        Indicator("dev", "development", 50),
        Indicator("churn", "churn rate", 30, direction=LOWER, unit="%"),
    ),
    qualitative=(QualitativeItem("process", "process management", 20),),
)


def grid(uid, dev, churn, judgement) -> ScoreInput:
    return ScoreInput(
        uid,
        {"dev": Measurement(100, dev), "churn": Measurement("2.0", churn, unit="%")},
        {"process": Judgement(judgement, "checked the work logs", "director.li")},
        label=uid.upper(),
    )


def test_a_scorecard_adds_quantitative_and_qualitative_points_and_ranks():
    cards = score_run(
        SCHEME,
        [
            grid("g1", 90, "1.8", 15),  # 45 + 33.33 + 15 = 93.33
            grid("g2", 100, "2.0", 16),  # 50 + 30 + 16 = 96
            grid("g3", 110, "2.5", 14),  # 55 + 24 + 14 = 93
            grid("g4", 100, "2.5", 19),  # 50 + 24 + 19 = 93
        ],
    )
    by_id = {c.unit_id: c for c in cards}
    assert [c.unit_id for c in cards] == ["g1", "g2", "g3", "g4"]  # input order
    assert [i.points for i in by_id["g1"].items] == [45.0, 33.33, 15.0]
    assert (by_id["g1"].quantitative, by_id["g1"].qualitative, by_id["g1"].total) == (
        78.33,
        15.0,
        93.33,
    )
    assert by_id["g2"].total == 96.0 and by_id["g2"].rank == 1
    assert by_id["g1"].rank == 2
    # g3 and g4 tie on 93 for places 3 and 4
    assert by_id["g3"].rank == by_id["g4"].rank == 3.5
    assert all(c.peers == 4 for c in cards)
    assert by_id["g1"].passed is None  # no pass mark on this scheme


def test_the_churn_derivation_reads_as_a_sentence():
    scheme = Scheme(
        "x",
        "x",
        "grid",
        (Indicator("churn", "churn rate", 20, direction=LOWER, unit="%"),),
        total_points=20,
    )
    card = score_run(scheme, [ScoreInput("g", {"churn": Measurement("2.0", "1.8", unit="%")})])[0]
    item = card.items[0]
    assert item.points == 22.22
    assert item.completion == pytest.approx(1.111111)
    sentence = item.derivation.notes[0]
    assert sentence == (
        "churn rate 1.8% vs target 2%: lower is better, completion = 2 / 1.8 = 1.1111; "
        "curve floor 0.6 cap 1.2 → 22.22 points"
    )
    assert item.derivation.formula == "20 × 1.1111 = 22.2222"
    json.dumps(card.derivation.to_dict())  # the API can send it as it is


def test_a_judgement_keeps_its_reason_in_the_derivation():
    card = score_run(SCHEME, [grid("g1", 90, "1.8", 15)])[0]
    judged = card.items[-1]
    assert judged.kind == "qualitative"
    assert "reason: checked the work logs" in judged.derivation.notes


def test_a_pass_mark_says_passed_or_failed():
    audit = standardisation_audit_scheme()

    def run(hw, ind, mgmt):
        m = {
            "hardware": Measurement(100, hw),
            "indicators": Measurement(100, ind),
            "internal_management": Measurement(100, mgmt),
        }
        return score_run(audit, [ScoreInput("hall", m)])[0]

    assert run(80, 80, 80).total == 80.0 and run(80, 80, 80).passed is True
    # 30 + 50 × 0.7 + 20 × 0.7 = 79
    failed = run(100, 70, 70)
    assert failed.total == 79.0 and failed.passed is False


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


# --- scheme selection --------------------------------------------------------------------------


def test_grid_class_picks_the_a_or_b_scheme():
    on = dt.date(2026, 10, 1)
    assert (
        select_scheme(DEFAULT_SCHEMES, Subject("g1", "grid", "A"), on).code == "grid-A-five-rates"
    )
    assert (
        select_scheme(DEFAULT_SCHEMES, Subject("g2", "grid", "B"), on).code == "grid-B-five-rates"
    )
    assert (
        select_scheme(DEFAULT_SCHEMES, Subject("p", "grid_manager"), on).code == "post-grid-manager"
    )


def test_dates_phase_and_specificity_decide_between_schemes():
    base = grid_scheme("A")

    def variant(code, **kw):
        return scheme_from_dict({**scheme_to_dict(base), "code": code, **kw})

    schemes = [
        variant("old", valid_to="2026-07-01"),
        variant("new", valid_from="2026-07-01"),
        variant("transition", valid_from="2026-07-01", phase="transition"),
        variant("any-class", grid_class=None, valid_from="2027-01-01"),
    ]
    s = Subject("p1", "grid", "A")
    assert select_scheme(schemes, s, dt.date(2026, 6, 30)).code == "old"
    assert select_scheme(schemes, s, dt.date(2026, 7, 1)).code == "new"
    in_transition = Subject("p1", "grid", "A", phase="transition")
    assert select_scheme(schemes, in_transition, dt.date(2026, 8, 1)).code == "transition"
    # from 2027 the class-specific "new" is still more specific than "any-class"
    assert select_scheme(schemes, s, dt.date(2027, 2, 1)).code == "new"
    assert select_scheme(schemes, Subject("g", "grid", "B"), dt.date(2027, 2, 1)).code == (
        "any-class"
    )
    with pytest.raises(LookupError, match="no scheme"):
        select_scheme(schemes, Subject("g", "grid", "B"), dt.date(2026, 8, 1))


def test_two_equally_fitting_schemes_are_an_error():
    a = grid_scheme("A")
    twin = scheme_from_dict({**scheme_to_dict(a), "code": "twin"})
    with pytest.raises(LookupError, match="equally"):
        select_scheme([a, twin], Subject("g", "grid", "A"), dt.date(2026, 1, 1))


# --- defaults ------------------------------------------------------------------------------------


def test_a_and_b_grids_weigh_the_five_rates_differently():
    a = {i.key: i.weight for i in grid_scheme("A").indicators}
    b = {i.key: i.weight for i in grid_scheme("B").indicators}
    assert a["development"] > b["development"] and a["revenue_growth"] > b["revenue_growth"]
    assert b["churn"] > a["churn"] and b["arrears"] > a["arrears"]
    assert sum(a.values()) == sum(b.values()) == 80


def test_reverse_appraisal_averages_the_raters():
    assert average_ratings([90, 80, 70]) == 80
    assert average_ratings([]) is None
    inp = reverse_appraisal_input(
        "billing-support",
        {"responsiveness": [90, 80, 70], "problem_solving": [100, 90], "attitude": [85]},
    )
    card = score_run(back_office_reverse_scheme(), [inp])[0]
    # 40 × 0.8 + 40 × 0.95 + 20 × 0.85 = 32 + 38 + 17
    assert [i.points for i in card.items] == [32.0, 38.0, 17.0]
    assert card.total == 87.0


def test_a_support_unit_nobody_rated_is_a_problem():
    inp = reverse_appraisal_input(
        "hr", {"responsiveness": [], "problem_solving": [80], "attitude": [80]}
    )
    with pytest.raises(ValidationFailed, match="responsiveness"):
        score_run(back_office_reverse_scheme(), [inp])


def test_the_county_ranking_uses_rank_curves():
    assert all(isinstance(i.curve, RankCurve) for i in county_rank_scheme().indicators)


# --- JSON ---------------------------------------------------------------------------------------


def test_every_default_scheme_survives_a_json_round_trip():
    for data in default_scheme_dicts():
        again = scheme_from_dict(json.loads(json.dumps(data)))
        assert scheme_to_dict(again) == data


def test_a_hand_written_scheme_dict_takes_defaults_for_what_it_omits():
    scheme = scheme_from_dict(
        {
            "code": "mini",
            "role": "grid",
            "indicators": [
                {"key": "dev", "weight": 80},
                {"key": "sat", "weight": 20, "measure": "actual", "curve": {"kind": "band"}},
            ],
        }
    )
    assert scheme.indicators[0].curve == FloorCap()
    assert scheme.indicators[1].curve == DEFAULT_SATISFACTION_BANDS
    assert validate_scheme(scheme) == []
    assert scheme_to_dict(scheme)["indicators"][0]["curve"] == {
        "kind": "floor_cap",
        "floor": "0.6",
        "cap": "1.2",
    }


def test_a_broken_scheme_dict_is_refused_clearly():
    with pytest.raises(SchemeError, match="code"):
        scheme_from_dict({"role": "grid"})
    with pytest.raises(SchemeError, match="curve kind"):
        scheme_from_dict(
            {
                "code": "x",
                "role": "grid",
                "indicators": [{"key": "a", "weight": 1, "curve": {"kind": "s"}}],
            }
        )
    with pytest.raises(SchemeError, match="floor_cap"):
        scheme_from_dict(
            {
                "code": "x",
                "role": "grid",
                "indicators": [{"key": "a", "weight": 1, "curve": {"flor": 1}}],
            }
        )


def test_judgement_must_stay_the_minority_even_under_a_raised_cap():
    scheme = Scheme(
        "s",
        "s",
        "grid",
        (Indicator("dev", "d", 50),),
        (QualitativeItem("q", "q", 50),),
        qualitative_cap=60,
    )
    problems = validate_scheme(scheme)
    assert [(p.field, "minority" in p.message) for p in problems] == [("qualitative", True)]


# --- product-line phases in a scheme -------------------------------------------------------------


def test_a_phase_splits_an_indicator_weight_over_product_lines():
    from wangge.core.targets import LinePhase, weights_in_force

    phases = [
        LinePhase(dt.date(2026, 1, 1), {"fixed": "0.8", "mobile": "0.2"}),
        LinePhase(dt.date(2026, 7, 1), {"fixed": "0.6", "mobile": "0.4"}),
    ]
    base = grid_scheme("A")  # development 25
    spring = split_indicator_by_line(
        base, "development", weights_in_force(phases, dt.date(2026, 3, 1))
    )
    weights = {i.key: i.weight for i in spring.indicators}
    assert weights["development.fixed"] == 20 and weights["development.mobile"] == 5
    assert "development" not in weights
    assert validate_scheme(spring) == []
    autumn = split_indicator_by_line(
        base, "development", weights_in_force(phases, dt.date(2026, 8, 1))
    )
    assert [i.weight for i in autumn.indicators if i.key.startswith("development.")] == [15, 10]
    with pytest.raises(SchemeError, match="sum to 1"):
        split_indicator_by_line(base, "development", {"fixed": "0.5"})


# --- results as JSON -----------------------------------------------------------------------------


def test_a_score_card_serialises_for_the_api():
    card = score_run(SCHEME, [grid("g1", 90, "1.8", 15)])[0]
    data = json.loads(json.dumps(card.to_dict()))
    assert data["total"] == 93.33
    assert data["items"][1]["exact"] == "33.333333"
    assert data["items"][1]["derivation"]["kind"] == "derivation"


# --- items not applicable ----------------------------------------------------------------


def three_items(rule: str = "reweight") -> Scheme:
    """Weights 30 / 30 / 40, plain floor-cap curves, no judgement."""
    return Scheme(
        "na",
        "three items",
        "grid",
        (
            Indicator("revenue_growth", "growth", 30),
            Indicator("development", "development", 30),
            Indicator("arrears", "arrears", 40, direction=LOWER),
        ),
        not_applicable=rule,
    )


def _card(rule: str) -> ScoreInput:
    return ScoreInput(
        "G-new",
        {
            "revenue_growth": Measurement(
                10, None, not_applicable={"key": "no_base_revenue", "month": "2025-10"}
            ),
            "development": Measurement(40, 36),  # 0.9
            "arrears": Measurement(2, 2.5),  # 2 / 2.5 = 0.8
        },
    )


def test_an_item_not_applicable_is_reweighted_over_the_others_by_hand():
    (card,) = score_run(three_items(), [_card("reweight")])
    growth, dev, arrears = card.items
    assert (growth.applicable, growth.points) == (False, 0.0)
    assert growth.reason == {"key": "no_base_revenue", "month": "2025-10"}
    # 30 + 40 left of 100: development 30 × 100/70 = 42.857142…, arrears 40 × 100/70 = 57.142857…
    # development 42.857142 × 0.9 = 38.571428… → 38.57; arrears 57.142857 × 0.8 = 45.714285… → 45.71
    assert dev.exact == Fraction(30 * 100, 70) * Fraction(9, 10)
    assert (dev.points, arrears.points) == (38.57, 45.71)
    assert card.total == 84.28
    assert "re-weighted to 42.8571" in " ".join(dev.derivation.notes)


def test_an_item_not_applicable_scores_zero_under_the_zero_rule_by_hand():
    (card,) = score_run(three_items("zero"), [_card("zero")])
    growth, dev, arrears = card.items
    assert growth.points == 0.0 and not growth.applicable
    assert (dev.points, arrears.points) == (27.0, 32.0)  # 30 × 0.9, 40 × 0.8
    assert card.total == 59.0
    assert "scored 0" in growth.derivation.notes[0]


def test_a_not_applicable_item_is_not_a_missing_actual():
    problems = validate_inputs(three_items(), [_card("reweight")])
    assert problems == []
    missing = ScoreInput("G-x", {**_card("reweight").measurements,
                                 "revenue_growth": Measurement(10, None)})  # fmt: skip
    assert "actual missing" in validate_inputs(three_items(), [missing])[0].message


def test_the_not_applicable_rule_travels_in_the_scheme_json():
    data = scheme_to_dict(three_items("zero"))
    assert data["not_applicable"] == "zero"
    assert scheme_from_dict(data).not_applicable == "zero"
    bad = scheme_from_dict({**data, "not_applicable": "skip"})
    assert any(p.field == "not_applicable" for p in validate_scheme(bad))
