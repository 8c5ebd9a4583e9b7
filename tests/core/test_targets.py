"""Target decomposition: shares, a hand-worked 3-level tree, adjustments, phases."""

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wangge.core.targets import (
    Adjustment,
    DecompositionWeights,
    LinePhase,
    TargetError,
    TargetNode,
    UnitFactors,
    adjust,
    decompose,
    sibling_shares,
    split_among,
    split_by_line,
    weights_in_force,
)

# center 1 and center 2, as a city company would describe them
C1 = UnitFactors(population=100, economic=10, last_year=50, base=40)
C2 = UnitFactors(population=300, economic=30, last_year=50, base=60)


def three_level_tree() -> TargetNode:
    """company → two centers → (c1) two grids → (g1) two persons.

    Persons have only a current base (2 : 1); the other indicators are zero for
    both, so their weight is dropped and the base decides alone.
    """
    persons = (
        TargetNode("p1", UnitFactors(base=2)),
        TargetNode("p2", UnitFactors(base=1)),
    )
    grids = (
        TargetNode("g1", UnitFactors(1, 1, 1, 1), children=persons),
        TargetNode("g2", UnitFactors(3, 1, 1, 1)),
    )
    return TargetNode("co", children=(TargetNode("c1", C1, grids), TargetNode("c2", C2)))


# --- weights --------------------------------------------------------------------


def test_default_weights_are_population_03_economic_02_last_year_03_base_02():
    w = DecompositionWeights()
    assert (w.population, w.economic, w.last_year, w.base) == (
        Fraction(3, 10),
        Fraction(1, 5),
        Fraction(3, 10),
        Fraction(1, 5),
    )


def test_weights_that_do_not_sum_to_one_are_refused_with_the_sum_shown():
    with pytest.raises(TargetError, match=r"must sum to 1.*= 9/10"):
        DecompositionWeights(population=0.3, economic=0.2, last_year=0.2, base=0.2)


def test_negative_weights_are_refused():
    with pytest.raises(TargetError, match="negative"):
        DecompositionWeights(population=1.2, economic=-0.2, last_year=0, base=0)


def test_float_and_string_weights_are_taken_as_the_decimals_written():
    w = DecompositionWeights.from_dict(
        {"population": "0.4", "economic": 0.1, "last_year": "3/10", "base": 0.2}
    )
    assert w.population == Fraction(2, 5)
    with pytest.raises(TargetError, match="unknown"):
        DecompositionWeights.from_dict({"people": 1})


# --- shares ---------------------------------------------------------------------


def test_a_centers_share_blends_its_four_indicator_shares():
    # c1: population 100/400, economic 10/40, last year 50/100, base 40/100
    # 0.3×0.25 + 0.2×0.25 + 0.3×0.5 + 0.2×0.4 = 0.355
    assert sibling_shares([C1, C2]) == [Fraction(355, 1000), Fraction(645, 1000)]


def test_an_indicator_zero_for_every_sibling_is_dropped_and_the_rest_rescaled():
    # only last_year (0.3) and base (0.2) carry data: shares 0.6×(1/4) + 0.4×(3/4)
    shares = sibling_shares([UnitFactors(last_year=1, base=1), UnitFactors(last_year=3, base=3)])
    assert shares == [Fraction(1, 4), Fraction(3, 4)]


def test_siblings_without_any_data_share_equally():
    assert sibling_shares([UnitFactors(), UnitFactors(), UnitFactors()]) == [Fraction(1, 3)] * 3


def test_custom_weights_change_the_shares():
    only_population = DecompositionWeights(population=1, economic=0, last_year=0, base=0)
    assert split_among(1000, [C1, C2], only_population) == [250, 750]


def test_a_total_must_be_an_integer():
    with pytest.raises(TargetError):
        split_among(10.5, [C1, C2])


# --- the 3-level tree, by hand ----------------------------------------------------------


