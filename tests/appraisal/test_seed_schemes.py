"""The shipped schemes are seeded once; seeding again changes nothing."""

from __future__ import annotations


def test_seed_schemes_is_idempotent(db):
    from wangge.appraisal.schemes import seed_schemes

    assert seed_schemes() == (10, 0)
    assert seed_schemes() == (0, 10)
