"""How well a churn score ranks and how honest its probabilities are."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score


@dataclass(frozen=True)
class Scores:
    roc_auc: float
    pr_auc: float
    top_decile_lift: float
    brier: float

    def as_dict(self) -> dict[str, float]:
        return {
            "roc_auc": self.roc_auc,
            "pr_auc": self.pr_auc,
            "top_decile_lift": self.top_decile_lift,
            "brier": self.brier,
        }


def top_decile_lift(y: np.ndarray, p: np.ndarray, share: float = 0.1) -> float:
    """Churn rate among the riskiest ``share`` of rows over the overall churn rate.

    Ties at the cut are broken by row order after a stable sort on the score, so the
    decile always holds exactly ceil(share × n) rows.
    """
    y = np.asarray(y)
    n = max(1, int(np.ceil(share * len(y))))
    top = np.argsort(-np.asarray(p), kind="stable")[:n]
    base = y.mean()
    return float(y[top].mean() / base) if base > 0 else float("nan")


def score(y: np.ndarray, p: np.ndarray) -> Scores:
    return Scores(
        roc_auc=float(roc_auc_score(y, p)),
        pr_auc=float(average_precision_score(y, p)),
        top_decile_lift=top_decile_lift(y, p),
        brier=float(brier_score_loss(y, p)),
    )


def reliability(y: np.ndarray, p: np.ndarray, bins: int = 10) -> list[tuple[float, float, int]]:
    """(mean predicted, observed rate, rows) per equal-width probability bin with rows."""
    y, p = np.asarray(y), np.asarray(p)
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    out = []
    for b in range(bins):
        mask = which == b
        if mask.any():
            out.append((float(p[mask].mean()), float(y[mask].mean()), int(mask.sum())))
    return out