def test_three_level_tree_hand_worked():
    result = decompose(1000, three_level_tree())
    # level 1: 1000 × 0.355 = 355, 1000 × 0.645 = 645
    # level 2 (g1 0.425, g2 0.575): 355 × 0.425 = 150.875, 355 × 0.575 = 204.125
    #   floors 150 + 204 = 354; the spare unit goes to the larger remainder (g1)
    # level 3 (base 2 : 1): 151 × 2/3 = 100.67, 151 × 1/3 = 50.33 → 100 + 50, spare to p1
    assert result.values == {
        "co": 1000,
        "c1": 355,
        "c2": 645,
        "g1": 151,
        "g2": 204,
        "p1": 101,
        "p2": 50,
    }
    assert result.records == ()
    assert result.formula_values == result.values


def test_cents_split_exactly_too():
    result = decompose(1_000_000_01, three_level_tree())  # 1,000,000.01 yuan in cents
    v = result.values
    assert v["c1"] + v["c2"] == 1_000_000_01
    assert v["g1"] + v["g2"] == v["c1"]
    assert v["p1"] + v["p2"] == v["g1"]


def test_a_negative_total_decomposes_with_the_same_shares():
    # a target to reduce arrears by 1000 yuan-cents
    result = decompose(-1000, three_level_tree())
    assert (result.values["c1"], result.values["c2"]) == (-355, -645)
    assert result.values["p1"] + result.values["p2"] == result.values["g1"]


def test_each_unit_below_the_root_gets_a_derivation():
    result = decompose(1000, three_level_tree())
    text = result.derivations["c1"].to_text()
    assert "1000 × share 0.355" in text
    assert "population (weight 0.3) = 100 (of 400 among siblings)" in text


def test_duplicate_units_are_refused():
    tree = TargetNode("co", children=(TargetNode("x"), TargetNode("x")))
    with pytest.raises(TargetError, match="twice"):
        decompose(10, tree)


# --- adjustments ------------------------------------------------------------------------


def test_adjusting_a_center_within_ten_percent_moves_the_difference_to_its_sibling():
    result = decompose(
        1000,
        three_level_tree(),
        adjustments=[Adjustment("c1", 340, "industrial park moved to c2", by="director.li")],
    )
    v = result.values
    assert (v["c1"], v["c2"]) == (340, 660)
    assert v["c1"] + v["c2"] == 1000
    # the adjusted figure flows down: 340 × 0.425 = 144.5, 340 × 0.575 = 195.5;
    # equal remainders, the earlier grid gets the spare unit
    assert (v["g1"], v["g2"]) == (145, 195)
    # 145 × 2/3 = 96.67, 145 × 1/3 = 48.33
    assert (v["p1"], v["p2"]) == (97, 48)
    (record,) = result.records
    assert (record.unit_id, record.before, record.after) == ("c1", 355, 340)
    assert (record.reason, record.by) == ("industrial park moved to c2", "director.li")
    assert record.siblings == {"c2": (645, 660)}
    assert result.formula_values["c1"] == 355
    assert "adjusted by director.li: 355 → 340" in result.derivations["c1"].to_text()


def test_an_adjustment_beyond_ten_percent_is_refused_with_the_allowed_band():
    with pytest.raises(TargetError, match=r"outside ±10% of the formula value 355 .*319.5 … 390.5"):
        decompose(1000, three_level_tree(), adjustments=[Adjustment("c1", 300, "why not", "li")])


def test_the_limit_is_configurable():
    result = decompose(
        1000,
        three_level_tree(),
        adjustments=[Adjustment("c1", 300, "merger", "li")],
        limit=Fraction(2, 10),
    )
    assert result.values["c2"] == 700


def test_an_adjustment_needs_a_written_reason():
    with pytest.raises(TargetError, match="reason"):
        adjust({"a": 100, "b": 200}, Adjustment("a", 105, "  ", "li"))


def test_the_difference_is_shared_by_the_siblings_in_proportion_to_their_figures():
    values, record = adjust(
        {"a": 100, "b": 200, "c": 300}, Adjustment("a", 110, "new estate", "li")
    )
    # +10 on a is taken 200 : 300 from b and c
    assert values == {"a": 110, "b": 196, "c": 294}
    assert record.siblings == {"b": (200, 196), "c": (300, 294)}


