"""Churn risk from the company's own monthly history: features, labels, a time split,
training, scoring and reason codes.

One row per subscription in service (a customer of ours) at the end of a month *t*:

* features read only the facts of *t* and the three months before (``FEATURE_MONTHS``)
  plus the dimensions (product, customer kind, grid, contract end);
* the label is whether the subscription churned (disconnected or cancelled) in *t + 1*.

``time_split`` trains on older months and validates on the latest labelled ones, and
never lets a training row's label month reach past the first validation month: what the
model knows when it is judged on month *v* is what it would have known at the end of
*v* (``tests/core/alerts/test_history.py`` poisons the later months to prove it).

The features are Ibis (so they run where the rules run); the date arithmetic and the
model are pandas and LightGBM here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd

from wangge.core.months import add_months, month_end, month_start

IN_SERVICE = ("active", "suspended")
CHURNED = ("disconnected", "cancelled")
FEATURE_MONTHS = 3  # the months before t that trends are measured against

NUMERIC = [
    "tenure_months",
    "contract_days",
    "billed",
    "billed_trend",
    "usage",
    "usage_trend",
    "arrears",
    "arrears_aged",
    "arrears_over_90",
    "complaints",
    "complaints_3m",
    "suspended",
    "customer_lines",
    "customer_billed",
]
CATEGORICAL = ["product_line", "customer_kind", "grid"]
FEATURES = NUMERIC + CATEGORICAL


class HistoryError(ValueError):
    """Too little history, or a month's features not what the model was trained on."""


def months_needed(month: date) -> list[date]:
    m = month_start(month)
    return [add_months(m, -k) for k in range(FEATURE_MONTHS, -1, -1)]


def _raw(tables: Mapping[str, ir.Table], month: date) -> ir.Table:
    """The per-subscription sums over ``months_needed(month)`` and the dimensions."""
    m = month_start(month)
    sm = tables["subscription_month"]
    sm = sm.filter(sm.month.isin(months_needed(m)))
    prior = [add_months(m, -k) for k in range(1, FEATURE_MONTHS + 1)]
    now = sm.month == ibis.literal(m)

    def when(cond, col):
        return cond.ifelse(col, 0).cast("int64")

    per = sm.group_by("subscription_id").aggregate(
        customer_id=sm.customer_id.max(),
        product_line=sm.product_line.max(),
        here=when(now & sm.status.isin(IN_SERVICE), 1).max(),
        suspended=when(now & (sm.status == "suspended"), 1).max(),
        start_date=sm.start_date.max(),
        usage=when(now, sm.usage).sum(),
        billed=when(now, sm.billed_cents).sum(),
        arrears=when(now, sm.arrears_cents).sum(),
        arrears_over_90=when(now, sm.arrears_over_90_cents).sum(),
        complaints=when(now, sm.complaints).sum(),
        complaints_3m=when(sm.month.isin(prior), sm.complaints).sum(),
        prior_usage=when(sm.month.isin(prior), sm.usage).sum(),
        prior_billed=when(sm.month.isin(prior), sm.billed_cents).sum(),
        prior_months=when(sm.month.isin(prior), 1).sum(),
    )
    per = per.filter(per.here == 1)
    cust = tables["customer"]
    ours = cust.filter(cust.ownership == "ours").select("customer_id", customer_kind=cust.kind)
    per = per.inner_join(ours, "customer_id")
    subs = tables["subscription"].select("subscription_id", "contract_end")
    per = per.left_join(subs, "subscription_id").drop("subscription_id_right")
    cg = tables["customer_grid"]
    d = ibis.literal(month_end(m))
    cg = cg.filter(cg.valid_from <= d, cg.valid_to.isnull() | (cg.valid_to > d))
    per = per.left_join(cg.select("customer_id", "grid_id"), "customer_id").drop(
        "customer_id_right"
    )
    return per.order_by("subscription_id")


def _labels(tables: Mapping[str, ir.Table], month: date) -> ir.Table:
    """Per subscription: 1 if it churned in ``month + 1``, else 0 (rows of that month)."""
    sm = tables["subscription_month"]
    nxt = sm.filter(sm.month == ibis.literal(add_months(month_start(month), 1)))
    return nxt.group_by("subscription_id").aggregate(
        churned=nxt.status.isin(CHURNED).ifelse(1, 0).max().cast("int64")
    )


