"""The product's way of writing numbers, by hand-picked cases (see wangge.core.formatting)."""

from decimal import Decimal
from fractions import Fraction

import pytest

from wangge.core import formatting as f


class TestYuan:
    def test_cents_become_yuan_with_separators_and_two_decimals(self):
        assert f.yuan(123450) == "¥1,234.50"
        assert f.yuan(5) == "¥0.05"
        assert f.yuan(100) == "¥1.00"

    def test_zero_is_zero_yuan_not_missing(self):
        assert f.yuan(0) == "¥0.00"

    def test_negative_has_the_minus_before_the_yuan_sign(self):
        assert f.yuan(-123450) == "-¥1,234.50"
        assert f.yuan(-5) == "-¥0.05"

    def test_none_is_a_dash(self):
        assert f.yuan(None) == "—"
        assert f.signed_yuan(None) == "—"
        assert f.yuan_amount(None) is None

    def test_large_amounts_stay_exact_to_the_cent(self):
        # beyond a float's 2**53: a float conversion would lose the last cents
        assert f.yuan(9_007_199_254_740_993) == "¥90,071,992,547,409.93"
        assert f.yuan(1_751_570_000) == "¥17,515,700.00"

    def test_without_sign_for_a_column_whose_header_names_the_unit(self):
        assert f.yuan(-1_685_438_700, sign=False) == "-16,854,387.00"

    def test_a_whole_decimal_or_numeric_string_is_accepted_a_fraction_of_a_cent_is_not(self):
        assert f.yuan(Decimal("250")) == "¥2.50"
        assert f.yuan("250") == "¥2.50"
        with pytest.raises(f.FormattingError):
            f.yuan(Decimal("250.5"))
        with pytest.raises(f.FormattingError):
            f.yuan(True)

    def test_signed_deltas(self):
        assert f.signed_yuan(1200) == "+¥12.00"
        assert f.signed_yuan(-350) == "-¥3.50"
        assert f.signed_yuan(0) == "¥0.00"

    def test_amount_for_a_cell_is_an_exact_decimal(self):
        assert f.yuan_amount(123456) == Decimal("1234.56")
        assert f.yuan_amount(-5) == Decimal("-0.05")
        assert f.yuan_amount(9_007_199_254_740_993) == Decimal("90071992547409.93")

    def test_plain_yuan_is_what_a_person_types(self):
        assert f.plain_yuan(123450) == "1234.50"
        assert f.plain_yuan(-5) == "-0.05"
        assert f.plain_yuan(0) == "0.00"
        assert f.plain_yuan(None) == ""


class TestPercent:
    def test_rate_as_percentage(self):
        assert f.percent(Decimal("0.9383")) == "93.83%"
        assert f.percent(Fraction(1, 3)) == "33.33%"
        assert f.percent(0) == "0.00%"

    def test_rates_above_one_hundred_percent(self):
        assert f.percent(Decimal("1.234")) == "123.40%"
        assert f.percent(25) == "2,500.00%"

    def test_rounding_is_half_up_not_bankers(self):
        assert f.percent(Decimal("0.12345")) == "12.35%"
        assert f.percent(Decimal("0.12355")) == "12.36%"
        assert f.percent(Decimal("-0.12345")) == "-12.35%"
        # 0.0125 is not exact in binary; read through its repr it rounds as written
        assert f.percent(0.000125, places=2) == "0.01%"
        assert f.percent(0.28745, places=3) == "28.745%"

    def test_places(self):
        assert f.percent(Decimal("0.011724"), places=4) == "1.1724%"
        assert f.percent(Decimal("0.5"), places=0) == "50%"

    def test_none_is_a_dash(self):
        assert f.percent(None) == "—"
        assert f.signed_percent(None) == "—"

    def test_signed(self):
        assert f.signed_percent(Decimal("0.0125")) == "+1.25%"
        assert f.signed_percent(Decimal("-0.5")) == "-50.00%"
        assert f.signed_percent(0) == "0.00%"
        assert f.signed_percent(Decimal("0.00001")) == "0.00%"

    def test_not_a_number_is_refused(self):
        with pytest.raises(f.FormattingError):
            f.percent("abc")
        with pytest.raises(f.FormattingError):
            f.percent(float("nan"))


class TestCountRankNumber:
    def test_counts_have_separators(self):
        assert f.count(123608) == "123,608"
        assert f.count(0) == "0"
        assert f.count(-1525) == "-1,525"
        assert f.count(None) == "—"

    def test_ranks_are_integers_and_an_averaged_tie_keeps_its_half(self):
        assert f.rank(3) == "3"
        assert f.rank(Decimal("3.00")) == "3"
        assert f.rank(Decimal("2.5")) == "2.5"
        assert f.rank(24.0) == "24"
        assert f.rank(None) == "—"

    def test_plain_numbers_trim_trailing_zeros(self):
        assert f.number(Decimal("87.50")) == "87.5"
        assert f.number(Decimal("1234.565")) == "1,234.57"
        assert f.number(Decimal("1.2"), places=0) == "1"
        assert f.number(Decimal("-0.001")) == "0"
        assert f.number(None) == "—"
        assert f.signed_number(Decimal("2.5")) == "+2.5"
        assert f.signed_number(-1) == "-1"
        assert f.signed_number(0) == "0"


def test_mean_per_head_is_rounded_half_up_to_the_cent():
    assert f.mean_cents(1000, 3) == 333
    assert f.mean_cents(1001, 2) == 501
    assert f.mean_cents(-1001, 2) == -501
    assert f.mean_cents(2_000_000_000_000_000_001, 2) == 1_000_000_000_000_000_001
    assert f.mean_cents(1000, 0) is None
