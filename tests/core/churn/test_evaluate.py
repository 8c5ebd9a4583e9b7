"""Cross-validation of the churn model beside its baseline: it learns what is there,
finds nothing where there is nothing, and cannot see its test rows."""

import numpy as np
import pandas as pd
import pytest

from wangge.core.churn.evaluate import cross_validate
from wangge.core.churn.table import prepare


def test_the_boosted_model_ranks_churners_and_beats_the_logistic_baseline(telecom):
    result = cross_validate(prepare(telecom, "Churn"))
    assert result.model.roc_auc > 0.75
    assert result.model.roc_auc >= result.baseline.roc_auc - 0.01
    assert result.model.top_decile_lift > 1.8
    assert 0 < result.model.brier < 0.25
    assert len(result.folds) == 5
    assert sorted(np.concatenate([f.test_rows for f in result.folds])) == list(range(1500))


def noise(n: int = 800, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "a": rng.normal(size=n).round(4).astype(str),
            "b": rng.normal(size=n).round(4).astype(str),
            "kind": rng.choice(list("ABCDEFGH"), n),
            "Churn": np.where(rng.random(n) < 0.2, "Yes", "No"),
        }
    )


def oversampled_before_the_split(frame: pd.DataFrame) -> pd.DataFrame:
    """The classic leak: churners copied three times before cross-validation, so the
    copies of a test row sit in the training rows."""
    churned = frame[frame["Churn"] == "Yes"]
    return pd.concat([frame, churned, churned], ignore_index=True)


def test_on_pure_noise_both_models_find_nothing():
    result = cross_validate(prepare(noise(), "Churn"))
    assert abs(result.model.roc_auc - 0.5) < 0.08
    assert abs(result.baseline.roc_auc - 0.5) < 0.08


def test_the_noise_check_catches_resampling_before_the_split():
    """The check above has teeth: the same noise, oversampled before the split, looks
    like a model. Our pipeline resamples nothing outside its training rows."""
    leaked = cross_validate(prepare(oversampled_before_the_split(noise()), "Churn"))
    assert leaked.model.roc_auc > 0.65


def test_every_encoder_learned_its_categories_from_the_training_rows_only():
    """A category seen only in a test fold is unknown to that fold's fitted model and
    baseline: nothing was fitted on the whole table before the split."""
    rng = np.random.default_rng(11)
    n = 600
    frame = pd.DataFrame(
        {
            "x": rng.normal(size=n).astype(str),
            "shop": [f"店{i // 2}" for i in range(n)],  # each value on two rows
            "Churn": np.where(rng.random(n) < 0.3, "Yes", "No"),
        }
    )
    table = prepare(frame, "Churn")
    result = cross_validate(table)
    for fold in result.folds:
        train = np.setdiff1d(np.arange(n), fold.test_rows)
        seen = set(table.features["shop"].iloc[train])
        model, base = fold.fitted
        (model_categories,) = model.encoder_.named_transformers_["codes"].categories_
        onehot = base.named_steps["prepare"].named_transformers_["categories"][-1]
        assert set(model_categories) <= seen
        assert set(onehot.categories_[0]) <= seen | {"(空)"}


def test_too_few_churners_for_the_folds_is_a_clear_refusal(telecom):
    telecom["Churn"] = "No"
    telecom.loc[:2, "Churn"] = "Yes"
    with pytest.raises(ValueError, match="too few rows of each label"):
        cross_validate(prepare(telecom, "Churn"))


def test_each_rows_feature_pushes_add_up_to_its_score(telecom):
    table = prepare(telecom, "Churn")
    model = cross_validate(table, folds=2).folds[0].fitted[0]
    rows = table.features.iloc[:5]
    pushes = model.contributions(rows)
    bias = model.booster_.predict(model._frame(rows), pred_contrib=True)[:, -1]
    assert np.allclose(pushes.sum(axis=1) + bias, model.raw_score(rows))
