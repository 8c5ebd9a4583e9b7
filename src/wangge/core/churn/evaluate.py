"""Cross-validate the churn model beside its logistic baseline on one labelled table."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.model_selection import StratifiedKFold

from wangge.core.churn.metrics import Scores, score
from wangge.core.churn.model import SEED, baseline, boosted, refit
from wangge.core.churn.table import Table


@dataclass(frozen=True)
class Fold:
    test_rows: np.ndarray
    model: Scores
    baseline: Scores
    fitted: tuple  # (model, baseline) as fitted on this fold's training rows


@dataclass(frozen=True)
class Evaluation:
    rows: int
    positives: int
    folds: list[Fold]
    model: Scores  # on the pooled out-of-fold predictions
    baseline: Scores
    model_spread: Scores  # standard deviation across folds
    baseline_spread: Scores
    out_of_fold: np.ndarray  # the model's calibrated probability for every row


def _mean_and_spread(scores: list[Scores]) -> Scores:
    keys = scores[0].as_dict()
    return Scores(**{k: float(np.std([s.as_dict()[k] for s in scores])) for k in keys})


def cross_validate(table: Table, folds: int = 5, seed: int = SEED) -> Evaluation:
    """Stratified ``folds``-fold cross-validation: both estimators are refitted from
    scratch on each training fold and judged on its test fold only."""
    X, y = table.features, table.label
    if int(y.sum()) < folds or int((1 - y).sum()) < folds:
        raise ValueError(
            f"too few rows of each label for {folds}-fold cross-validation "
            f"({int(y.sum())} churned, {int((1 - y).sum())} stayed)"
        )
    model = boosted(table.numeric, table.categorical, seed)
    base = baseline(table.numeric, table.categorical, seed)
    p_model = np.zeros(len(y))
    p_base = np.zeros(len(y))
    done = []
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(X, y):
        fitted_model = refit(model, X.iloc[train], y[train])
        fitted_base = refit(base, X.iloc[train], y[train])
        p_model[test] = fitted_model.predict_proba(X.iloc[test])[:, 1]
        p_base[test] = fitted_base.predict_proba(X.iloc[test])[:, 1]
        done.append(
            Fold(
                test,
                score(y[test], p_model[test]),
                score(y[test], p_base[test]),
                (fitted_model, fitted_base),
            )
        )
    return Evaluation(
        rows=len(y),
        positives=int(y.sum()),
        folds=done,
        model=Scores(**_fold_mean([f.model for f in done])),
        baseline=Scores(**_fold_mean([f.baseline for f in done])),
        model_spread=_mean_and_spread([f.model for f in done]),
        baseline_spread=_mean_and_spread([f.baseline for f in done]),
        out_of_fold=p_model,
    )


def _fold_mean(scores: list[Scores]) -> dict[str, float]:
    keys = scores[0].as_dict()
    return {k: float(np.mean([s.as_dict()[k] for s in scores])) for k in keys}
