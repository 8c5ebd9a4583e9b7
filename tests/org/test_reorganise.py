"""As-of answers across a reorganisation, through the database."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from wangge.core.org import OrgError
from wangge.customers.models import Customer
from wangge.org.models import Assignment, UnitLink
from wangge.org.reorganise import CodedMove, reorganise
from wangge.org.scope import unit_tree, visible_unit_ids

MOVE_DAY = date(2026, 7, 1)


def test_moving_a_grid_to_another_center_changes_the_tree_from_that_day_only(city):
    u = city["units"]
    result = reorganise([CodedMove("unit", "LX-G02", "SZ")], MOVE_DAY)
    assert (result.closed, result.opened) == (1, 1)
    assert unit_tree(date(2026, 6, 30))[u["y"].id] == u["lixia"].id
    assert unit_tree(MOVE_DAY)[u["y"].id] == u["shizhong"].id


def test_once_a_grid_has_moved_the_old_director_sees_none_of_it_even_as_of_before_the_move(
    city,
):
    """Scope is today's: the move takes the grid out of the director's sight, history
    included (it used to stay readable through as_of; see wangge.org.scope)."""
    from datetime import timedelta

    from wangge.org.dated import today

    u = city["units"]
    move_day = today()
    reorganise([CodedMove("unit", "LX-G02", "SZ")], move_day)
    director = city["people"]["director"].user
    assert u["y"].id not in visible_unit_ids(director)
    li, zhang = city["customers"]["li"], city["customers"]["zhang"]
    before = move_day - timedelta(days=1)
    assert not Customer.objects.visible_to(director, before).filter(pk=li.pk).exists()
    assert not Customer.objects.visible_to(director).filter(pk=li.pk).exists()
    # the grid the director still holds keeps its history
    assert Customer.objects.visible_to(director, before).filter(pk=zhang.pk).exists()


def test_a_move_planned_for_tomorrow_leaves_todays_scope_as_it_is(city):
    from datetime import timedelta

    from wangge.org.dated import today

    u = city["units"]
    reorganise([CodedMove("unit", "LX-G02", "SZ")], today() + timedelta(days=1))
    director = city["people"]["director"].user
    assert u["y"].id in visible_unit_ids(director)


def test_merging_two_teams_moves_every_person_in_one_operation_and_keeps_history(city):
    reorganise(
        [CodedMove("person", "S001", "LX-G02"), CodedMove("person", "S002", "LX-G02")], MOVE_DAY
    )
    gm = city["people"]["gm_x"]
    assert list(gm.assignments.as_of(date(2026, 6, 30)).values_list("unit__code", "post")) == [
        ("LX-G01", "grid_manager")
    ]
    assert list(gm.assignments.as_of(MOVE_DAY).values_list("unit__code", "post")) == [
        ("LX-G02", "grid_manager")
    ]
    closed = Assignment.objects.get(person=gm, valid_to=MOVE_DAY)
    assert closed.history.count() == 2  # created, then closed: the audit trail of the change
    assert closed.history.first().valid_to == MOVE_DAY and closed.history.last().valid_to is None


def test_a_bad_move_refuses_the_whole_reorganisation(city):
    with pytest.raises(OrgError, match="NOPE"):
        reorganise(
            [CodedMove("unit", "LX-G02", "SZ"), CodedMove("person", "S001", "NOPE")], MOVE_DAY
        )
    assert UnitLink.objects.filter(valid_to=MOVE_DAY).count() == 0


def test_a_customer_can_only_move_to_a_grid(city):
    with pytest.raises(OrgError, match="not a grid"):
        reorganise([CodedMove("customer", "K1", "LX")], MOVE_DAY)


def test_the_command_reads_moves_from_a_csv_and_names_the_bad_row(city, tmp_path):
    good = tmp_path / "moves.csv"
    good.write_text("kind,code,new_parent\nunit,LX-G02,SZ\ncustomer,K1,LX-G02\n", encoding="utf-8")
    call_command("reorganise", "--day", "2026-07-01", "--file", str(good))
    assert city["customers"]["zhang"].grid_on(MOVE_DAY).code == "LX-G02"
    bad = tmp_path / "bad.csv"
    bad.write_text("kind,code,new_parent\nunit,LX-G01,SZ\ngrid,K1,LX\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"bad.csv, row 3, column kind"):
        call_command("reorganise", "--day", "2026-07-01", "--file", str(bad))
