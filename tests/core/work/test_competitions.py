"""Competition rules: the highest figure ranks first, ties share the average place and
the prizes of the places they hold, exactly; nothing for a figure of 0."""

from datetime import date
from fractions import Fraction

from wangge.core.work import competitions as c


def test_ranked_highest_first_with_the_prizes_by_place():
    rows = c.standings([("X", 12), ("Y", 30), ("Z", 7)], [50_000, 30_000, 10_000])
    assert [(s.key, s.rank, s.prize_cents) for s in rows] == [
        ("Y", 1, 50_000),
        ("X", 2, 30_000),
        ("Z", 3, 10_000),
    ]


def test_a_tie_shares_the_average_place_and_the_prizes_of_its_places_exactly():
    rows = c.standings([("A", 5), ("B", 9), ("C", 9), ("D", 9)], [10_001, 5_000])
    assert [(s.key, s.rank) for s in rows] == [
        ("B", 2),
        ("C", 2),
        ("D", 2),
        ("A", 4),
    ]
    assert [s.prize_cents for s in rows] == [5001, 5000, 5000, 0]
    assert sum(s.prize_cents for s in rows) == 15_001
    assert c.standings([("A", 3), ("B", 3)], [])[0].rank == Fraction(3, 2)


def test_nothing_shown_wins_nothing_and_prizes_beyond_the_participants_stay():
    rows = c.standings([("A", 0), ("B", 4)], [100, 50, 25])
    assert [(s.key, s.prize_cents) for s in rows] == [("B", 100), ("A", 0)]
    assert c.standings([], [100]) == []


def test_the_period_and_the_prizes_are_checked():
    assert c.period_problem(date(2026, 12, 1), date(2026, 12, 7)) is None
    assert c.period_problem(date(2026, 12, 7), date(2026, 12, 1)) == "period_backwards"
    assert c.period_problem(None, date(2026, 12, 1)) == "period_missing"
    assert c.period_problem(date(2026, 1, 1), date(2027, 1, 2)) == "period_too_long"
    assert c.end_exclusive(date(2026, 12, 31)) == date(2027, 1, 1)
    assert c.prizes_problem([100, 0]) is None
    assert c.prizes_problem([-1]) == "prize_negative"
    assert c.prizes_problem([1] * 11) == "too_many_prizes"
