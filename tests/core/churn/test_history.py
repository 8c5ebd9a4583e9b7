"""Churn risk from the monthly history: the time split never leaks a later month,
too little history is said, a missing feature column is refused by name."""

from __future__ import annotations

import shutil
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from wangge.analytics.churn import labelled_months, month_features, score_month, train
from wangge.core.churn.history import FEATURES, HistoryError, time_split
from wangge.core.demo import generate

END = date(2026, 10, 1)
SEP, AUG = date(2026, 9, 1), date(2026, 8, 1)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    out = tmp_path_factory.mktemp("churn-history")
    generate(out, scale=0.02, seed=7, months=13, end_month=END)
    return out


def poison(store, month, tmp_path):
    """A copy of ``store`` where every subscription churns in ``month``."""
    copy = tmp_path / "poisoned"
    shutil.copytree(store, copy)
    for f in (copy / "facts/subscription_month" / f"{month:%Y-%m}").glob("*.parquet"):
        t = pq.read_table(f)
        status = pa.array(["cancelled"] * t.num_rows, t.schema.field("status").type)
        pq.write_table(t.set_column(t.schema.get_field_index("status"), "status", status), f)
    return copy


def test_the_split_validates_on_the_latest_labelled_months_and_trains_before():
    months = [date(2026, m, 1) for m in range(1, 10)]
    split = time_split(months, validate=2, train=4)
    assert split.validate == [date(2026, 8, 1), date(2026, 9, 1)]
    assert split.train == [date(2026, m, 1) for m in range(4, 8)]
    # a training row's label is its next month: at most the first validation month
    assert max(split.train) < min(split.validate)


def test_too_little_history_is_said_with_the_figures():
    with pytest.raises(HistoryError, match="too little history: 2 labelled months"):
        time_split([date(2026, 1, 1), date(2026, 2, 1)])


def test_the_last_stored_month_has_no_label(store):
    months = labelled_months(store)
    assert months[-1] == SEP and END not in months


def test_what_happens_after_the_validation_month_never_reaches_the_model(store, tmp_path):
    """Poison the month after the validation month (the validation label month): the
    validation labels change, the model's predictions must not. A model that trained on
    rows labelled by that month, or read its facts as features, would move."""
    clean = train(store, engine="duckdb", with_baseline=False)
    assert clean.validate_months == [SEP] and max(clean.train_months) < SEP
    dirty = train(poison(store, END, tmp_path), engine="duckdb", with_baseline=False)
    assert dirty.validation["y"].mean() == 1.0  # the poison did reach the labels
    np.testing.assert_array_equal(clean.validation["p"], dirty.validation["p"])


def test_training_until_a_month_ignores_the_months_after_it(store, tmp_path):
    early = train(store, AUG, engine="duckdb", with_baseline=False)
    assert early.validate_months == [date(2026, 7, 1)]
    later = train(poison(store, SEP, tmp_path), AUG, engine="duckdb", with_baseline=False)
    np.testing.assert_array_equal(early.validation["p"], later.validation["p"])
    np.testing.assert_array_equal(early.validation["y"], later.validation["y"])


def test_the_model_ranks_the_planted_drivers_and_beats_chance(store):
    trained = train(store, engine="duckdb")
    assert trained.metrics["model"]["roc_auc"] > 0.65
    assert trained.rows["train"] > trained.rows["validate"] > 0


def test_scoring_gives_one_risk_per_customer_with_reasons(store):
    trained = train(store, engine="duckdb", with_baseline=False)
    scored = score_month(trained.model, trained.columns, month_features(store, END, "duckdb"))
    assert scored["customer_id"].is_unique
    assert scored["risk"].between(0, 1).all()
    riskiest = scored.sort_values("risk").iloc[-1]
    assert riskiest["reasons"] and all(r.feature in FEATURES for r in riskiest["reasons"])
    assert all(r.push > 0 for r in riskiest["reasons"])


def test_a_missing_feature_column_is_refused_by_name(store):
    trained = train(store, engine="duckdb", with_baseline=False)
    rows = month_features(store, END, "duckdb")
    rows.features = rows.features.drop(columns=["usage_trend"])
    with pytest.raises(HistoryError, match="feature column missing: usage_trend"):
        score_month(trained.model, trained.columns, rows)
