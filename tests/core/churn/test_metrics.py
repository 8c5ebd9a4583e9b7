"""The measures, on cases worked by hand."""

import numpy as np
import pytest

from wangge.core.churn.metrics import reliability, score, top_decile_lift


def test_top_decile_lift_is_the_churn_rate_of_the_riskiest_tenth_over_the_overall_rate():
    y = np.array([1, 1, 0, 0, 0, 0, 0, 0, 0, 0] * 2)  # 20 rows, 4 churned: base 0.2
    p = np.linspace(1, 0, 20)  # rows 0 and 1 of the first block are the riskiest two
    assert top_decile_lift(y, p) == pytest.approx(1.0 / 0.2)


def test_a_perfect_ranking_scores_one_and_a_reversed_one_zero():
    y = np.array([0, 0, 1, 1])
    assert score(y, np.array([0.1, 0.2, 0.8, 0.9])).roc_auc == 1.0
    assert score(y, np.array([0.9, 0.8, 0.2, 0.1])).roc_auc == 0.0


def test_reliability_bins_hold_mean_prediction_observed_rate_and_rows():
    y = np.array([0, 1, 1, 1])
    p = np.array([0.05, 0.05, 0.95, 0.95])
    assert reliability(y, p) == [(0.05, 0.5, 2), (0.95, 1.0, 2)]
