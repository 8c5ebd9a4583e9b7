"""The monthly churn hazard behind the demo data.

Churn is drawn from a logistic hazard over drivers that an operator can observe
(contract or promotion about to end, usage falling, complaints, arrears, short
tenure) plus drivers it cannot (a latent loyalty per subscription, a hidden
"already leaving" state that only shows through falling usage, grid and season
effects) and pure chance. The observed drivers therefore predict churn, a model
can learn their weights, and no fixed rule on them catches every leaver.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Calendar-month effects (index 0 = January): Spring Festival moves, graduation, autumn term.
SEASON_CHURN = np.array([0.25, 0.30, 0.05, 0.0, 0.0, 0.10, 0.20, 0.05, -0.05, 0.0, -0.05, 0.05])
SEASON_ADDS = np.array([0.85, 0.65, 1.20, 1.05, 1.00, 0.95, 0.95, 1.05, 1.35, 1.00, 1.10, 1.15])
SEASON_USAGE = np.array([1.02, 1.08, 0.97, 0.98, 0.99, 1.00, 1.04, 1.05, 0.99, 1.03, 0.98, 1.00])


@dataclass(frozen=True)
class ChurnWeights:
    base: float = -5.3
    contract_ending: float = 1.7  # contract or promotion ends within about 60 days
    contract_lapsed: float = 0.6  # ended in the last six months and not renewed
    usage_drop: float = 1.1  # last month below 70 % of the three months before
    complaint: float = 0.5  # per complaint in the last three months, capped at three
    arrears: float = 0.9  # an unpaid bill older than a month
    new_user: float = 0.35  # in the first six months
    leaving: float = 1.4  # hidden: the customer has already decided


WEIGHTS = ChurnWeights()


def churn_logit(
    *,
    contract_ending: np.ndarray,
    contract_lapsed: np.ndarray,
    usage_drop: np.ndarray,
    complaints_3m: np.ndarray,
    arrears: np.ndarray,
    new_user: np.ndarray,
    leaving: np.ndarray,
    latent: np.ndarray,
    grid_effect: np.ndarray,
    season: float,
    weights: ChurnWeights = WEIGHTS,
) -> np.ndarray:
    """Log-odds of churning this month for each active subscription."""
    return (
        weights.base
        + weights.contract_ending * contract_ending
        + weights.contract_lapsed * contract_lapsed
        + weights.usage_drop * usage_drop
        + weights.complaint * np.minimum(complaints_3m, 3)
        + weights.arrears * arrears
        + weights.new_user * new_user
        + weights.leaving * leaving
        + latent
        + grid_effect
        + season
    )


def hazard(logit: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-logit))