def test_an_adjusted_sibling_is_pinned_against_later_adjustments():
    values, _ = adjust({"a": 100, "b": 200, "c": 300}, Adjustment("a", 110, "estate", "li"))
    values, _ = adjust(
        values,
        Adjustment("b", 190, "road works", "li"),
        formula_values={"a": 100, "b": 200, "c": 300},
        pinned={"a"},
    )
    assert values == {"a": 110, "b": 190, "c": 300}
    assert sum(values.values()) == 600


def test_two_adjustments_in_one_decomposition_keep_the_first_one():
    tree = TargetNode(
        "co",
        children=(
            TargetNode("a", UnitFactors(base=1)),
            TargetNode("b", UnitFactors(base=2)),
            TargetNode("c", UnitFactors(base=3)),
        ),
    )
    result = decompose(
        600,
        tree,
        adjustments=[Adjustment("a", 110, "estate", "li"), Adjustment("b", 190, "works", "li")],
    )
    assert result.values == {"co": 600, "a": 110, "b": 190, "c": 300}
    assert len(result.records) == 2


def test_negative_targets_adjust_on_their_magnitude():
    values, _ = adjust({"c1": -355, "c2": -645}, Adjustment("c1", -380, "old debts", "li"))
    assert values == {"c1": -380, "c2": -620}
    with pytest.raises(TargetError, match="outside"):
        adjust({"c1": -355, "c2": -645}, Adjustment("c1", -400, "too much", "li"))


def test_an_adjustment_that_would_flip_a_sibling_sign_is_refused():
    with pytest.raises(TargetError, match="flip"):
        adjust({"a": 950, "b": 50}, Adjustment("a", 1045, "big push", "li"))


def test_adjusting_the_root_or_an_unknown_unit_is_refused():
    with pytest.raises(TargetError, match="below the root"):
        decompose(1000, three_level_tree(), adjustments=[Adjustment("co", 1000, "x", "li")])
    with pytest.raises(TargetError, match="below the root"):
        decompose(1000, three_level_tree(), adjustments=[Adjustment("zz", 1, "x", "li")])


def test_an_only_child_cannot_be_adjusted():
    with pytest.raises(TargetError, match="no sibling"):
        adjust({"a": 100}, Adjustment("a", 105, "x", "li"))


# --- phases by date -----------------------------------------------------------------------

FORMER_FIXED_LINE = [
    LinePhase(dt.date(2026, 1, 1), {"fixed": "0.8", "mobile": "0.2"}, "transition 1"),
    LinePhase(dt.date(2026, 7, 1), {"fixed": 0.6, "mobile": 0.4}, "transition 2"),
    LinePhase(dt.date(2027, 1, 1), None, "full service"),
]


def test_the_phase_in_force_is_the_latest_one_started():
    assert weights_in_force(FORMER_FIXED_LINE, dt.date(2026, 3, 15)) == {
        "fixed": Fraction(4, 5),
        "mobile": Fraction(1, 5),
    }
    # a phase starts on its first day
    assert weights_in_force(FORMER_FIXED_LINE, dt.date(2026, 7, 1)) == {
        "fixed": Fraction(3, 5),
        "mobile": Fraction(2, 5),
    }


def test_full_service_takes_the_mix_of_the_service_areas_targets():
    area = {"fixed": 300, "mobile": 600, "broadband": 100}
    assert weights_in_force(FORMER_FIXED_LINE, dt.date(2027, 2, 1), area_line_targets=area) == {
        "fixed": Fraction(3, 10),
        "mobile": Fraction(3, 5),
        "broadband": Fraction(1, 10),
    }
    with pytest.raises(TargetError, match="full-service"):
        weights_in_force(FORMER_FIXED_LINE, dt.date(2027, 2, 1))


def test_no_phase_before_the_first_one():
    with pytest.raises(TargetError, match="no product-line phase"):
        weights_in_force(FORMER_FIXED_LINE, dt.date(2025, 12, 31))


