"""The figures read the organisation from the database: a reorganisation on the 1st moves
that month's figures to the new center, and the month before stays as it was."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pytest

from wangge.analytics.dims import write_org_dims
from wangge.analytics.run import period_figures
from wangge.org.reorganise import CodedMove, reorganise

SEP, OCT = date(2026, 9, 1), date(2026, 10, 1)


def _store_helpers():
    path = Path(__file__).parents[1] / "appraisal" / "appraisal_store.py"
    spec = importlib.util.spec_from_file_location("appraisal_store_for_dims", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def store(city, tmp_path):
    root = tmp_path / "store"
    _store_helpers().build_store(root, city)
    return root


def centers(store, month) -> dict[str, dict]:
    table = period_figures(store, month)["center"].to_pylist()
    return {row["code"]: row for row in table}


def test_a_grid_moved_on_the_first_counts_for_its_new_center_from_that_month_only(city, store):
    before_sep, before_oct = centers(store, SEP), centers(store, OCT)
    reorganise([CodedMove("unit", "LX-G02", "SZ")], OCT, user=city["people"]["marketing"].user)
    # The store's dimension files still hold the old tree until a run rewrites them.
    assert centers(store, OCT) == before_oct
    write_org_dims(store)
    after_sep, after_oct = centers(store, SEP), centers(store, OCT)
    assert after_sep == before_sep
    grid_y = {r["code"]: r for r in period_figures(store, OCT)["grid"].to_pylist()}["LX-G02"]
    assert (after_oct["LX"]["grids"], after_oct["SZ"]["grids"]) == (1, 2)
    moved = grid_y["billed_cents"]
    assert moved > 0
    assert after_oct["LX"]["billed_cents"] == before_oct["LX"]["billed_cents"] - moved
    assert after_oct["SZ"]["billed_cents"] == before_oct["SZ"]["billed_cents"] + moved
