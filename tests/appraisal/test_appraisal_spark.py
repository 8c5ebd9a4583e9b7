"""The close on Spark gives the very same cards as on DuckDB (version 2, empty diff)."""

from __future__ import annotations

from datetime import date

import pytest

OCT = date(2026, 10, 1)
pytestmark = [pytest.mark.spark, pytest.mark.slow, pytest.mark.django_db]


def test_spark_close_matches_duckdb(month_inputs):
    from wangge.appraisal.close import close_month, publish_month

    close_month(OCT, engine="duckdb")
    v1 = publish_month(OCT)
    v2 = close_month(OCT, engine="spark")
    assert (v2.version, v2.engine) == (2, "spark")
    assert v2.diff == {"against_version": 1, "changes": []}
    assert sorted(v1.cards.values_list("label", "total", "rank")) == sorted(
        v2.cards.values_list("label", "total", "rank")
    )
