"""A store file (a month's marketing inputs, the complaints, the registry) after a
process was killed at each step of its swap: ``recover`` leaves it as the database
says, whatever step the kill came at."""

from __future__ import annotations

from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from wangge.core import schema
from wangge.intake import storefiles as sf

TOKEN = "ab" * 16
MONTH = date(2026, 11, 1)


def _write(path, labour):
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [{"month": MONTH, "grid_id": 1, "commission_cents": 0, "subsidy_cents": 0}]
    rows[0] |= {"promotion_cents": 0, "labour_cents": labour}
    pq.write_table(pa.Table.from_pylist(rows, schema=schema.MARKETING_INPUT), path)


def _labour(path):
    return pq.read_table(path)["labour_cents"].to_pylist() if path.exists() else None


@pytest.fixture
def target(tmp_path):
    return sf.FILES["marketing_input"].place(tmp_path, MONTH)


def test_killed_before_the_commit_the_staging_is_discarded(tmp_path, target):
    _write(target, 100)
    _write(target.with_name(f".2026-11.new-{TOKEN}.parquet"), 200)
    sf.recover(tmp_path, lambda token: None)
    assert _labour(target) == [100]
    assert [p.name for p in target.parent.iterdir()] == ["2026-11.parquet"]


def test_killed_after_the_commit_the_new_file_is_put_live(tmp_path, target):
    _write(target, 100)
    _write(target.with_name(f".2026-11.new-{TOKEN}.parquet"), 200)
    sf.recover(tmp_path, lambda token: "done")
    assert _labour(target) == [200]
    sf.swap_back(target, TOKEN)  # and the set-aside one still rolls back
    assert _labour(target) == [100]


def test_killed_half_way_through_the_swap(tmp_path, target):
    # the live file set aside, the new one not yet renamed
    _write(target.with_name(f".2026-11.old-{TOKEN}.parquet"), 100)
    _write(target.with_name(f".2026-11.new-{TOKEN}.parquet"), 200)
    sf.recover(tmp_path, lambda token: "done")
    assert _labour(target) == [200]


def test_killed_during_a_rollback_the_earlier_file_comes_back(tmp_path, target):
    _write(target, 200)
    _write(target.with_name(f".2026-11.old-{TOKEN}.parquet"), 100)
    sf.recover(tmp_path, lambda token: "rolled_back")
    assert _labour(target) == [100]
    sf.recover(tmp_path, lambda token: "rolled_back")  # a second recovery changes nothing
    assert _labour(target) == [100]


def test_a_first_file_rolled_back_leaves_no_file(tmp_path, target):
    _write(target.with_name(f".2026-11.new-{TOKEN}.parquet"), 200)
    sf.swap_in(target, TOKEN)
    assert _labour(target) == [200]
    sf.swap_back(target, TOKEN)
    assert not target.exists() and not list(target.parent.iterdir())


def test_stable_ids_keep_digits_and_hash_the_rest():
    assert sf.stable_id("20261105002") == 20261105002
    assert sf.stable_id("TS-1") == sf.stable_id("TS-1") != sf.stable_id("TS-2")
    assert 0 < sf.stable_id("济南泉城饭店有限公司") < 2**63
