"""As-of answers across a reorganisation, on the merger described by the business:
grid managers of the old company are first gathered in a virtual community under
a marketing center, then spread over that center's real grids."""

from datetime import date

import pytest

from wangge.core.org import (
    Link,
    Move,
    OrgError,
    TreeProblem,
    ancestors,
    as_of,
    cycles_made,
    memberships_as_of,
    plan_reorganisation,
    subtree,
    tolerant_as_of,
)

D0 = date(2024, 1, 1)
MERGER = date(2025, 12, 11)
SPREAD = date(2025, 12, 21)

TREE = [
    Link("历下中心", "济南市", D0),
    Link("市中中心", "济南市", D0),
    Link("网格1", "历下中心", D0),
    Link("网格2", "历下中心", D0),
    Link("网格3", "市中中心", D0),
]


def test_as_of_gives_the_parent_on_that_day_and_nothing_before_it_existed():
    assert as_of(TREE, date(2025, 6, 1))["网格3"] == "市中中心"
    assert as_of(TREE, date(2023, 12, 31)) == {}


def test_moving_a_grid_closes_the_old_link_and_history_still_answers_as_it_was():
    plan = plan_reorganisation(TREE, [Move("网格3", "历下中心")], MERGER)
    assert [(link.child, link.parent) for link in plan.close] == [("网格3", "市中中心")]
    after = [
        Link(lk.child, lk.parent, lk.valid_from, MERGER) if lk in plan.close else lk for lk in TREE
    ] + plan.open
    assert as_of(after, date(2025, 12, 10))["网格3"] == "市中中心"
    assert as_of(after, MERGER)["网格3"] == "历下中心"
    assert subtree(as_of(after, MERGER), ["历下中心"]) == {"历下中心", "网格1", "网格2", "网格3"}
    assert subtree(as_of(after, date(2025, 1, 1)), ["历下中心"]) == {"历下中心", "网格1", "网格2"}


def test_a_merger_first_gathers_people_in_a_virtual_unit_then_spreads_them():
    people = [Link("王伟", "联通网格A", D0), Link("李娜", "联通网格B", D0)]
    gather = plan_reorganisation(
        people, [Move("王伟", "G网虚拟社区"), Move("李娜", "G网虚拟社区")], MERGER
    )
    assert len(gather.close) == 2 and len(gather.open) == 2
    people = [
        Link(lk.child, lk.parent, lk.valid_from, MERGER) if lk in gather.close else lk
        for lk in people
    ] + gather.open
    spread = plan_reorganisation(people, [Move("王伟", "网格1"), Move("李娜", "网格2")], SPREAD)
    people = [
        Link(lk.child, lk.parent, lk.valid_from, SPREAD) if lk in spread.close else lk
        for lk in people
    ] + spread.open
    assert as_of(people, date(2025, 12, 15)) == {"王伟": "G网虚拟社区", "李娜": "G网虚拟社区"}
    assert as_of(people, date(2026, 1, 1)) == {"王伟": "网格1", "李娜": "网格2"}
    assert as_of(people, date(2025, 1, 1)) == {"王伟": "联通网格A", "李娜": "联通网格B"}


def test_re_running_a_reorganisation_changes_nothing():
    moved = [Link("网格3", "市中中心", D0, MERGER), Link("网格3", "历下中心", MERGER)]
    plan = plan_reorganisation(moved, [Move("网格3", "历下中心")], MERGER)
    assert plan.close == [] and plan.open == []


def test_a_reorganisation_before_a_recorded_later_change_is_refused():
    links = [Link("网格3", "市中中心", D0, SPREAD), Link("网格3", "历下中心", SPREAD)]
    with pytest.raises(OrgError, match="already has a change"):
        plan_reorganisation(links, [Move("网格3", "槐荫中心")], MERGER)


def test_two_parents_on_the_same_day_is_an_inconsistent_history():
    with pytest.raises(OrgError, match="belongs to both"):
        as_of([Link("网格1", "A", D0), Link("网格1", "B", D0)], D0)


def test_a_person_may_hold_two_memberships_at_once():
    links = [Link("王伟", "网格1", D0), Link("王伟", "网格2", D0, MERGER)]
    assert memberships_as_of(links, D0) == {"王伟": {"网格1", "网格2"}}
    assert memberships_as_of(links, MERGER) == {"王伟": {"网格1"}}


def test_ancestors_walk_up_to_the_city():
    assert ancestors(as_of(TREE, D0), "网格1") == ["历下中心", "济南市"]


def test_a_tolerant_tree_leaves_out_a_child_with_two_parents_and_says_so():
    bad = [*TREE, Link("网格3", "历下中心", date(2025, 1, 1))]
    tree, problems = tolerant_as_of(bad, date(2025, 6, 1))
    assert "网格3" not in tree and tree["网格1"] == "历下中心"
    assert problems == [TreeProblem("two parents", ("网格3", "历下中心", "市中中心"))]
    assert subtree(tree, ["市中中心"]) == {"市中中心"}


def test_a_tolerant_tree_leaves_out_a_cycle_and_keeps_the_rest():
    looped = [link for link in TREE if link.child != "历下中心"]
    looped.append(Link("历下中心", "网格1", D0))
    tree, problems = tolerant_as_of(looped, date(2025, 6, 1))
    assert [p.kind for p in problems] == ["cycle"]
    assert set(problems[0].nodes) == {"历下中心", "网格1"}
    assert tree["网格3"] == "市中中心" and "网格1" not in tree and "历下中心" not in tree
    assert tolerant_as_of(TREE, date(2025, 6, 1)) == (as_of(TREE, date(2025, 6, 1)), [])


def test_a_move_under_its_own_grandchild_is_a_cycle_the_plan_shows():
    tree = [*TREE, Link("片区1", "历下中心", D0), Link("网格4", "片区1", D0)]
    plan = plan_reorganisation(tree, [Move("历下中心", "网格4")], MERGER)
    [(day, cycle)] = cycles_made(tree, plan)
    assert day == MERGER and set(cycle) == {"历下中心", "片区1", "网格4"}


def test_a_move_that_loops_only_with_a_later_recorded_change_is_caught_on_that_day():
    later = date(2026, 3, 1)
    tree = [
        Link("历下中心", "济南市", D0),
        Link("网格1", "历下中心", D0, later),
        Link("网格1", "市中中心", later),
        Link("市中中心", "济南市", D0),
    ]
    plan = plan_reorganisation(tree, [Move("市中中心", "网格1")], MERGER)
    # On the day 网格1 is still under 历下中心: no loop; from the later change it is one.
    assert [(day, set(cycle)) for day, cycle in cycles_made(tree, plan)] == [
        (later, {"市中中心", "网格1"})
    ]