def frame(raw: pd.DataFrame, month: date) -> pd.DataFrame:
    """The model's features from the engine's rows (dates turned into days and months)."""
    m = month_start(month)
    as_of = pd.Timestamp(month_end(m))
    out = pd.DataFrame(index=raw.index)
    start = pd.to_datetime(raw["start_date"])
    out["tenure_months"] = ((as_of - start).dt.days / 30.44).round(1)
    end = pd.to_datetime(raw["contract_end"])
    out["contract_days"] = (end - as_of).dt.days.astype(float)
    months = raw["prior_months"].replace(0, np.nan)
    for col in ("billed", "usage"):
        avg = raw[f"prior_{col}"] / months
        out[col] = raw[col].astype(float)
        out[f"{col}_trend"] = (raw[col] / avg.replace(0, np.nan)).astype(float)
    out["arrears"] = raw["arrears"].astype(float)
    out["arrears_aged"] = (raw["arrears"] - raw["billed"]).clip(lower=0).astype(float)
    out["arrears_over_90"] = raw["arrears_over_90"].astype(float)
    out["complaints"] = raw["complaints"].astype(float)
    out["complaints_3m"] = raw["complaints_3m"].astype(float)
    out["suspended"] = raw["suspended"].astype(float)
    by_customer = raw.groupby("customer_id")
    out["customer_lines"] = by_customer["subscription_id"].transform("count").astype(float)
    out["customer_billed"] = by_customer["billed"].transform("sum").astype(float)
    out["product_line"] = raw["product_line"].astype(object)
    out["customer_kind"] = raw["customer_kind"].astype(object)
    out["grid"] = raw["grid_id"].map(lambda g: None if pd.isna(g) else f"g{int(g)}")
    out["grid"] = out["grid"].astype(object)
    return out[FEATURES]


@dataclass
class MonthRows:
    """One month's rows: ids, features and (when the next month is known) labels."""

    month: date
    subscription_id: np.ndarray
    customer_id: np.ndarray
    grid_id: np.ndarray
    features: pd.DataFrame
    label: np.ndarray | None = None


def month_rows(engine, tables: Mapping[str, ir.Table], month: date, *, labelled: bool) -> MonthRows:
    """Run the feature (and label) expressions for ``month`` on ``engine``."""
    raw = engine.to_arrow(_raw(tables, month)).to_pandas()
    feats = frame(raw, month)
    rows = MonthRows(
        month_start(month),
        raw["subscription_id"].to_numpy(),
        raw["customer_id"].to_numpy(),
        raw["grid_id"].to_numpy(),
        feats,
    )
    if labelled:
        lab = engine.to_arrow(_labels(tables, month)).to_pandas()
        known = dict(zip(lab["subscription_id"], lab["churned"], strict=True))
        label = np.array([known.get(s, -1) for s in rows.subscription_id])
        keep = label >= 0  # a row with no next-month fact has no label
        rows = MonthRows(
            rows.month,
            rows.subscription_id[keep],
            rows.customer_id[keep],
            rows.grid_id[keep],
            feats[keep].reset_index(drop=True),
            label[keep].astype(np.int8),
        )
    return rows


@dataclass(frozen=True)
class Split:
    train: list[date]
    validate: list[date]


def time_split(
    labelled: Sequence[date], *, validate: int = 1, train: int = 6, min_train: int = 3
) -> Split:
    """The latest ``validate`` labelled months to judge on, the ``train`` before them to
    learn from. A training month's label is the month after it, so the last training
    month is the one before the first validation month: nothing the model learns comes
    from a month later than the month it is judged on."""
    months = sorted(set(month_start(m) for m in labelled))
    if len(months) < validate + min_train:
        raise HistoryError(
            f"too little history: {len(months)} labelled months, at least "
            f"{validate + min_train} needed ({min_train} to train, {validate} to validate)"
        )
    val = months[-validate:]
    earlier = [m for m in months if m < val[0]]
    return Split(train=earlier[-train:], validate=val)


def stack(rows: Sequence[MonthRows]) -> tuple[pd.DataFrame, np.ndarray]:
    X = pd.concat([r.features for r in rows], ignore_index=True)
    y = np.concatenate([r.label for r in rows if r.label is not None])
    return X, y


def check_columns(features: pd.DataFrame, expected: Sequence[str]) -> None:
    """Refuse a month whose features lack a column the model was trained on, by name."""
    missing = [c for c in expected if c not in features.columns]
    if missing:
        raise HistoryError(f"feature column missing: {', '.join(missing)}")


@dataclass
class Reason:
    """One reason code: the feature that raised the risk most, its value, its push."""

    feature: str
    value: float | str | None
    push: float


@dataclass
class Scored:
    probability: np.ndarray
    reasons: list[list[Reason]] = field(default_factory=list)


def reasons_of(model, X: pd.DataFrame, top: int = 3) -> list[list[Reason]]:
    """Per row, the ``top`` features that pushed its risk up most (positive SHAP
    values), with the row's own value of each (categories by their text)."""
    contrib = model.contributions(X)
    values = contrib.to_numpy()
    names = list(contrib.columns)
    columns = {n: X[n].to_numpy() for n in names if n in X.columns}
    order = np.argsort(-values, axis=1, kind="stable")[:, :top]
    pushes = np.take_along_axis(values, order, axis=1)
    out = []
    for i in range(len(X)):
        row = []
        for j, push in zip(order[i], pushes[i], strict=True):
            if push <= 0:
                break
            name = names[j]
            v = columns[name][i]
            row.append(Reason(name, None if pd.isna(v) else v, float(push)))
        out.append(row)
    return out


def score(model, features: pd.DataFrame, columns: Sequence[str], top: int = 3) -> Scored:
    check_columns(features, columns)
    X = features[list(columns)]
    return Scored(model.predict_proba(X)[:, 1], reasons_of(model, X, top))
