"""Period texts: hand-worked months, quarters, years and ranges, and the refusals."""

from __future__ import annotations

from datetime import date

import pytest

from wangge.core.periods import PeriodError, covered_periods, parse_period, require_months


def test_a_month():
    p = parse_period("2026-10")
    assert (p.start, p.end, p.kind, p.label) == (
        date(2026, 10, 1),
        date(2026, 10, 1),
        "month",
        "2026-10",
    )
    assert p.last_day == date(2026, 10, 31)


def test_q1_is_january_to_march_in_both_spellings():
    for text in ("2026Q1", "2026-Q1", "2026q1"):
        p = parse_period(text)
        assert (p.start, p.end, p.kind, p.label) == (
            date(2026, 1, 1),
            date(2026, 3, 1),
            "quarter",
            "2026Q1",
        )
    q3 = parse_period("2026-Q3")
    assert q3.months == [date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1)]
    assert q3.last_day == date(2026, 9, 30)


def test_a_year_is_twelve_months():
    p = parse_period("2024")
    assert (p.start, p.end, p.kind, p.label) == (
        date(2024, 1, 1),
        date(2024, 12, 1),
        "year",
        "2024",
    )
    assert len(p.months) == 12
    assert p.last_day == date(2024, 12, 31)


def test_a_range_across_a_year_end():
    p = parse_period("2025-11..2026-02")
    assert p.kind == "range"
    assert p.months == [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]
    assert p.label == "2025-11..2026-02"
    assert parse_period("2026-07..2026-07").kind == "month"


@pytest.mark.parametrize(
    "text", ["", "2026-13", "2026Q5", "26Q1", "2026-10-01", "Q3", "2026-09..2026-07", "abc"]
)
def test_bad_texts_are_refused_with_the_text_named(text):
    with pytest.raises(PeriodError) as e:
        parse_period(text)
    assert e.value.code == "malformed"
    assert repr(text) in str(e.value)


def test_a_quarter_not_fully_in_the_store_names_the_missing_months():
    have = [date(2026, 9, 1), date(2026, 10, 1)]
    with pytest.raises(PeriodError) as e:
        require_months(parse_period("2026Q4"), have)
    assert e.value.code == "missing"
    assert e.value.missing == [date(2026, 11, 1), date(2026, 12, 1)]
    assert "2026-11, 2026-12" in str(e.value)
    assert require_months(parse_period("2026-09..2026-10"), have).label == "2026-09..2026-10"


def test_the_periods_a_store_covers():
    have = [date(2025, m, 1) for m in range(1, 13)] + [date(2026, 1, 1), date(2026, 2, 1)]
    labels = [p.label for p in covered_periods(have)]
    assert labels[:3] == ["2026-02", "2026-01", "2025"]
    assert {"2025Q1", "2025Q2", "2025Q3", "2025Q4", "2025"} <= set(labels)
    assert "2026Q1" not in labels
    assert len(labels) == 14 + 4 + 1
