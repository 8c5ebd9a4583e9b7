"""As-of answers across a reorganisation, through the database."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import in_full
from wangge.audit.trail import recent_changes
from wangge.core.org import OrgError
from wangge.customers.models import Customer, CustomerGrid
from wangge.org.models import Assignment, Reorganisation, UnitLink
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
    call_command("reorganise", "--day", "2026-07-01", "--file", str(good), "--system")
    assert city["customers"]["zhang"].grid_on(MOVE_DAY).code == "LX-G02"
    bad = tmp_path / "bad.csv"
    bad.write_text("kind,code,new_parent\nunit,LX-G01,SZ\ngrid,K1,LX\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"bad.csv, row 3, column kind"):
        call_command("reorganise", "--day", "2026-07-01", "--file", str(bad), "--system")


def test_a_center_cannot_move_under_its_own_grid(city):
    with pytest.raises(OrgError, match=r"loop in the unit tree from 2026-07-01: LX → LX-G01 → LX"):
        reorganise([CodedMove("unit", "LX", "LX-G01")], MOVE_DAY)
    assert not UnitLink.objects.filter(valid_from=MOVE_DAY).exists()


def test_an_area_cannot_move_under_its_own_child_even_within_one_reorganisation(city):
    # 网格X moved under 网格Y and 网格Y under 网格X in the same operation: each alone is fine.
    with pytest.raises(OrgError, match="loop in the unit tree"):
        reorganise(
            [CodedMove("unit", "LX-G01", "LX-G02"), CodedMove("unit", "LX-G02", "LX-G01")], MOVE_DAY
        )
    assert UnitLink.objects.filter(valid_to=MOVE_DAY).count() == 0


def test_a_refused_move_names_codes_not_database_ids(city):
    u = city["units"]
    with pytest.raises(OrgError) as refused:
        reorganise([CodedMove("unit", "LX-G01", "SZ"), CodedMove("unit", "LX-G01", "LX")], MOVE_DAY)
    assert "LX-G01" in str(refused.value) and str(u["x"].pk) not in str(refused.value).replace(
        "LX-G01", ""
    )


def test_the_command_refuses_to_run_without_saying_who_runs_it(city):
    with pytest.raises(CommandError, match=r"--user \| ?--system|one of the arguments"):
        call_command("reorganise", "--day", "2026-07-01", "--unit", "LX-G02:SZ")
    with pytest.raises(CommandError, match="no log-in 'nobody'"):
        call_command("reorganise", "--day", "2026-07-01", "--unit", "LX-G02:SZ", "--user", "nobody")
    assert not UnitLink.objects.filter(valid_from=MOVE_DAY).exists()


def test_a_reorganisation_is_one_record_with_its_user_on_every_history_row(city):
    call_command(
        "reorganise",
        "--day",
        "2026-07-01",
        "--unit",
        "LX-G02:SZ",
        "--customer",
        "K1:LX-G02",
        "--user",
        "marketing",
    )
    record = Reorganisation.objects.get()
    assert (record.ran_by.username, record.day, record.closed, record.opened) == (
        "marketing",
        MOVE_DAY,
        2,
        2,
    )
    rows = [
        *UnitLink.history.filter(history_change_reason=record.reason),
        *CustomerGrid.history.filter(history_change_reason=record.reason),
    ]
    assert len(rows) == 4 and {r.history_user.username for r in rows} == {"marketing"}


def test_running_the_same_reorganisation_again_changes_nothing_and_records_nothing(city):
    reorganise([CodedMove("unit", "LX-G02", "SZ")], MOVE_DAY)
    again = reorganise([CodedMove("unit", "LX-G02", "SZ")], MOVE_DAY)
    assert (again.closed, again.opened, again.record) == (0, 0, None)
    assert Reorganisation.objects.count() == 1


def test_the_audit_trail_shows_a_reorganisation_as_one_entry_with_its_link_changes(city, login):
    marketing = city["people"]["marketing"].user
    reorganise(
        [CodedMove("unit", "LX-G02", "SZ"), CodedMove("customer", "K1", "LX-G02")],
        MOVE_DAY,
        user=marketing,
    )
    [entry] = [c for c in recent_changes(mask=in_full) if c.kind == "reorganised"]
    assert entry.who == "周市场 (marketing)" and "LX-G02 → SZ" in entry.object_label
    assert len(entry.parts) == 4
    assert not any(
        c.reason.startswith("reorganisation #")
        for c in recent_changes(mask=in_full)
        if c.kind != "reorganised"
    )
    page = login("auditor").get("/audit/").content.decode()
    assert page.count("4 条关系变更") == 1


# --- opening and closing units ---------------------------------------------------------


def test_a_new_grid_opens_and_receives_customers_and_people_in_one_reorganisation(city):
    from wangge.org.models import Unit
    from wangge.org.reorganise import NewUnit

    result = reorganise(
        [CodedMove("customer", "K2", "LX-G03"), CodedMove("person", "S003", "LX-G03")],
        MOVE_DAY,
        create=[NewUnit("LX-G03", "grid", "LX", "网格W")],
    )
    new = Unit.objects.get(code="LX-G03")
    assert (new.name, new.kind) == ("网格W", "grid")
    assert unit_tree(MOVE_DAY)[new.id] == city["units"]["lixia"].id
    assert new.id not in unit_tree(date(2026, 6, 30))
    assert CustomerGrid.objects.as_of(MOVE_DAY).get(customer__code="K2").grid == new
    assert "+ grid LX-G03 → LX" in result.record.summary
    # the unit and its link carry the run's reason, so the trail shows them in its entry
    assert Unit.history.get(code="LX-G03").history_change_reason == result.record.reason


def test_a_merged_grid_closes_once_everything_under_it_has_moved(city):
    u = city["units"]
    reorganise(
        [
            CodedMove("customer", "K2", "LX-G01"),
            CodedMove("person", "S003", "LX-G01"),
        ],
        MOVE_DAY,
        close=["LX-G02"],
    )
    assert u["y"].id in unit_tree(date(2026, 6, 30))
    assert u["y"].id not in unit_tree(MOVE_DAY)
    link = UnitLink.objects.get(unit=u["y"])
    assert link.valid_to == MOVE_DAY


def test_a_unit_that_still_holds_anything_is_not_closed_and_nothing_is_written(city):
    with pytest.raises(OrgError) as refused:
        reorganise([CodedMove("person", "S003", "LX-G01")], MOVE_DAY, close=["LX-G02"])
    message = str(refused.value)
    assert "LX-G02" in message and "K2" in message and "S003" not in message
    assert UnitLink.objects.get(unit=city["units"]["y"]).valid_to is None
    assert Assignment.objects.get(person__staff_no="S003").valid_to is None
    assert Reorganisation.objects.count() == 0


def test_a_center_with_grids_under_it_cannot_close(city):
    with pytest.raises(OrgError, match="LX-G01, LX-G02"):
        reorganise([], MOVE_DAY, close=["LX"])


def test_new_units_follow_the_tree_kinds(city):
    from wangge.org.reorganise import NewUnit

    with pytest.raises(OrgError, match="cannot hang under LX-G01, a grid"):
        reorganise([], MOVE_DAY, create=[NewUnit("LX-G01-1", "grid", "LX-G01")])
    with pytest.raises(OrgError, match="a city cannot be opened"):
        reorganise([], MOVE_DAY, create=[NewUnit("QD", "city", "JN")])
    with pytest.raises(OrgError, match="unit LX-G01 already exists"):
        reorganise([], MOVE_DAY, create=[NewUnit("LX-G01", "grid", "SZ")])


def test_a_new_area_and_its_new_grid_open_together_parent_first(city):
    from wangge.org.models import Unit
    from wangge.org.reorganise import NewUnit

    reorganise(
        [CodedMove("unit", "LX-G01", "LX-A1")],
        MOVE_DAY,
        create=[NewUnit("LX-A1-G1", "grid", "LX-A1"), NewUnit("LX-A1", "area", "LX")],
    )
    tree = unit_tree(MOVE_DAY)
    area = Unit.objects.get(code="LX-A1")
    assert tree[Unit.objects.get(code="LX-A1-G1").id] == area.id
    assert tree[city["units"]["x"].id] == area.id and tree[area.id] == city["units"]["lixia"].id


def test_opening_and_closing_again_changes_nothing_and_records_nothing(city):
    from wangge.org.reorganise import NewUnit

    run = dict(
        moves=[CodedMove("customer", "K2", "LX-G03"), CodedMove("person", "S003", "LX-G03")],
        day=MOVE_DAY,
        create=[NewUnit("LX-G03", "grid", "LX")],
        close=["LX-G02"],
    )
    first = reorganise(**run)
    again = reorganise(**run)
    assert (first.opened, first.closed) == (3, 3)
    assert (again.opened, again.closed, again.record) == (0, 0, None)
    assert Reorganisation.objects.count() == 1


def test_the_command_opens_and_closes_units_from_options_and_from_a_file(city, tmp_path):
    from wangge.org.models import Unit

    call_command(
        "reorganise",
        "--day",
        "2026-07-01",
        "--create",
        "SZ-G02:grid:SZ:网格V",
        "--customer",
        "K3:SZ-G02",
        "--system",
    )
    assert Unit.objects.get(code="SZ-G02").name == "网格V"
    moves = tmp_path / "merge.csv"
    moves.write_text(
        "kind,code,new_parent,unit_kind,name\n"
        "customer,K2,LX-G01,,\n"
        "person,S003,LX-G01,,\n"
        "close,LX-G02,,,\n",
        encoding="utf-8",
    )
    call_command("reorganise", "--day", "2026-08-01", "--file", str(moves), "--system")
    assert city["units"]["y"].id not in unit_tree(date(2026, 8, 1))
    bad = tmp_path / "bad.csv"
    bad.write_text("kind,code,new_parent\ncreate,LX-G09,LX\n", encoding="utf-8")
    with pytest.raises(CommandError, match="row 2, column unit_kind"):
        call_command("reorganise", "--day", "2026-08-01", "--file", str(bad), "--system")
