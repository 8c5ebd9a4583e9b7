"""The closed loop: the attribution rule, the input-output ratio and the flag."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from wangge.core.resources.loop import Result, Use, attribute, by_campaign, evaluate, ratio
from wangge.core.resources.response import fit, pooled_rate

D = date(2026, 10, 10)


def test_a_result_goes_wholly_to_the_last_touch_on_the_customer_within_the_window():
    uses = [
        Use(1, "X", "sms", date(2026, 10, 1), 500, customer="c1"),
        Use(2, "X", "gift", date(2026, 10, 5), 2000, customer="c1"),
        Use(3, "X", "sms", date(2026, 10, 12), 500, customer="c1"),  # after the result
    ]
    credits = attribute(uses, [Result(10, "X", D, 12800, customer="c1")])
    assert [(c.use, c.cents, c.rule) for c in credits] == [(2, 12800, "customer")]


def test_same_day_touches_go_to_the_later_recorded():
    uses = [Use(7, "X", "sms", D, 1, customer="c1"), Use(4, "X", "gift", D, 1, customer="c1")]
    assert attribute(uses, [Result(1, "X", D, 100, customer="c1")])[0].use == 7


def test_a_touch_older_than_the_window_claims_nothing():
    uses = [Use(1, "X", "sms", date(2026, 9, 9), 500, customer="c1")]
    assert attribute(uses, [Result(1, "X", D, 100, customer="c1")]) == []
    assert attribute(uses, [Result(1, "X", D, 100, customer="c1")], window_days=31) != []


def test_unit_wide_uses_share_what_no_touch_claims_in_proportion_and_exactly():
    uses = [
        Use(1, "X", "advertising", date(2026, 10, 1), 1000),
        Use(2, "X", "event", date(2026, 10, 2), 2000),
        Use(3, "Y", "advertising", date(2026, 10, 2), 5000),  # another unit: never meets
    ]
    credits = attribute(uses, [Result(1, "X", D, 100, customer="c9")])
    assert [(c.use, c.cents, c.rule) for c in credits] == [(1, 33, "unit"), (2, 67, "unit")]
    assert sum(c.cents for c in credits) == 100


def test_a_customer_touched_in_another_grid_is_that_grids_organic_result():
    uses = [Use(1, "X", "sms", D, 500, customer="c1")]
    assert attribute(uses, [Result(1, "Y", D, 100, customer="c1")]) == []


def test_the_ratio_is_not_applicable_without_input():
    assert ratio(500, 0) is None
    assert ratio(300, 200) == Fraction(3, 2)


def test_the_monthly_evaluation_sets_plan_against_actual_and_flags_low_ratios():
    uses = [
        Use(1, "X", "sms", date(2026, 10, 1), 1000, customer="c1", campaign="秋季"),
        Use(2, "Y", "gift", date(2026, 10, 3), 4000, customer="c2", campaign="秋季"),
    ]
    results = [
        Result(1, "X", D, 3000, customer="c1"),
        Result(2, "Y", D, 1000, customer="c2"),
        Result(3, "Z", D, 9999),  # organic
    ]
    credits = attribute(uses, results)
    oct_ = date(2026, 10, 1)
    rows = evaluate(
        uses,
        results,
        credits,
        planned={("X", oct_): 2000, ("Y", oct_): 4000},
        expected={("X", oct_): 2500, ("Y", oct_): 6000},
    )
    x, y = rows
    assert (x.unit, x.spent_cents, x.output_cents, x.ratio) == ("X", 1000, 3000, 3)
    assert x.spend_rate == Fraction(1, 2) and x.output_rate == Fraction(6, 5)
    assert not x.flagged
    assert (y.ratio, y.flagged) == (Fraction(1, 4), True)
    assert by_campaign(uses, credits) == {"秋季": (5000, 4000)}


def test_a_planned_unit_that_spent_nothing_is_not_applicable_not_flagged():
    rows = evaluate([], [], [], planned={("X", date(2026, 10, 1)): 1000})
    assert rows[0].ratio is None and rows[0].spend_rate == 0 and not rows[0].flagged


# --- the fitted response -------------------------------------------------------------------


def test_a_fitted_curve_earns_the_shrunk_return_at_the_historic_level_and_diminishes():
    history = [(1000, 4000), (1000, 4000), (1000, 4000)]  # own return 4
    f = fit(history, capacity=20000, pooled=2.0, default_input=500, prior_months=3)
    assert f.rate == pytest.approx(3.0)  # (3·4 + 3·2) / 6
    rates = [s.rate for s in f.curve.segments]
    assert rates == sorted(rates, reverse=True) and rates[0] > rates[-1]
    assert f.curve.capacity == 20000
    assert f.curve.value(1000) == pytest.approx(3000, rel=0.02)


def test_a_unit_without_history_takes_the_pooled_return():
    f = fit([], capacity=5000, pooled=pooled_rate([[(100, 300)], [(100, 100)]]),
            default_input=800)  # fmt: skip
    assert f.rate == pytest.approx(2.0) and f.mean_input_cents == 800
