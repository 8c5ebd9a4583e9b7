"""The pool's rules: owned within the grid, prospects only, due after the follow-up time."""

from datetime import datetime, timedelta

import pytest

from wangge.core.work import pool

NOW = datetime(2026, 12, 3, 12, 0)


def holder(key=1, ownership="potential", grid=10, owner=5, owner_grid=10, days_ago=40, ups=()):
    return pool.Holder(
        key=key,
        ownership=ownership,
        grid_id=grid,
        owner_id=owner,
        owner_grid_id=owner_grid,
        since=NOW - timedelta(days=days_ago),
        follow_ups=tuple(NOW - timedelta(days=d) if d is not None else None for d in ups),
    )


def test_a_prospect_left_alone_for_the_time_returns():
    assert pool.due_for_pool([holder()], NOW, 30) == [1]
    assert pool.due_for_pool([holder(days_ago=30)], NOW, 30) == [1]
    assert pool.due_for_pool([holder(days_ago=29)], NOW, 30) == []


def test_the_last_follow_up_counts_and_missing_ones_are_skipped():
    assert pool.due_for_pool([holder(ups=(50, 3, None))], NOW, 30) == []
    assert pool.due_for_pool([holder(ups=(50, 31, None))], NOW, 30) == [1]


def test_in_network_customers_and_unowned_rows_stay():
    assert pool.due_for_pool([holder(ownership="ours")], NOW, 30) == []
    assert pool.due_for_pool([holder(ownership="competitor")], NOW, 30) == [1]
    assert pool.due_for_pool([holder(owner=None)], NOW, 30) == []
    # an owner given it in another grid owns nothing here: already in the pool
    assert pool.due_for_pool([holder(owner_grid=11)], NOW, 30) == []


def test_owned_means_an_owner_in_the_rows_grid():
    assert pool.is_owned(10, 5, 10)
    assert not pool.is_owned(10, None, 10)
    assert not pool.is_owned(11, 5, 10)
    assert not pool.is_owned(10, 5, None)


def test_the_time_is_at_least_a_day():
    with pytest.raises(ValueError):
        pool.is_due(NOW, (), NOW, 0)
