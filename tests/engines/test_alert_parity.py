"""The alert rules give the same rows on DuckDB and on Spark, in the same order."""

from __future__ import annotations

from datetime import date

import pytest

from tests.engines.test_parity import assert_same
from wangge.analytics.alerts import month_alerts
from wangge.core.alerts.rules import RULES, AlertOptions

END = date(2026, 10, 1)
OPTION_SETS = {
    "defaults": AlertOptions(),
    "every-threshold": AlertOptions(
        contract_days=90,
        arrears_months=2,
        drop_percent=20,
        drop_months=2,
        complaints=1,
        new_user_days=60,
        silent_days=3,
        guard_percent=10,
    ),
}


def test_duckdb_raises_alerts_of_several_rules_on_the_demo_store(demo_store, duck_engine):
    alerts = month_alerts(demo_store, END, duck_engine)
    assert alerts.num_rows > 0
    assert set(alerts["rule"].to_pylist()) <= set(RULES)
    assert len(set(alerts["rule"].to_pylist())) >= 3


@pytest.mark.spark
@pytest.mark.slow
@pytest.mark.parametrize("name", OPTION_SETS)
def test_spark_alerts_equal_duckdb(demo_store, duck_engine, spark_engine, name):
    opts = OPTION_SETS[name]
    d = month_alerts(demo_store, END, duck_engine, opts)
    s = month_alerts(demo_store, END, spark_engine, opts)
    assert d.num_rows > 0
    assert_same({"alerts": d}, {"alerts": s})
