"""The churn rows at scale: all months in one query, the non-churned training rows
sampled and weighted back, reason codes from the batch's contributions and only for
the customers asked."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from wangge.analytics.churn import bind_history, month_features, panel_for, score_month, train
from wangge.core.churn import history
from wangge.core.churn.history import CATEGORICAL, NUMERIC, top_pushes
from wangge.core.churn.model import BoostedModel, Boosting
from wangge.core.demo import generate
from wangge.engines import get_engine

END = date(2026, 10, 1)
JUL, AUG, SEP = date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    out = tmp_path_factory.mktemp("churn-panel")
    generate(out, scale=0.02, seed=11, months=13, end_month=END)
    return out


@pytest.fixture(scope="module")
def engine():
    eng = get_engine("duckdb")
    yield eng
    eng.close()


def per_row_reasons(contrib: pd.DataFrame, X: pd.DataFrame, top: int):
    """The reason codes one row at a time, as they were first written: sort the row's
    pushes, keep the ``top`` positive ones."""
    out = []
    for i in range(len(X)):
        pushes = contrib.iloc[i]
        ranked = sorted(pushes.items(), key=lambda kv: -kv[1])[:top]
        out.append([(name, push) for name, push in ranked if push > 0])
    return out


def test_one_query_over_several_months_gives_each_month_its_own_rows(store, engine):
    """Two months in one query (windows over each subscription's months) equal each
    month read alone from only the facts it needs: no month's sums reach another's."""
    both = panel_for(engine, store, [JUL, AUG])
    for month in (JUL, AUG):
        alone = panel_for(engine, store, [month])
        mask = both.month == month
        assert mask.sum() == len(alone.subscription_id) > 0
        np.testing.assert_array_equal(both.subscription_id[mask], alone.subscription_id)
        np.testing.assert_array_equal(both.label[mask], alone.label)
        pd.testing.assert_frame_equal(
            both.features[mask].reset_index(drop=True), alone.features.reset_index(drop=True)
        )


def test_the_trends_compare_a_month_with_the_three_before(store, engine):
    """Usage trend and complaints of the last three months, recomputed by hand from the
    facts of one subscription."""
    rows = panel_for(engine, store, [AUG])
    tables = bind_history(engine, store, history.months_needed(AUG))
    facts = engine.to_arrow(tables["subscription_month"]).to_pandas()
    months_of = facts.groupby("subscription_id")["month"].count()
    full = set(months_of[months_of == 4].index) & set(rows.subscription_id.tolist())
    sub = sorted(full)[len(full) // 2]
    mine = facts[facts.subscription_id == sub].set_index("month").sort_index()
    before = mine.iloc[:-1]
    now = mine.iloc[-1]
    got = rows.features[rows.subscription_id == sub].iloc[0]
    assert got["usage"] == now["usage"]
    assert got["complaints_3m"] == before["complaints"].sum()
    expected = now["usage"] / before["usage"].mean() if before["usage"].mean() else np.nan
    assert got["usage_trend"] == pytest.approx(expected, nan_ok=True)


def test_sampling_keeps_every_churned_row_and_a_fixed_share_of_the_others(store, engine):
    full = panel_for(engine, store, [JUL, AUG])
    part = panel_for(engine, store, [JUL, AUG], keep_negatives=0.25)
    again = panel_for(engine, store, [JUL, AUG], keep_negatives=0.25)
    assert part.label.sum() == full.label.sum()  # every churned row
    share = (part.label == 0).sum() / (full.label == 0).sum()
    assert 0.2 < share < 0.3
    np.testing.assert_array_equal(part.subscription_id, again.subscription_id)  # same draw
    assert set(part.weight[part.label == 0]) == {4.0} and set(part.weight[part.label == 1]) == {1.0}


def test_a_sampled_training_set_still_gives_the_population_s_probabilities(store):
    """Above the row budget the non-churned rows are sampled; the calibration weighs
    them back, so the mean predicted risk stays near the observed churn rate."""
    whole = train(store, engine="duckdb", with_baseline=False)
    sampled = train(store, engine="duckdb", with_baseline=False, max_rows=whole.rows["train"] // 3)
    assert sampled.sampled["keep_negatives"] < 0.5
    assert sampled.rows["train"] < whole.rows["train"] / 2
    assert sampled.positives["train"] == whole.positives["train"]
    rate = whole.validation["y"].mean()
    assert sampled.validation["p"].mean() == pytest.approx(rate, rel=0.5)
    assert sampled.metrics["model"]["roc_auc"] > 0.6


def test_top_pushes_agree_with_sorting_every_row():
    rng = np.random.default_rng(3)
    values = rng.normal(size=(200, 17))
    values[:, 5] = 0.0  # a feature that never pushes
    values[::7, 2] = values[::7, 9]  # ties, broken by column as a stable sort does
    order, pushes = top_pushes(values, 3)
    expected = np.argsort(-values, axis=1, kind="stable")[:, :3]
    np.testing.assert_array_equal(order, expected)
    np.testing.assert_array_equal(pushes, np.take_along_axis(values, expected, axis=1))
    assert top_pushes(values, 30)[0].shape == (200, 17)


def test_reason_codes_from_the_batch_agree_with_the_per_row_result(store, engine):
    rows = panel_for(engine, store, [AUG])
    X, y = rows.features, rows.label
    model = BoostedModel(NUMERIC, CATEGORICAL, Boosting(max_trees=60, holdout=0.25)).fit(X, y)
    sample = X.iloc[:300]
    contrib = model.contributions(sample)
    batched = history.reasons_of(model, sample, 3, batch=64)
    assert [[(r.feature, r.push) for r in row] for row in batched] == per_row_reasons(
        contrib, sample, 3
    )
    assert any(batched)
    row = next(r for r in batched if r)
    i = batched.index(row)
    v = sample.iloc[i][row[0].feature]
    assert row[0].value == (None if pd.isna(v) else v)  # the row's own value


def test_scoring_explains_only_the_customers_asked_and_the_same_way(store):
    trained = train(store, engine="duckdb", with_baseline=False)
    rows = month_features(store, END, "duckdb")
    every = score_month(trained.model, trained.columns, rows)
    riskiest = score_month(
        trained.model,
        trained.columns,
        rows,
        explain=lambda f: (f["risk"] >= f["risk"].quantile(0.95)).to_numpy(),
    )
    pd.testing.assert_frame_equal(
        every.drop(columns="reasons"), riskiest.drop(columns="reasons")
    )  # the same risk for everyone
    asked = riskiest["reasons"].notna()
    assert 0 < asked.sum() < len(riskiest) / 10
    for mine, full in zip(riskiest["reasons"][asked], every["reasons"][asked], strict=True):
        assert [(r.feature, r.value, r.push) for r in mine] == [
            (r.feature, r.value, r.push) for r in full
        ]
