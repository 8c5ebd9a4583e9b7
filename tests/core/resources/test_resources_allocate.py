"""The allocation optimiser on cases small enough to solve by hand."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wangge.core.resources.allocate import (
    AllocationRefused,
    Line,
    Problem,
    allocate,
    by_line,
    check,
    expected_revenue,
    proportional,
)
from wangge.core.resources.response import Curve, CurveError, Segment


def curve(*pieces):
    return Curve(tuple(Segment(w, r) for w, r in pieces))


def test_the_budget_goes_to_the_best_segments_first_and_the_guard_rail_binds():
    # 1000 cents of SMS, at least 30 % (300) for the base. Unconstrained, all 1000 would
    # go to growth (rates 3.0 and 2.5 beat every base rate); the guard rail forces 300
    # to the base, where Y's 1.5 beats X's 1.0. Growth keeps 700: X's first 500 at 3.0,
    # then Y's 2.5 beats X's second segment at 2.0 for the last 200.
    problem = Problem(
        {"sms": 1000},
        [
            Line("X", "sms", base=curve((300, 1.0)), growth=curve((500, 3.0), (500, 2.0))),
            Line("Y", "sms", base=curve((1000, 1.5)), growth=curve((1000, 2.5))),
        ],
    )
    result = allocate(problem)
    assert result.cents == {
        ("X", "sms", "base"): 0,
        ("X", "sms", "growth"): 500,
        ("Y", "sms", "base"): 300,
        ("Y", "sms", "growth"): 200,
    }
    assert result.objective == pytest.approx(500 * 3.0 + 200 * 2.5 + 300 * 1.5)
    assert result.total("sms") == 1000


def test_without_the_guard_rail_growth_would_take_everything():
    problem = Problem(
        {"sms": 1000},
        [
            Line("X", "sms", base=curve((300, 1.0)), growth=curve((500, 3.0), (500, 2.0))),
            Line("Y", "sms", base=curve((1000, 1.5)), growth=curve((1000, 2.5))),
        ],
        default_base_share=Fraction(0),
    )
    cents = allocate(problem).cents
    assert cents[("X", "sms", "growth")] == 500 and cents[("Y", "sms", "growth")] == 500
    assert cents[("X", "sms", "base")] == cents[("Y", "sms", "base")] == 0


def test_a_unit_minimum_binds_even_where_returns_are_poor():
    # Y returns little, but is promised 400; X takes the rest up to its maximum 500,
    # and the 100 left goes back to Y (its only room).
    problem = Problem(
        {"gift": 1000},
        [
            Line("X", "gift", growth=curve((2000, 4.0)), base=curve((2000, 4.0)), max_cents=500),
            Line("Y", "gift", growth=curve((2000, 0.1)), base=curve((2000, 0.1)), min_cents=400),
        ],
        default_base_share=Fraction(0),
    )
    totals = by_line(allocate(problem).cents)
    assert totals == {("X", "gift"): 500, ("Y", "gift"): 500}


def test_an_odd_share_rounds_the_guard_rail_up_and_the_parts_add_back_exactly():
    problem = Problem(
        {"sms": 1001},
        [Line(u, "sms", base=curve((700, 1.0)), growth=curve((700, 2.0))) for u in "ABC"],
        base_share={"sms": Fraction(1, 3)},
    )
    cents = allocate(problem).cents
    base = sum(c for (_, _, p), c in cents.items() if p == "base")
    assert base == 334  # ⌈1001 / 3⌉
    assert sum(cents.values()) == 1001
    assert all(isinstance(c, int) for c in cents.values())


def test_kinds_are_allocated_each_within_their_own_budget():
    lines = [
        Line(u, k, base=curve((5000, r)), growth=curve((5000, r * 2)))
        for u, r in (("X", 1.0), ("Y", 2.0))
        for k in ("sms", "gift")
    ]
    result = allocate(Problem({"sms": 3000, "gift": 1234}, lines))
    assert result.total("sms") == 3000 and result.total("gift") == 1234
    assert check(Problem({"sms": 3000, "gift": 1234}, lines), result.cents, exact=True) == []


@settings(max_examples=25, deadline=None)
@given(
    budget=st.integers(0, 10**7),
    rates=st.lists(st.tuples(st.floats(0, 5), st.floats(0, 5)), min_size=1, max_size=6),
    share=st.fractions(0, 1, max_denominator=100),
)
def test_any_feasible_allocation_adds_back_to_the_budget_in_whole_cents(budget, rates, share):
    lines = [
        Line(i, "sms", base=curve((budget + 1, b)), growth=curve((budget + 1, max(g, 0.0))))
        for i, (b, g) in enumerate(rates)
    ]
    problem = Problem({"sms": budget}, lines, default_base_share=share)
    result = allocate(problem)
    assert sum(result.cents.values()) == budget
    assert check(problem, result.cents, exact=True) == []


def test_when_the_units_ask_for_less_than_the_budget_the_rest_stays_unallocated():
    lines = [
        Line("X", "sms", base=curve((200, 1.0)), growth=curve((900, 3.0)), max_cents=600),
        Line("Y", "sms", base=curve((200, 1.0)), growth=curve((900, 2.0)), max_cents=100),
    ]
    problem = Problem({"sms": 1000}, lines, place_all=False)
    result = allocate(problem)
    # growth may take 700 but X and Y together can hold only 700 in all
    assert by_line(result.cents) == {("X", "sms"): 600, ("Y", "sms"): 100}
    assert result.total("sms") == 700
    assert check(problem, result.cents) == []


def test_the_optimum_beats_a_proportional_split():
    lines = [
        Line("X", "sms", base=curve((1000, 1.0)), growth=curve((1000, 3.0))),
        Line("Y", "sms", base=curve((1000, 0.5)), growth=curve((1000, 0.5))),
    ]
    problem = Problem({"sms": 1000}, lines)
    best = allocate(problem).objective
    naive = expected_revenue(problem, proportional(problem, {"X": 1, "Y": 1}))
    assert best > naive
    assert sum(proportional(problem, {"X": 1, "Y": 1}).values()) == 1000


# --- refusals ---------------------------------------------------------------------------


def refusal(problem):
    with pytest.raises(AllocationRefused) as caught:
        allocate(problem)
    return caught.value


def test_minimums_over_the_budget_are_refused_naming_the_kind_and_the_figures():
    lines = [Line(u, "sms", base=curve((900, 1.0)), min_cents=600) for u in "XY"]
    err = refusal(Problem({"sms": 1000}, lines))
    assert err.code == "over_budget"
    assert err.figures == {"kind": "sms", "total": 1200, "budget": 1000}


def test_a_minimum_above_the_maximum_is_refused_naming_the_unit():
    err = refusal(Problem({"sms": 100}, [Line("X", "sms", base=curve((900, 1.0)), min_cents=50,
                                              max_cents=40)]))  # fmt: skip
    assert err.code == "min_above_max" and err.figures["unit"] == "X"


def test_a_budget_the_units_cannot_take_is_refused():
    err = refusal(Problem({"sms": 1000}, [Line("X", "sms", base=curve((900, 1.0)))]))
    assert err.code == "under_capacity" and err.figures["total"] == 900


def test_a_guard_rail_the_base_cannot_hold_is_refused():
    lines = [Line("X", "sms", base=curve((100, 1.0)), growth=curve((900, 1.0)))]
    err = refusal(Problem({"sms": 1000}, lines, base_share={"sms": Fraction(1, 2)}))
    assert err.code == "guard_unreachable" and err.figures == {
        "kind": "sms", "total": 100, "budget": 500,
    }  # fmt: skip


def test_minimums_that_fit_the_budget_but_not_the_guard_rail_are_infeasible():
    # X must get 800 but can only take growth; the base needs 500 of the 1000, so X can
    # have at most 500: no allocation exists, HiGHS says so and the refusal is clear.
    lines = [
        Line("X", "sms", growth=curve((1000, 1.0)), min_cents=800),
        Line("Y", "sms", base=curve((1000, 1.0))),
    ]
    err = refusal(Problem({"sms": 1000}, lines, base_share={"sms": Fraction(1, 2)}))
    assert err.code == "infeasible"


@pytest.mark.parametrize("budget", [-1, 10.5, True])
def test_a_budget_that_is_not_whole_cents_is_refused(budget):
    assert refusal(Problem({"sms": budget}, [])).code == "bad_budget"


def test_a_line_of_a_kind_without_budget_and_a_duplicate_line_are_refused():
    assert refusal(Problem({"sms": 0}, [Line("X", "gift")])).code == "no_budget"
    assert refusal(Problem({"sms": 0}, [Line("X", "sms"), Line("X", "sms")])).code == (
        "duplicate_line"
    )


def test_a_curve_whose_returns_rise_is_refused():
    with pytest.raises(CurveError, match="diminish"):
        curve((100, 1.0), (100, 2.0))


# --- checking an edited allocation -----------------------------------------------------------


def test_check_names_an_edit_over_budget_below_a_minimum_or_breaking_the_guard_rail():
    lines = [
        Line("X", "sms", base=curve((900, 1.0)), growth=curve((900, 1.0)), min_cents=100),
        Line("Y", "sms", base=curve((900, 1.0)), growth=curve((900, 1.0)), max_cents=500),
    ]
    problem = Problem({"sms": 1000}, lines)
    good = {("X", "sms", "base"): 300, ("X", "sms", "growth"): 200,
            ("Y", "sms", "base"): 0, ("Y", "sms", "growth"): 500}  # fmt: skip
    assert check(problem, good, exact=True) == []
    over = {**good, ("Y", "sms", "growth"): 501}
    assert any(b.code == "over_budget" for b in check(problem, over))
    assert any(b.code == "above_max" for b in check(problem, over))
    low = {**good, ("X", "sms", "base"): 0, ("X", "sms", "growth"): 50}
    assert any(b.code == "below_min" for b in check(problem, low))
    # the guard rail: growth may take at most 1000 − 300 = 700
    cut = {**good, ("X", "sms", "base"): 0}
    assert check(problem, cut) == []  # under budget, growth still exactly 700
    more = {**cut, ("X", "sms", "growth"): 201}
    assert any(b.code == "guard_rail" for b in check(problem, more))
    # under the budget is allowed while editing, not for the optimiser's answer
    under = {**good, ("Y", "sms", "growth"): 400}
    assert check(problem, under) == [] and check(problem, under, exact=True) != []
