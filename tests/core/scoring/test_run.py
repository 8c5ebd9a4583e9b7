"""A run: scorecards, ranking, derivations, JSON for the API, items not applicable."""

import json
from fractions import Fraction

import pytest

from wangge.core.defaults import (
    standardisation_audit_scheme,
)
from wangge.core.scoring import (
    LOWER,
    Indicator,
    Judgement,
    Measurement,
    QualitativeItem,
    Scheme,
    ScoreInput,
    scheme_from_dict,
    scheme_to_dict,
    score_run,
    validate_inputs,
    validate_scheme,
)

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
