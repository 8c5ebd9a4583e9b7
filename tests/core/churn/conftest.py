"""Churn tables made here, shaped like operators' and public telecom churn tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest


def telecom_table(n: int = 1500, seed: int = 7) -> pd.DataFrame:
    """One row per customer, every cell text as it comes from a CSV: tenure, a monthly
    fee, contract kind, broadband, complaints and arrears drive churn; an interaction
    (short tenure on a monthly contract) that a linear model cannot see on its own."""
    rng = np.random.default_rng(seed)
    tenure = rng.integers(0, 72, n)
    fee = np.round(rng.uniform(18, 120, n), 2)
    contract = rng.choice(["月付", "一年", "两年"], n, p=[0.55, 0.25, 0.2])
    broadband = rng.choice(["光纤", "DSL", "无"], n, p=[0.45, 0.35, 0.2])
    complaints = rng.poisson(0.6, n)
    arrears_days = rng.choice([0, 0, 0, 30, 60, 90], n)
    logit = (
        -1.2
        + 2.2 * ((tenure < 12) & (contract == "月付"))
        - 0.03 * tenure
        + 0.012 * (fee - 60)
        + 0.55 * complaints
        + 0.015 * arrears_days
        + 0.6 * (broadband == "光纤")
        - 1.0 * (contract == "两年")
    )
    churn = rng.random(n) < 1 / (1 + np.exp(-logit))
    total = np.round(fee * tenure, 2).astype(str)
    total[tenure == 0] = " "  # new customers have no total yet, as in public tables
    return pd.DataFrame(
        {
            "customerID": [f"{i:04d}-CUST" for i in range(n)],
            "tenure": tenure.astype(str),
            "MonthlyCharges": fee.astype(str),
            "TotalCharges": total,
            "Contract": contract,
            "InternetService": broadband,
            "Complaints": complaints.astype(str),
            "ArrearsDays": arrears_days.astype(str),
            "Country": "中国",
            "Churn": np.where(churn, "Yes", "No"),
        }
    )


@pytest.fixture
def telecom() -> pd.DataFrame:
    return telecom_table()
