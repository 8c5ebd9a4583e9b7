"""Schemes: which is in force, the defaults, the JSON form, product-line phases."""

import datetime as dt
import json

import pytest

from wangge.core.defaults import (
    DEFAULT_SCHEMES,
    back_office_reverse_scheme,
    county_rank_scheme,
    default_scheme_dicts,
    grid_scheme,
)
from wangge.core.scoring import (
    DEFAULT_SATISFACTION_BANDS,
    FloorCap,
    Indicator,
    QualitativeItem,
    RankCurve,
    Scheme,
    SchemeError,
    Subject,
    ValidationFailed,
    average_ratings,
    reverse_appraisal_input,
    scheme_from_dict,
    scheme_to_dict,
    score_run,
    select_scheme,
    split_indicator_by_line,
    validate_scheme,
)

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
