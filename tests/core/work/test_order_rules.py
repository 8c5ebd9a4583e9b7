"""Work-order lifecycle: assigned → accepted → in progress → done, or returned with a
reason; overdue and complaint escalation decided from plain data."""

from datetime import datetime, timedelta

import pytest

from wangge.core.work import orders as o

NOW = datetime(2026, 11, 20, 10, 0)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("assigned", "accepted"),
        ("accepted", "in_progress"),
        ("accepted", "done"),
        ("in_progress", "done"),
    ],
)
def test_the_forward_moves_need_nothing(current, target):
    assert o.check_move(current, target) is None


@pytest.mark.parametrize("current", ["assigned", "accepted", "in_progress"])
def test_an_open_order_may_be_returned_but_only_with_a_reason(current):
    assert o.check_move(current, "returned", "客户已搬离") is None
    assert o.check_move(current, "returned", "   ").rule == "reason_required"


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("assigned", "done"),  # nobody finished what nobody accepted
        ("assigned", "in_progress"),
        ("in_progress", "accepted"),
        ("done", "in_progress"),
        ("returned", "accepted"),
        ("done", "returned"),
    ],
)
def test_skipping_acceptance_going_back_or_reopening_is_refused(current, target):
    refusal = o.check_move(current, target, "reason")
    assert refusal.rule == "not_allowed"
    assert (refusal.current, refusal.target) == (current, target)


def test_an_unknown_status_is_named_not_a_crash():
    assert o.check_move("assigned", "lost").rule == "unknown_status"


def test_allowed_moves_follow_the_lifecycle_order():
    assert o.allowed_moves("assigned") == ["accepted", "returned"]
    assert o.allowed_moves("accepted") == ["in_progress", "done", "returned"]
    assert o.allowed_moves("done") == []


def test_an_open_order_past_its_due_time_is_overdue_a_closed_one_never():
    due = NOW - timedelta(minutes=1)
    assert o.is_overdue("in_progress", due, NOW)
    assert not o.is_overdue("in_progress", NOW + timedelta(hours=1), NOW)
    assert not o.is_overdue("done", due, NOW)
    assert not o.is_overdue("assigned", None, NOW)


def test_a_complaint_open_after_its_deadline_escalates_once():
    late = NOW - timedelta(hours=2)
    assert o.must_escalate("complaint", "accepted", late, None, NOW)
    assert not o.must_escalate("complaint", "accepted", late, NOW, NOW)  # already done
    assert not o.must_escalate("complaint", "done", late, None, NOW)  # resolved in time or not
    assert not o.must_escalate("complaint", "accepted", NOW + timedelta(hours=1), None, NOW)
    assert not o.must_escalate("survey_followup", "accepted", late, None, NOW)
