"""Name-list splitting (balanced by workload, exact, respecting ownership) and rates."""

import pytest

from wangge.core.work import campaigns as c


def test_share_levels_the_loads_and_adds_back_exactly():
    assert c.share(6, [0, 0, 0]) == [2, 2, 2]
    assert c.share(6, [4, 0, 0]) == [0, 3, 3]
    assert c.share(5, [2, 0]) in ([2, 3], [1, 4])
    # 13 in all: 5, 4, 4 (the tied cent to the first)
    assert c.share(7, [1, 2, 3]) == [4, 2, 1]
    assert c.share(0, [1, 2]) == [0, 0]
    assert c.share(3, [5, 5, 5]) == [1, 1, 1]


@pytest.mark.parametrize("total", [0, 1, 7, 100, 1001])
@pytest.mark.parametrize("loads", [[0], [3, 0, 9], [1, 1, 1, 1], [10, 0, 0, 2]])
def test_share_is_exact_and_nobody_ends_more_than_one_above_the_level(total, loads):
    parts = c.share(total, loads)
    assert sum(parts) == total and all(p >= 0 for p in parts)
    after = [a + b for a, b in zip(loads, parts, strict=True)]
    got = [a for a, p in zip(after, parts, strict=True) if p > 0]
    if got:
        assert max(got) <= min(after) + 1


def test_owned_names_go_to_their_owner_and_the_rest_are_balanced():
    names = [c.Name(1, 10, owner_id=7), c.Name(2, 10), c.Name(3, 10), c.Name(4, 10)]
    split = c.split_names(names, {10: [7, 8]}, {7: 0, 8: 0})
    assert split.assigned[1] == 7
    assert sorted(split.assigned.values()).count(8) == 2  # 7 has one owned already
    assert split.unplaced == []


def test_an_owner_outside_the_grids_people_does_not_keep_the_name():
    split = c.split_names([c.Name(1, 10, owner_id=99)], {10: [7]}, {})
    assert split.assigned == {1: 7}


def test_names_of_a_grid_with_nobody_are_unplaced():
    split = c.split_names([c.Name(1, 11), c.Name(2, None)], {10: [7]}, {})
    assert split.assigned == {} and split.unplaced == [1, 2]


def test_rates():
    p = c.progress(["pending", "contacted", "converted", "refused"])
    assert (p.names, p.executed, p.converted) == (4, 3, 1)
    assert p.execution_rate == 0.75 and p.conversion_rate == 0.25
    assert c.progress([]).execution_rate is None


def test_outcome_rules():
    assert c.outcome_problem("converted", "") == "order_required"
    assert c.outcome_problem("converted", "DD-1") is None
    assert c.outcome_problem("pending", "") == "unknown_outcome"
    assert c.outcome_problem("won", "") == "unknown_outcome"
