"""A target is typed and read in the unit people use; the store keeps an exact integer."""

import pytest

from wangge.core.target_units import (
    TargetTyping,
    places_of,
    stored_target,
    target_text,
    typed_target,
    unit_of,
)


@pytest.mark.parametrize(
    ("text", "measure", "key", "stored"),
    [
        ("2", "ratio", "churn", 200),  # a churn target of 2 means 2 %
        ("1.25%", "ratio", "churn", 125),
        ("70", "ratio", "churn", 7000),
        ("1.5", "ratio", "input_output", 15000),  # a plain ratio, four decimals
        ("1,250,000.50", "cents", "revenue", 125000050),
        ("¥12.3", "cents", "revenue", 1230),
        ("350", "count", "new_adds.mobile", 350),
        ("-3", "count", "new_adds.mobile", -3),
    ],
)
def test_a_typed_target_becomes_the_stored_integer_exactly(text, measure, key, stored):
    assert stored_target(text, measure, key) == stored


@pytest.mark.parametrize(
    ("text", "measure", "key"),
    [
        ("1.234", "ratio", "churn"),  # a third decimal of a per cent
        ("1.00001", "ratio", "input_output"),
        ("12.345", "cents", "revenue"),
        ("3.5", "count", "new_adds.mobile"),
        ("1.38E+10", "count", "new_adds.mobile"),
        ("abc", "ratio", "churn"),
        ("NaN", "count", "development"),
        ("", "count", "development"),
    ],
)
def test_a_target_the_store_cannot_hold_exactly_is_refused(text, measure, key):
    with pytest.raises(TargetTyping):
        stored_target(text, measure, key)


def test_a_stored_target_reads_in_its_unit_and_types_back_unchanged():
    assert target_text(200, "ratio", "churn") == "2%"
    assert target_text(7000, "ratio", "churn") == "70%"
    assert target_text(15000, "ratio", "input_output") == "1.5"
    assert target_text(125000050, "cents", "revenue") == "¥1,250,000.50"
    assert target_text(123608, "count", "new_adds.mobile") == "123,608"
    assert target_text(None, "count", "new_adds.mobile") == "—"
    for stored, measure, key in [
        (125, "ratio", "churn"),
        (15000, "ratio", "input_output"),
        (125000050, "cents", "revenue"),
        (123608, "count", "new_adds.mobile"),
    ]:
        assert stored_target(typed_target(stored, measure, key), measure, key) == stored
    assert typed_target(None, "count", "x") == ""


def test_the_unit_and_the_decimals_a_person_may_type():
    assert (unit_of("cents", "revenue"), places_of("cents", "revenue")) == ("元", 2)
    assert (unit_of("ratio", "churn"), places_of("ratio", "churn")) == ("%", 2)
    assert (unit_of("ratio", "input_output"), places_of("ratio", "input_output")) == ("", 4)
    assert (unit_of("count", "new_adds.mobile"), places_of("count", "new_adds.mobile")) == ("", 0)
