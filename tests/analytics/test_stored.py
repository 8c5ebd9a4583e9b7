"""A period's figures are computed once per state of the store and read back after;
a changed file of the period gives a new result, never the stale one."""

from __future__ import annotations

from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq

from tests.core.test_rates import FACTS, build_town
from wangge.analytics.run import period_figures
from wangge.analytics.stored import KEEP, RESULTS, figures_key, stored_period_figures
from wangge.core import schema
from wangge.core.rates import Period, RateOptions

OCT = date(2026, 10, 1)


def _grid(tables, grid_id):
    return next(r for r in tables["grid"].to_pylist() if r["grid_id"] == grid_id)


def test_the_first_request_computes_and_stores_the_next_reads_the_same_figures(tmp_path):
    store = build_town(tmp_path / "store")
    first = stored_period_figures(store, OCT)
    [result] = (store / RESULTS).iterdir()
    assert sorted(p.name for p in result.iterdir()) == [
        "center.parquet", "city.parquet", "grid.parquet", "person.parquet"
    ]  # fmt: skip
    again = stored_period_figures(store, OCT)
    assert again["grid"].equals(first["grid"]) and again["person"].equals(first["person"])
    assert _grid(again, 10)["billed_cents"] == 12100  # the hand-worked figure
    assert first["grid"].equals(period_figures(store, OCT)["grid"])


def test_a_changed_fact_file_gives_a_new_result_not_the_stale_one(tmp_path):
    store = build_town(tmp_path / "store")
    before = stored_period_figures(store, OCT)
    rows = [dict(r) for r in FACTS if r["month"] == OCT]
    for r in rows:
        if r["subscription_id"] == 1:
            r["billed_cents"] = 9000  # a corrected month: S1 billed 9,000 instead of 6,000
    part = store / "facts/subscription_month/2026-10/part-00000.parquet"
    pq.write_table(pa.Table.from_pylist(rows, schema=schema.SUBSCRIPTION_MONTH), part)
    after = stored_period_figures(store, OCT)
    assert _grid(before, 10)["billed_cents"] == 12100
    assert _grid(after, 10)["billed_cents"] == 15100
    assert len(list((store / RESULTS).iterdir())) == 2


def test_the_key_follows_the_options_and_the_period(tmp_path):
    store = build_town(tmp_path / "store")
    month = figures_key(store, Period(OCT, OCT))
    assert month == figures_key(store, Period(OCT, OCT))
    assert month != figures_key(store, Period(OCT, OCT, RateOptions(churn_base="opening")))
    assert month != figures_key(store, Period(date(2026, 9, 1), OCT))


def test_a_damaged_result_is_computed_again_and_old_results_are_pruned(tmp_path):
    store = build_town(tmp_path / "store")
    stored_period_figures(store, OCT)
    [result] = (store / RESULTS).iterdir()
    (result / "grid.parquet").write_bytes(b"not parquet")
    assert _grid(stored_period_figures(store, OCT), 10)["billed_cents"] == 12100
    assert _grid(stored_period_figures(store, OCT), 10)["billed_cents"] == 12100  # rewritten
    assert pq.read_table(result / "grid.parquet").num_rows > 0
    for n in range(KEEP + 3):
        (store / RESULTS / f"old{n:02d}").mkdir()
    stored_period_figures(store, date(2026, 9, 1))  # a new key: written, then pruned
    assert len(list((store / RESULTS).iterdir())) == KEEP
