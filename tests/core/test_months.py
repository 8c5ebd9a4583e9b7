from datetime import date

from wangge.core.months import (
    add_months,
    month_end,
    month_start,
    months_between,
    same_day_months_later,
)


def test_a_month_is_named_by_its_first_day_and_ends_on_its_last():
    assert month_start(date(2026, 10, 23)) == date(2026, 10, 1)
    assert month_end(date(2026, 2, 3)) == date(2026, 2, 28)
    assert month_end(date(2024, 2, 3)) == date(2024, 2, 29)
    assert month_end(date(2026, 12, 31)) == date(2026, 12, 31)


def test_moving_by_months_crosses_year_ends_both_ways():
    assert add_months(date(2026, 11, 15), 2) == date(2027, 1, 1)
    assert add_months(date(2026, 1, 1), -13) == date(2024, 12, 1)


def test_a_quarter_has_three_months():
    assert months_between(date(2026, 7, 1), date(2026, 9, 1)) == [
        date(2026, 7, 1),
        date(2026, 8, 1),
        date(2026, 9, 1),
    ]


def test_a_month_is_read_from_how_people_write_it_and_nothing_else():
    import pytest

    from wangge.core.months import parse_month

    assert parse_month("2026-10") == date(2026, 10, 1)
    assert parse_month(" 2026-10-23 ") == date(2026, 10, 1)
    assert parse_month(date(2026, 2, 14)) == date(2026, 2, 1)
    for bad in ("October", "2026-13", "2026", ""):
        with pytest.raises(ValueError, match="expected a month as YYYY-MM"):
            parse_month(bad)


def test_a_window_from_an_event_ends_on_the_same_day_clipped_to_a_short_month():
    assert same_day_months_later(date(2026, 8, 15), 6) == date(2027, 2, 15)
    assert same_day_months_later(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert same_day_months_later(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert same_day_months_later(date(2026, 12, 31), -1) == date(2026, 11, 30)
