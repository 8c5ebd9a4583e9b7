"""A stand-in churn model (picklable) whose risk and reasons are known in advance."""

from __future__ import annotations

import numpy as np
import pandas as pd


class StubModel:
    """Risk 0.9 for every row, raised most by the contract end, then by usage."""

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        p = np.full(len(X), 0.9)
        return np.column_stack([1 - p, p])

    def contributions(self, X: pd.DataFrame) -> pd.DataFrame:
        out = pd.DataFrame(0.0, index=X.index, columns=list(X.columns))
        out["contract_days"] = 1.0
        out["usage_trend"] = 0.5
        return out
