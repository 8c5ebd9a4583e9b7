"""Resource gaps worked by hand: asked against allocated, minimums, what was delivered."""

from __future__ import annotations

from wangge.core.resources.gaps import Asked, gaps, totals

ASKED = [Asked(1, "sms", 80_000), Asked(2, "sms", 80_000, 30_000), Asked(1, "gift", 60_000)]
ALLOCATED = {(1, "sms"): 50_000, (2, "sms"): 20_000, (1, "gift"): 60_000, (3, "sms"): 9}
DELIVERED = {(1, "gift"): 25_000}


def test_each_request_against_its_allocation_largest_gap_first():
    rows = gaps(ASKED, ALLOCATED, DELIVERED)
    got = [(r.unit, r.kind, r.gap_cents, r.below_minimum, r.undelivered_cents) for r in rows]
    assert got == [
        (2, "sms", 60_000, True, None),  # 20,000 of 80,000, under its least needed 30,000
        (1, "sms", 30_000, False, None),
        (1, "gift", 0, False, 35_000),  # allocated in full, 25,000 of it delivered
    ]


def test_an_allocation_above_the_ask_is_no_negative_gap_and_a_missing_one_is_the_whole_ask():
    [over] = gaps([Asked(1, "sms", 100)], {(1, "sms"): 150}, {})
    assert over.gap_cents == 0
    [none] = gaps([Asked(1, "gift", 100, 40)], {}, {})
    assert (none.gap_cents, none.below_minimum, none.delivered_cents) == (100, True, 0)


def test_the_totals():
    t = totals(gaps(ASKED, ALLOCATED, DELIVERED))
    assert (t.asked_cents, t.allocated_cents, t.gap_cents) == (220_000, 130_000, 90_000)
    assert (t.short_units, t.below_minimum) == (2, 1)
