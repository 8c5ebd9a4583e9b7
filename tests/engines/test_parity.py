"""The portable expressions give the same answer on DuckDB and on Spark, to the cent,
with the same rows in the same order, for every option and for the evidence."""

from __future__ import annotations

from datetime import date

import pyarrow as pa
import pytest

from wangge.analytics.run import monthly_figures, period_figures, unit_evidence
from wangge.core.rates import RateOptions

END = date(2026, 10, 1)

OPTION_SETS = {
    "defaults": RateOptions(),
    "every-switch": RateOptions(
        growth_base="previous_period",
        churn_base="opening",
        churn_suspended_over_90=True,
        input_output="return",
        attributable_revenue="new_business",
        valid_add_month=3,
    ),
}


def assert_same(a: dict[str, pa.Table], b: dict[str, pa.Table]) -> None:
    assert a.keys() == b.keys()
    for level in a:
        x, y = a[level], b[level]
        assert x.schema == y.schema, level
        assert x.num_rows == y.num_rows, level
        differing = [c for c in x.column_names if not x[c].equals(y[c])]
        assert differing == [], f"{level}: {differing}"


def test_duckdb_figures_are_complete_and_exact(demo_store, duck_engine):
    f = monthly_figures(demo_store, END, duck_engine, include_subscriptions=True)
    assert set(f) == {"grid", "center", "city", "person", "subscription"}
    grid, subs = f["grid"], f["subscription"]
    assert grid.num_rows > 0 and f["city"].num_rows >= 1
    for col in ("billed_cents", "arrears_cents", "paid_cents", "marketing_input_cents"):
        assert grid.schema.field(col).type == pa.int64()
    for col in ("churn_rate", "revenue_growth", "arpu_cents"):
        assert grid.schema.field(col).type == pa.float64()
    # the subscription level sums to the grid level: one definition, two paths
    for col in ("billed_cents", "valid_new_adds", "churned_cancelled", "subscribers_close"):
        assert pa.compute.sum(subs[col]).as_py() == pa.compute.sum(grid[col]).as_py(), col
    # every level rolls the same money up
    total = pa.compute.sum(grid["billed_cents"]).as_py()
    assert pa.compute.sum(f["city"]["billed_cents"]).as_py() == total
    assert pa.compute.sum(f["center"]["billed_cents"]).as_py() == total
    # grids come back sorted by the expression itself
    ids = [g for g in grid["grid_id"].to_pylist() if g is not None]
    assert ids == sorted(ids)


@pytest.mark.spark
@pytest.mark.slow
@pytest.mark.parametrize("name", OPTION_SETS)
def test_spark_equals_duckdb(demo_store, duck_engine, spark_engine, name):
    opts = OPTION_SETS[name]
    d = monthly_figures(demo_store, END, duck_engine, opts, include_subscriptions=True)
    s = monthly_figures(demo_store, END, spark_engine, opts, include_subscriptions=True)
    assert_same(d, s)


@pytest.mark.spark
@pytest.mark.slow
def test_spark_equals_duckdb_over_a_quarter(demo_store, duck_engine, spark_engine):
    start = date(2026, 8, 1)
    assert_same(
        period_figures(demo_store, start, END, duck_engine),
        period_figures(demo_store, start, END, spark_engine),
    )


@pytest.mark.spark
@pytest.mark.slow
def test_spark_equals_duckdb_on_evidence(demo_store, duck_engine, spark_engine):
    city = monthly_figures(demo_store, END, duck_engine)["center"]["unit_id"][0].as_py()
    opts = RateOptions(churn_suspended_over_90=True)
    d = unit_evidence(demo_store, END, city, duck_engine, opts)
    s = unit_evidence(demo_store, END, city, spark_engine, opts)
    assert all(t.num_rows > 0 for t in d.values())
    assert_same(d, s)
