"""The demo command builds the city, loads it whole, and prints a log-in for every role."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from wangge.core.demo import generate
from wangge.customers.models import Customer, CustomerGrid, Subscription
from wangge.demo.load import StoreError, create_demo_logins, load_store
from wangge.org.models import Assignment, Unit
from wangge.org.scope import visible_unit_ids
from wangge.territory.models import PlaceGrid

SMALL = {"scale": 0.02, "months": 13, "end_month": date(2026, 10, 1)}


@pytest.fixture(scope="session")
def small_store(tmp_path_factory):
    store = tmp_path_factory.mktemp("store")
    generate(store, overwrite=True, **SMALL)
    return store


def test_loading_a_store_brings_every_grid_its_people_places_and_customers(db, small_store):
    summary = load_store(small_store)
    assert summary.counts["customer"] == Customer.objects.count() > 0
    assert summary.counts["subscription"] == Subscription.objects.count() > 0
    grids = set(Unit.objects.filter(kind="grid").values_list("id", flat=True))
    assert grids
    assert grids <= set(
        Assignment.objects.as_of(date(2026, 10, 31)).values_list("unit_id", flat=True)
    )
    assert grids <= set(
        PlaceGrid.objects.as_of(date(2026, 10, 31)).values_list("grid_id", flat=True)
    )
    assert grids <= set(
        CustomerGrid.objects.as_of(date(2026, 10, 31)).values_list("grid_id", flat=True)
    )


def test_every_role_gets_a_demo_login_tied_to_a_real_person(db, small_store):
    load_store(small_store)
    logins = {login.username: login for login in create_demo_logins()}
    assert set(logins) == {
        "gridmgr",
        "gridmgr2",
        "frontline",
        "director",
        "marketing",
        "backoffice",
        "auditor",
        "admin",
    }
    assert logins["gridmgr"].role == "grid_manager" and logins["director"].role == "center_director"
    users = get_user_model().objects
    gm, gm2 = users.get(username="gridmgr"), users.get(username="gridmgr2")
    assert visible_unit_ids(gm) and visible_unit_ids(gm).isdisjoint(visible_unit_ids(gm2))
    assert visible_unit_ids(users.get(username="marketing")) is None


def test_loading_again_replaces_the_city_instead_of_adding_to_it(db, small_store):
    first = load_store(small_store).counts
    second = load_store(small_store).counts
    assert first == second and Customer.objects.count() == first["customer"]


def test_a_store_missing_a_table_is_refused_and_the_database_keeps_what_it_had(
    db, small_store, tmp_path
):
    load_store(small_store)
    before = Customer.objects.count()
    broken = tmp_path / "broken"
    (broken / "dims").mkdir(parents=True)
    for f in (small_store / "dims").iterdir():
        if f.name != "subscription.parquet":
            (broken / "dims" / f.name).write_bytes(f.read_bytes())
    with pytest.raises(StoreError, match=r"subscription\.parquet"):
        load_store(broken)
    assert Customer.objects.count() == before


def test_the_command_refuses_a_wrong_option_with_a_one_line_reason(db):
    with pytest.raises(CommandError, match="--scale must be between"):
        call_command("demo", "--scale", "-1", "--no-serve")
    with pytest.raises(CommandError, match="--months must be between 13 and 120"):
        call_command("demo", "--months", "3", "--no-serve")
    with pytest.raises(CommandError, match="expected YYYY-MM"):
        call_command("demo", "--end-month", "October", "--no-serve")


def test_the_command_builds_loads_and_leaves_a_marker_so_a_rerun_reuses_the_store(
    db, tmp_path, capsys
):
    store = tmp_path / "store"
    args = [
        "--scale",
        "0.02",
        "--months",
        "13",
        "--end-month",
        "2026-10",
        "--store",
        str(store),
        "--no-serve",
    ]
    call_command("demo", *args)
    assert (store / "GENERATED").exists() and not (tmp_path / "store.partial").exists()
    out = capsys.readouterr().out
    assert "gridmgr" in out and "wangge-demo" in out
    first = Customer.objects.count()
    call_command("demo", *args)
    assert Customer.objects.count() == first


def test_a_database_that_holds_real_logins_is_not_overwritten_without_force(db, tmp_path):
    get_user_model().objects.create_user("zhang.wei", password="x")
    with pytest.raises(CommandError, match="--force"):
        call_command("demo", "--scale", "0.02", "--store", str(tmp_path / "s"), "--no-serve")


@pytest.mark.slow
def test_an_unreachable_database_fails_with_one_line_and_a_non_zero_exit(tmp_path):
    env = {
        **os.environ,
        "WANGGE_DATABASE_URL": "postgres://postgres@127.0.0.1:1/nowhere",
        "WANGGE_DATA_DIR": str(tmp_path),
    }
    run = subprocess.run(
        [sys.executable, "-m", "wangge.cli", "demo", "--no-serve"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode != 0
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("CommandError: database unreachable")


def test_a_full_disk_while_generating_fails_in_one_line_and_leaves_the_database_alone(
    db, tmp_path, monkeypatch
):
    import errno

    import wangge.core.demo as demo

    def no_space(out_dir, **kwargs):
        (out_dir / "dims").mkdir(parents=True)
        raise OSError(errno.ENOSPC, "No space left on device", str(out_dir / "dims" / "x.parquet"))

    monkeypatch.setattr(demo, "generate", no_space)
    before = Customer.objects.count()
    with pytest.raises(CommandError, match=r"disk full while writing .*x\.parquet"):
        call_command("demo", "--scale", "0.02", "--store", str(tmp_path / "s"), "--no-serve")
    assert Customer.objects.count() == before
    assert not (tmp_path / "s").exists()


def test_a_database_error_during_the_load_rolls_everything_back(db, tmp_path, monkeypatch):
    from django.db import DatabaseError

    import wangge.demo.management.commands.demo as command

    Unit.objects.create(code="KEEP", name="已有单元", kind="city")

    def broken_logins():
        raise DatabaseError("database or disk is full")

    monkeypatch.setattr(command, "create_demo_logins", broken_logins)
    store = tmp_path / "s"
    args = ["--scale", "0.02", "--months", "13", "--end-month", "2026-10", "--store", str(store)]
    with pytest.raises(CommandError, match="nothing was changed: database or disk is full"):
        call_command("demo", *args, "--no-serve")
    assert Customer.objects.count() == 0
    assert list(Unit.objects.values_list("code", flat=True)) == ["KEEP"]
