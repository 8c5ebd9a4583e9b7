"""The churn model and its baseline, each one scikit-learn estimator fitted on training
rows only.

* ``BoostedModel``: LightGBM on the raw numbers (missing values handled by the trees)
  and categories coded per training fold; the number of trees is chosen by early
  stopping inside the training rows, and probabilities are calibrated (Platt) on
  out-of-fold scores of those same rows, so the test rows are never looked at.
* ``baseline()``: logistic regression on standardised numbers and one-hot categories,
  the usual careful baseline of published churn work.

Every encoder, imputer and scaler lives inside the estimator, so cross-validation
refits it on each training fold: fitting any of them on the whole table first would
leak the test rows into the model (``tests/core/churn`` proves it cannot happen).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, StratifiedShuffleSplit
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler

SEED = 20261203


@dataclass
class Boosting:
    """LightGBM settings: shallow trees and a slow rate, which hold up on the few
    thousand rows of a public table and on millions of subscriptions alike."""

    learning_rate: float = 0.03
    num_leaves: int = 15
    min_child_samples: int = 40
    max_trees: int = 3000
    early_stopping: int = 100
    inner_folds: int = 4
    holdout: float = 0.0
    """Above 0: instead of ``inner_folds`` folds, one stratified share of the rows held
    out for early stopping and the calibration (one fit instead of one per fold)."""
    refit: bool = True
    """Refit on every row with the chosen tree count; otherwise score with the booster
    fitted beside the held-out rows (one fit fewer)."""
    threads: int = 1
    max_bin: int = 255
    extra: dict = field(default_factory=dict)

    def params(self, seed: int) -> dict:
        return {
            "objective": "binary",
            "learning_rate": self.learning_rate,
            "num_leaves": self.num_leaves,
            "min_child_samples": self.min_child_samples,
            "subsample": 0.8,
            "subsample_freq": 1,
            "colsample_bytree": 0.8,
            "reg_lambda": 1.0,
            "min_data_per_group": 50,
            "cat_smooth": 20.0,
            "max_cat_to_onehot": 8,
            "random_state": seed,
            "n_jobs": self.threads,
            "max_bin": self.max_bin,
            "verbose": -1,
            **self.extra,
        }


def _encoder(categorical: list[str]) -> ColumnTransformer:
    """Categories as integer codes learned from the training rows; an unseen or missing
    category is NaN, which LightGBM sends down its own branch."""
    return ColumnTransformer(
        [
            (
                "codes",
                OrdinalEncoder(
                    handle_unknown="use_encoded_value",
                    unknown_value=np.nan,
                    encoded_missing_value=np.nan,
                ),
                categorical,
            )
        ],
        remainder="passthrough",
        verbose_feature_names_out=False,
    )


class BoostedModel(ClassifierMixin, BaseEstimator):
    """Gradient-boosted trees with calibrated probabilities (see the module docstring)."""

    def __init__(
        self,
        numeric: list[str] | None = None,
        categorical: list[str] | None = None,
        boosting: Boosting | None = None,
        seed: int = SEED,
    ):
        self.numeric = numeric
        self.categorical = categorical
        self.boosting = boosting
        self.seed = seed

    def _frame(self, X: pd.DataFrame) -> pd.DataFrame:
        coded = self.encoder_.transform(X)
        return pd.DataFrame(coded, columns=self.columns_).astype(float)

    def _booster(self, trees: int):
        from lightgbm import LGBMClassifier

        return LGBMClassifier(n_estimators=trees, **self.settings_.params(self.seed))

    def fit(
        self, X: pd.DataFrame, y: np.ndarray, sample_weight: np.ndarray | None = None
    ) -> BoostedModel:
        """``sample_weight`` (the inverse of each row's sampling share when the majority
        class was sampled) weighs the calibration, so the probabilities are those of
        the whole population; the trees learn from the rows as they are."""
        import lightgbm

        self.settings_ = self.boosting or Boosting()
        categorical = list(self.categorical or [])
        self.encoder_ = _encoder(categorical).fit(X)
        self.columns_ = list(self.encoder_.get_feature_names_out())
        self.cat_index_ = [self.columns_.index(c) for c in categorical]
        frame = self._frame(X)
        y = np.asarray(y)
        self.classes_ = np.array([0, 1])
        # out-of-fold scores inside the training rows: the tree count and the calibration
        # both come from rows the scoring booster did not learn from
        weight = np.ones(len(frame)) if sample_weight is None else np.asarray(sample_weight)
        early = [lightgbm.early_stopping(self.settings_.early_stopping, verbose=False)]
        if self.settings_.holdout > 0:
            splitter = StratifiedShuffleSplit(
                1, test_size=self.settings_.holdout, random_state=self.seed
            )
        else:
            splitter = StratifiedKFold(
                self.settings_.inner_folds, shuffle=True, random_state=self.seed
            )
        scored = np.zeros(len(frame), dtype=bool)
        out_of_fold = np.zeros(len(frame))
        best = []
        for train, held in splitter.split(frame, y):
            booster = self._booster(self.settings_.max_trees)
            booster.fit(
                frame.iloc[train],
                y[train],
                eval_X=(frame.iloc[held],),
                eval_y=(y[held],),
                categorical_feature=self.cat_index_,
                callbacks=early,
            )
            best.append(booster.best_iteration_ or self.settings_.max_trees)
            out_of_fold[held] = booster.predict(frame.iloc[held], raw_score=True)
            scored[held] = True
        self.trees_ = max(1, round(float(np.mean(best)) * 1.1))
        if self.settings_.refit or self.settings_.holdout <= 0:
            self.booster_ = self._booster(self.trees_)
            self.booster_.fit(frame, y, categorical_feature=self.cat_index_)
        else:
            self.booster_, self.trees_ = booster, best[-1]
        self.calibrator_ = LogisticRegression(C=1e6).fit(
            out_of_fold[scored].reshape(-1, 1), y[scored], sample_weight=weight[scored]
        )
        return self

    def raw_score(self, X: pd.DataFrame) -> np.ndarray:
        return self.booster_.predict(self._frame(X), raw_score=True)

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        return self.calibrator_.predict_proba(self.raw_score(X).reshape(-1, 1))

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)

    def contributions(self, X: pd.DataFrame) -> pd.DataFrame:
        """Each feature's push on each row's score (log-odds; LightGBM's SHAP values),
        the ground of a customer's reason codes."""
        values = self.booster_.predict(self._frame(X), pred_contrib=True)
        return pd.DataFrame(values[:, :-1], columns=self.columns_, index=X.index)


def baseline(numeric: list[str], categorical: list[str], seed: int = SEED) -> Pipeline:
    """Logistic regression on median-imputed standardised numbers (with a missing flag)
    and one-hot categories."""
    prepare = ColumnTransformer(
        [
            (
                "numbers",
                make_pipeline(
                    SimpleImputer(strategy="median", add_indicator=True), StandardScaler()
                ),
                numeric,
            ),
            (
                "categories",
                make_pipeline(
                    SimpleImputer(strategy="constant", fill_value="(空)"),
                    OneHotEncoder(handle_unknown="ignore", min_frequency=5),
                ),
                categorical,
            ),
        ]
    )
    return Pipeline(
        [
            ("prepare", prepare),
            ("logistic", LogisticRegression(C=1.0, max_iter=5000, random_state=seed)),
        ]
    )


def boosted(numeric: list[str], categorical: list[str], seed: int = SEED) -> BoostedModel:
    return BoostedModel(numeric=numeric, categorical=categorical, seed=seed)


def refit(estimator, X: pd.DataFrame, y: np.ndarray):
    """A fresh copy of ``estimator`` fitted on these rows only."""
    return clone(estimator).fit(X, y)
