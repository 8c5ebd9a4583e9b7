"""The pure month-end close: actuals read exactly off the components, people's targets,
who is appraised, refusals before scoring, and the version diff."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from wangge.core import appraisal as ca
from wangge.core.defaults import DEFAULT_SCHEMES, grid_scheme
from wangge.core.rates import RateOptions
from wangge.core.scoring import Judgement, ValidationFailed

OCT = date(2026, 10, 1)
ROW = {
    "subscribers_open": 2247,
    "subscribers_close": 2263,
    "churned_disconnected": 11,
    "churned_cancelled": 11,
    "churned_suspended": 0,
    "billed_cents": 19043022,
    "billed_base_cents": 17088586,
    "arrears_cents": 1396480,
    "attributable_cents": 19043022,
    "marketing_input_cents": 3952302,
    "valid_new_adds": 40,
    "judged_new_adds": 43,
    "valid_new_adds_mobile": 22,
    "valid_new_adds_broadband": 13,
    "valid_new_adds_fixed": 3,
}


def T(value, measure="count"):
    return ca.TargetValue(value, measure, "test")


def grid(key="G1 网格", row=ROW, **targets):
    default = {
        "development": T(40),
        "revenue_growth": T(1000, "ratio"),
        "arrears": T(800, "ratio"),
        "churn": T(100, "ratio"),
        "input_output": T(40000, "ratio"),
    }
    default.update(targets)
    return ca.Subject(
        key,
        "unit",
        1,
        "grid",
        key.split()[-1],
        "A",
        figures=row,
        targets=default,
        judgements={"whole_process": Judgement(8, "ok"), "standard_work": Judgement(9, "ok")},
    )


def test_month_bounds():
    assert ca.month_start(date(2026, 10, 17)) == OCT
    assert ca.month_end(OCT) == date(2026, 10, 31)
    assert ca.month_end(date(2026, 12, 5)) == date(2026, 12, 31)


def test_churn_actual_both_bases():
    value, why = ca.actual_for("churn", ROW, RateOptions())
    assert value == Fraction(22 * 2 * 100, 2247 + 2263)
    assert why.formula == "22 / ((2247 + 2263) / 2) × 100 = 0.9756 %"
    opening, why = ca.actual_for("churn", ROW, RateOptions(churn_base="opening"))
    assert opening == Fraction(2200, 2247)
    assert why.formula.startswith("22 / 2247 × 100")


def test_input_output_as_return():
    value, why = ca.actual_for("input_output", ROW, RateOptions(input_output="return"))
    assert value == Fraction(19043022 - 3952302, 3952302)
    # money in yuan as people read it, not "19043022 − 3952302" in cents
    assert why.formula.startswith("(¥190,430.22 − ¥39,523.02) / ¥39,523.02 = ")


def test_zero_denominators_give_no_actual_and_say_why():
    row = dict(ROW, billed_base_cents=0, billed_cents=0, subscribers_open=0, subscribers_close=0)
    assert ca.actual_for("revenue_growth", row, RateOptions())[0] is None
    assert ca.actual_for("arrears", row, RateOptions())[1].formula == "nothing billed"
    assert ca.actual_for("churn", row, RateOptions())[0] is None


def test_development_by_product_line():
    value, why = ca.actual_for("development", ROW, RateOptions(), lines=("mobile", "fixed"))
    assert value == 25
    assert why.formula == "22 (mobile) + 3 (fixed) = 25"


def test_person_target_sums_counts_and_averages_ratios():
    counts = ca.combine_targets([("网格X", T(30)), ("网格Y", T(12))])
    assert (counts.value, counts.derivation.formula) == (42, "30 + 12 = 42")
    ratios = ca.combine_targets([("网格X", T(100, "ratio")), ("网格Y", T(151, "ratio"))])
    assert ratios.value == 126  # 125.5 rounded half-up
    assert ca.combine_targets([]) is None


def test_close_scores_and_enriches_the_derivation():
    result = ca.close_month(OCT, [grid()], DEFAULT_SCHEMES)
    (closed,) = result.cards
    assert closed.card.total == 103.75
    churn = next(i for i in closed.card.items if i.key == "churn")
    actual = next(x for x in churn.derivation.inputs if x.label == "actual")
    assert actual.formula == "22 / ((2247 + 2263) / 2) × 100 = 0.9756 %"
    target = next(x for x in churn.derivation.inputs if x.label == "target")
    assert "source: test" in target.notes


def test_line_targets_feed_development():
    subject = grid(development=None)
    targets = {k: v for k, v in subject.targets.items() if k != "development"}
    targets["new_adds.mobile"] = T(20)
    targets["new_adds.broadband"] = T(15)
    subject = ca.Subject(**{**subject.__dict__, "targets": targets})
    (closed,) = ca.close_month(OCT, [subject], DEFAULT_SCHEMES).cards
    dev = next(i for i in closed.card.items if i.key == "development")
    assert closed.values["development"] == (Fraction(35), Fraction(35))
    # per line (the default): 12.5 × 22/20 + 12.5 × 13/15 = 13.75 + 10.8333 = 24.58
    assert dev.points == 24.58
    pooled = ca.close_month(
        OCT, [subject], DEFAULT_SCHEMES, options=RateOptions(development="pooled")
    )
    dev = next(i for i in pooled.cards[0].card.items if i.key == "development")
    assert dev.points == 25  # 35 / 35 = 1 → 25 × 1


def test_one_lines_overshoot_does_not_hide_anothers_shortfall():
    # mobile 30 of 20 (150 %), broadband 10 of 20 (50 %): pooled 40 / 40 = 100 %
    row = {**ROW, "valid_new_adds_mobile": 30, "valid_new_adds_broadband": 10}
    subject = grid(row=row, development=None)
    targets = {k: v for k, v in subject.targets.items() if k != "development"}
    targets["new_adds.mobile"] = T(20)
    targets["new_adds.broadband"] = T(20)
    subject = ca.Subject(**{**subject.__dict__, "targets": targets})
    (per_line,) = ca.close_month(OCT, [subject], DEFAULT_SCHEMES).cards
    dev = next(i for i in per_line.card.items if i.key == "development")
    # 12.5 × min(1.5, cap 1.2) + (0.5 < floor 0.6 → 0) = 15
    assert dev.points == 15
    lines = {d.label: d.value for d in dev.derivation.inputs if d.label.startswith("development")}
    assert lines == {
        "development completion rate (mobile)": Fraction(15),
        "development completion rate (broadband)": Fraction(0),
    }
    options = RateOptions(development="pooled")
    (pooled,) = ca.close_month(OCT, [subject], DEFAULT_SCHEMES, options=options).cards
    assert next(i for i in pooled.card.items if i.key == "development").points == 25


def test_a_grid_with_no_revenue_a_year_ago_is_scored_without_growth():
    new = grid("G2 新网格", row={**ROW, "billed_base_cents": 0})
    result = ca.close_month(OCT, [grid(), new], [grid_scheme("A")])  # not refused
    old_card, new_card = (c.card for c in result.cards)
    growth = next(i for i in new_card.items if i.key == "revenue_growth")
    assert (growth.applicable, growth.points) == (False, 0.0)
    assert growth.reason == {"key": "no_base_revenue", "month": "2025-10"}
    assert growth.derivation.to_dict()["reason"] == growth.reason
    assert "not applicable: no revenue in 2025-10" in growth.derivation.notes[0]
    # re-weighted: development 25, arrears 10, churn 10, io 10 carry growth's 25 (× 80 / 55)
    dev = next(i for i in new_card.items if i.key == "development")
    assert "weight 25 re-weighted to 36.3636" in " ".join(dev.derivation.notes)
    assert old_card.total != new_card.total


def test_refusals_come_together_and_name_everything():
    broken = grid("G2 坏网格", churn=T(0, "ratio"))
    with pytest.raises(ValidationFailed) as exc:
        ca.close_month(OCT, [grid(), broken], [grid_scheme("A")], billing_months=[])
    assert [str(p) for p in exc.value.problems] == [
        "month 2026-10 / billing: no billing facts for 2026-10: load the month before closing it",
        "grid-A-five-rates / G2 坏网格 / churn: target is zero: completion has no denominator",
    ]


def test_a_grid_without_a_scheme_is_refused_a_post_without_one_is_skipped():
    b_grid = ca.Subject("G9 乙", "unit", 9, "grid", "乙", "B")
    director = ca.Subject("S4 陈", "person", 4, "center_director", "陈")
    _, _, problems = ca.assign_schemes(OCT, [b_grid, director], [grid_scheme("A")])
    assert [str(p) for p in problems] == [
        "role grid / G9 乙 / scheme: no scheme for role 'grid', class 'B', phase None on 2026-10-31"
    ]
    assert ca.skipped_subjects([b_grid, director], [grid_scheme("A")]) == [
        ("S4 陈", "no scheme for the post center director")
    ]


def test_diff_lists_what_moved():
    old = {"a": {"label": "A", "total": "50.00", "rank": "1.00", "items": {"x": "10.00"}}}
    new = {
        "a": {"label": "A", "total": "48.00", "rank": "2.00", "items": {"x": "8.00"}},
        "b": {"label": "B", "total": "49.00", "rank": "1.00", "items": {}},
    }
    diff = ca.diff_cards(old, new)
    assert [d["change"] for d in diff] == ["changed", "added"]
    assert diff[0]["items"] == {"x": ["10.00", "8.00"]}
    assert ca.diff_cards(old, old) == []
