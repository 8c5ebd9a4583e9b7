"""Cells as operators' systems export them, parsed exactly or refused by name."""

import datetime as dt
from decimal import Decimal

import pytest

from wangge.core.intake import values as v


def rule_of(parse, value) -> str:
    with pytest.raises(v.CellProblem) as caught:
        parse(value)
    return caught.value.rule


@pytest.mark.parametrize(
    ("cell", "cents"),
    [
        ("1,234.50", 123450),
        ("¥12.3", 1230),
        ("￥0.05", 5),
        ("-7.1", -710),
        (" 88 ", 8800),
        (12, 1200),
        (1234.56, 123456),  # Excel keeps the float; its shortest form is what it showed
        (Decimal("19.90"), 1990),
        (None, None),
        ("", None),
    ],
)
def test_money_arrives_in_yuan_and_becomes_exact_cents(cell, cents):
    assert v.money(cell) == cents


@pytest.mark.parametrize("cell", ["12.345", 0.1 + 0.2, "1.2.3", "abc", "=SUM(A1:A3)", True])
def test_money_with_a_third_decimal_or_no_amount_is_refused(cell):
    assert rule_of(v.money, cell) in {"money", "formula"}


def test_a_negative_fee_is_refused_where_money_cannot_be_negative():
    assert rule_of(v.money_not_negative, "-0.01") == "money_not_negative"
    assert v.money_not_negative("0") == 0


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("2026-11-03", dt.date(2026, 11, 3)),
        ("2026/11/3", dt.date(2026, 11, 3)),
        ("20261103", dt.date(2026, 11, 3)),
        (20261103, dt.date(2026, 11, 3)),
        ("2026年11月3日", dt.date(2026, 11, 3)),
        ("2026-11-03 00:00:00", dt.date(2026, 11, 3)),
        (46329, dt.date(2026, 11, 3)),  # Excel's serial for 2026-11-03
        ("46329", dt.date(2026, 11, 3)),
        (dt.datetime(2026, 11, 3, 9, 30), dt.date(2026, 11, 3)),
    ],
)
def test_dates_in_every_form_operators_export(cell, day):
    assert v.day(cell) == day


@pytest.mark.parametrize("cell", ["2026-02-30", "2026-13-01", "next week", 46329.5])
def test_impossible_dates_are_refused(cell):
    assert rule_of(v.day, cell) == "day"


def test_dates_out_of_range_are_refused_as_such():
    assert rule_of(v.day, "2150-01-01") == "day_range"
    assert rule_of(v.day, "18991231") == "day_range"


@pytest.mark.parametrize(
    ("cell", "month"),
    [
        ("2026-11", dt.date(2026, 11, 1)),
        ("202611", dt.date(2026, 11, 1)),
        (202611, dt.date(2026, 11, 1)),
        ("2026年11月", dt.date(2026, 11, 1)),
        ("2026-11-17", dt.date(2026, 11, 1)),
    ],
)
def test_months_as_billing_systems_write_them(cell, month):
    assert v.month(cell) == month


def test_a_phone_number_excel_turned_into_scientific_notation_is_refused():
    assert rule_of(v.phone, "1.38E+10") == "phone"
    assert rule_of(v.phone, 1.38e10 + 0.5) == "phone"
    assert rule_of(v.code, "1.38E+10") == "code"


def test_phone_numbers_keep_their_digits_and_leading_zeros():
    assert v.phone("138-1234-5678") == "13812345678"
    assert v.phone("0571 8888 1234") == "057188881234"
    assert v.phone("+8613812345678") == "8613812345678"
    assert v.phone(13812345678) == "13812345678"
    assert v.phone(13812345678.0) == "13812345678"


def test_codes_from_excel_numbers_lose_no_digits():
    assert v.code(1001.0) == "1001"
    assert v.code("KH-2026/001") == "KH-2026/001"
    assert rule_of(v.code, 10.5) == "code"


def test_choices_accept_the_operators_words_and_name_the_allowed_ones():
    status = v.choice({"在用": "active", "拆机": "disconnected", "active": "active"})
    assert status("在用") == "active"
    assert status("ACTIVE") == "active"
    with pytest.raises(v.CellProblem) as caught:
        status("暂停")
    assert "active, disconnected" in str(caught.value)


def test_whole_numbers_and_credit_codes():
    assert v.integer("1,200") == 1200
    assert rule_of(v.integer, "1.5") == "integer"
    assert rule_of(v.integer, "NaN") == "integer"
    assert rule_of(v.integer_not_negative, -3) == "integer_not_negative"
    assert v.credit_code("91330100 MA2GXXXX1A") == "91330100MA2GXXXX1A"
    assert rule_of(v.credit_code, "1234") == "credit_code"


def test_coordinates_are_degrees_within_range():
    assert v.coordinate("120.1551") == pytest.approx(120.1551)
    assert rule_of(v.coordinate, "200") == "coordinate"
