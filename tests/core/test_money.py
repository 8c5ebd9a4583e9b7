from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wangge.core.formatting import plain_yuan, yuan
from wangge.core.money import MoneyError, split_exact, to_cents


def test_a_pool_of_100_yuan_over_three_equal_people_gives_the_odd_cent_to_the_first():
    assert split_exact(10000, [1, 1, 1]) == [3334, 3333, 3333]


def test_the_largest_remainder_gets_the_leftover_cent():
    # exact shares 1666.67, 3333.33, 5000 -> the 0.67 remainder wins the cent
    assert split_exact(10000, [1, 2, 3]) == [1667, 3333, 5000]


def test_float_weights_are_taken_exactly():
    assert split_exact(100, [0.1, 0.2, 0.7]) == [10, 20, 70]


def test_a_negative_total_splits_symmetrically():
    assert split_exact(-10000, [1, 1, 1]) == [-3334, -3333, -3333]


def test_zero_weights_are_refused_for_a_non_zero_total():
    with pytest.raises(MoneyError):
        split_exact(5, [0, 0])
    assert split_exact(0, [0, 0]) == [0, 0]


@given(
    total=st.integers(min_value=-(10**12), max_value=10**12),
    weights=st.lists(st.fractions(min_value=0, max_value=1000), min_size=1, max_size=60).filter(
        lambda ws: sum(ws) > 0
    ),
)
def test_any_split_adds_back_up_to_the_total_and_stays_within_a_cent(total, weights):
    parts = split_exact(total, weights)
    assert sum(parts) == total
    weight_sum = sum(weights)
    for part, w in zip(parts, weights, strict=True):
        assert abs(part - Fraction(total) * w / weight_sum) < 1


@pytest.mark.parametrize(
    ("text", "cents"),
    [("1234.5", 123450), ("1,234.56", 123456), ("-0.07", -7), ("12", 1200), ("¥3.10", 310)],
)
def test_yuan_text_parses_to_cents(text, cents):
    assert to_cents(text) == cents


@pytest.mark.parametrize("text", ["1.234", "abc", "", "1.2.3"])
def test_ambiguous_amounts_are_refused(text):
    with pytest.raises(MoneyError):
        to_cents(text)


def test_formatting_happens_at_the_edge_with_two_decimals():
    assert yuan(123456) == "¥1,234.56"
    assert plain_yuan(-5) == "-0.05"


@given(
    total=st.integers(min_value=-(10**12), max_value=10**12),
    weights=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=60).filter(
        lambda ws: sum(ws) > 0
    ),
)
def test_integer_weights_take_the_fast_path_and_split_exactly_like_fractions(total, weights):
    assert split_exact(total, weights) == split_exact(total, [Fraction(w) for w in weights])