def test_phase_weights_must_sum_to_one_and_start_dates_be_distinct():
    with pytest.raises(TargetError, match="sum to 1"):
        LinePhase(dt.date(2026, 1, 1), {"fixed": 0.8, "mobile": 0.3})
    twice = [LinePhase(dt.date(2026, 1, 1), {"fixed": 1}), LinePhase(dt.date(2026, 1, 1), None)]
    with pytest.raises(TargetError, match="two phases"):
        weights_in_force(twice, dt.date(2026, 2, 1))


def test_a_persons_target_splits_over_lines_exactly():
    assert split_by_line(25, {"fixed": 0.6, "mobile": 0.4}) == {"fixed": 15, "mobile": 10}
    assert split_by_line(7, {"fixed": 0.8, "mobile": 0.2}) == {"fixed": 6, "mobile": 1}


# --- property: any tree, any weights, exact sums ----------------------------------------------

factors = st.builds(
    UnitFactors,
    population=st.integers(0, 10_000),
    economic=st.integers(0, 500),
    last_year=st.integers(0, 10_000),
    base=st.integers(0, 10_000),
)


def trees(depth: int) -> st.SearchStrategy:
    if depth == 0:
        return st.builds(lambda f: ("leaf", f, ()), factors)
    return st.builds(
        lambda f, kids: ("node", f, tuple(kids)),
        factors,
        st.lists(trees(depth - 1), min_size=1, max_size=4),
    )


def build(shape, counter) -> TargetNode:
    _, f, kids = shape
    counter[0] += 1
    uid = f"u{counter[0]}"
    return TargetNode(uid, f, tuple(build(k, counter) for k in kids))


weight_sets = st.lists(st.integers(0, 100), min_size=4, max_size=4).filter(lambda ws: sum(ws) > 0)


@settings(max_examples=150, deadline=None)
@given(
    shape=trees(3),
    raw_weights=weight_sets,
    total=st.integers(-(10**10), 10**10),
)
def test_decomposition_always_adds_up_exactly_at_every_node(shape, raw_weights, total):
    s = sum(raw_weights)
    weights = DecompositionWeights(*(Fraction(w, s) for w in raw_weights))
    root = build(shape, [0])
    result = decompose(total, root, weights)
    assert result.values[root.unit_id] == total

    def check(node: TargetNode) -> None:
        if node.children:
            assert (
                sum(result.values[c.unit_id] for c in node.children) == result.values[node.unit_id]
            )
            for c in node.children:
                check(c)

    check(root)


def test_an_adjustment_record_serialises_for_the_audit_trail():
    _, record = adjust({"a": 100, "b": 200}, Adjustment("a", 105, "new estate", "li"))
    assert record.to_dict() == {
        "unit_id": "a",
        "before": 100,
        "after": 105,
        "reason": "new estate",
        "by": "li",
        "formula_value": 100,
        "siblings": {"b": [200, 195]},
    }


@settings(max_examples=150, deadline=None)
@given(
    values=st.lists(st.integers(1, 10**6), min_size=2, max_size=8),
    pick=st.integers(0, 7),
    move=st.fractions(min_value=-Fraction(1, 10), max_value=Fraction(1, 10)),
    negative=st.booleans(),
)
def test_any_adjustment_within_the_band_keeps_the_total_exact(values, pick, move, negative):
    sign = -1 if negative else 1
    level = {f"u{i}": sign * v for i, v in enumerate(values)}
    unit = f"u{pick % len(values)}"
    after = level[unit] + int(abs(level[unit]) * move)  # int() truncates: stays in the band
    try:
        result, _ = adjust(level, Adjustment(unit, after, "reason", "li"))
    except TargetError as exc:  # only a sibling flipping sign may refuse it
        assert "flip" in str(exc)
        return
    assert sum(result.values()) == sum(level.values())
    assert result[unit] == after
    assert all((v >= 0) if not negative else (v <= 0) for v in result.values())
