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

from wangge.core.months import add_months, month_start

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


def _month_index(month: ir.DateValue) -> ir.IntegerValue:
    return month.year().cast("int64") * 12 + month.month().cast("int64")


def keep_hash(subscription_id: ir.IntegerValue, index: ir.IntegerValue) -> ir.IntegerValue:
    """A fixed draw in 0..999,999 per subscription-month (the same on every engine and
    every run): the rows kept when the non-churned training rows are sampled."""
    return (subscription_id * 2654435761 + index * 40503) % 1_000_000


def panel(
    tables: Mapping[str, ir.Table],
    months: Sequence[date],
    *,
    labelled: bool,
    keep_negatives: float = 1.0,
) -> ir.Table:
    """One query for the rows of every month in ``months``: the subscriptions in service
    at its end with the sums over it and the ``FEATURE_MONTHS`` before (windows over
    each subscription's months), its customer's lines and bill that month, the grid at
    the month end and, when ``labelled``, whether it churned the month after (rows whose
    next month has no fact are left out). ``keep_negatives`` below 1 keeps every
    churned row and that share of the others (by ``keep_hash``)."""
    targets = sorted({month_start(m) for m in months})
    sm = tables["subscription_month"]
    sm = sm.mutate(midx=_month_index(sm.month))
    prior = ibis.window(group_by="subscription_id", order_by="midx", range=(-FEATURE_MONTHS, -1))
    extra = {}
    if labelled:
        after = ibis.window(group_by="subscription_id", order_by="midx", range=(1, 1))
        extra["churned"] = sm.status.isin(CHURNED).ifelse(1, 0).cast("int64").max().over(after)
    sm = sm.mutate(
        complaints_3m=sm.complaints.cast("int64").sum().over(prior),
        prior_usage=sm.usage.sum().over(prior),
        prior_billed=sm.billed_cents.sum().over(prior),
        prior_months=sm.month.count().over(prior),
        **extra,
    )
    per = sm.filter(sm.month.isin(targets), sm.status.isin(IN_SERVICE))
    if labelled:
        per = per.filter(per.churned.notnull())
    per = per.select(
        "subscription_id",
        "customer_id",
        "month",
        "midx",
        "product_line",
        "start_date",
        *(["churned"] if labelled else []),
        suspended=(per.status == "suspended").ifelse(1, 0).cast("int64"),
        usage=per.usage.cast("int64"),
        billed=per.billed_cents.cast("int64"),
        arrears=per.arrears_cents.cast("int64"),
        arrears_over_90=per.arrears_over_90_cents.cast("int64"),
        complaints=per.complaints.cast("int64"),
        complaints_3m=per.complaints_3m.fill_null(0).cast("int64"),
        prior_usage=per.prior_usage.fill_null(0).cast("int64"),
        prior_billed=per.prior_billed.fill_null(0).cast("int64"),
        prior_months=per.prior_months.cast("int64"),
    )
    cust = tables["customer"]
    ours = cust.filter(cust.ownership == "ours").select("customer_id", customer_kind=cust.kind)
    per = per.inner_join(ours, "customer_id")
    same = ibis.window(group_by=["customer_id", "month"])
    per = per.mutate(
        customer_lines=per.subscription_id.count().over(same),
        customer_billed=per.billed.sum().over(same),
    )
    if keep_negatives < 1:
        cut = round(keep_negatives * 1_000_000)
        per = per.filter((per.churned == 1) | (keep_hash(per.subscription_id, per.midx) < cut))
    subs = tables["subscription"].select("subscription_id", "contract_end")
    per = per.left_join(subs, "subscription_id").drop("subscription_id_right")
    # the grid at the month end: valid_from <= month end < valid_to, i.e. in days
    # valid_from < next month's first day <= valid_to
    cg = tables["customer_grid"]
    cg = cg.select("customer_id", "grid_id", "valid_from", "valid_to")
    nxt = per.month + ibis.interval(months=1)
    per = per.left_join(
        cg,
        [
            per.customer_id == cg.customer_id,
            cg.valid_from < nxt,
            cg.valid_to.isnull() | (cg.valid_to >= nxt),
        ],
    )
    per = per.drop("customer_id_right", "valid_from", "valid_to")
    return per.order_by("month", "subscription_id")


def frame(raw: pd.DataFrame) -> pd.DataFrame:
    """The model's features from the engine's rows (dates turned into days and months,
    each row against the end of its own month)."""
    out = pd.DataFrame(index=raw.index)
    as_of = pd.to_datetime(raw["month"]) + pd.offsets.MonthEnd(0)
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
    out["customer_lines"] = raw["customer_lines"].astype(float)
    out["customer_billed"] = raw["customer_billed"].astype(float)
    out["product_line"] = raw["product_line"].astype(object)
    out["customer_kind"] = raw["customer_kind"].astype(object)
    grid = raw["grid_id"].astype("Int64")
    out["grid"] = ("g" + grid.astype(str)).where(grid.notna(), None).astype(object)
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


@dataclass
class Panel:
    """Rows of several months: each row's month, ids, features, label and weight (the
    inverse of its sampling share, 1 when every row was kept)."""

    month: np.ndarray
    subscription_id: np.ndarray
    customer_id: np.ndarray
    grid_id: np.ndarray
    features: pd.DataFrame
    label: np.ndarray | None = None
    weight: np.ndarray | None = None


def panel_rows(
    engine,
    tables: Mapping[str, ir.Table],
    months: Sequence[date],
    *,
    labelled: bool,
    keep_negatives: float = 1.0,
) -> Panel:
    """Run ``panel`` on ``engine`` and turn its rows into the model's features."""
    raw = engine.to_arrow(
        panel(tables, months, labelled=labelled, keep_negatives=keep_negatives)
    ).to_pandas()
    label = weight = None
    if labelled:
        label = raw["churned"].to_numpy().astype(np.int8)
        weight = np.where(label == 1, 1.0, 1.0 / keep_negatives)
    return Panel(
        pd.to_datetime(raw["month"]).dt.date.to_numpy(),
        raw["subscription_id"].to_numpy(),
        raw["customer_id"].to_numpy(),
        raw["grid_id"].to_numpy(),
        frame(raw),
        label,
        weight,
    )


def month_rows(engine, tables: Mapping[str, ir.Table], month: date, *, labelled: bool) -> MonthRows:
    """Run the feature (and label) expressions for ``month`` on ``engine``."""
    rows = panel_rows(engine, tables, [month], labelled=labelled)
    return MonthRows(
        month_start(month),
        rows.subscription_id,
        rows.customer_id,
        rows.grid_id,
        rows.features.reset_index(drop=True),
        rows.label,
    )


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


def top_pushes(values: np.ndarray, top: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row of ``values`` (rows × features), the columns of its ``top`` largest
    values, largest first (ties by column), and those values: an ``argpartition`` to
    find them, then a sort of those few only."""
    n, width = values.shape
    k = min(top, width)
    if k == 0 or n == 0:
        return np.zeros((n, 0), dtype=np.intp), np.zeros((n, 0))
    if k < width:
        part = np.argpartition(-values, k - 1, axis=1)[:, :k]
    else:
        part = np.broadcast_to(np.arange(width), (n, width)).copy()
    pushes = np.take_along_axis(values, part, axis=1)
    # largest first, ties by column number (what a stable sort of every column gives);
    # a row whose k-th value ties with one left out is sorted whole
    order = np.lexsort((part, -pushes), axis=1)
    part, pushes = (
        np.take_along_axis(part, order, axis=1),
        np.take_along_axis(pushes, order, axis=1),
    )
    tied = np.flatnonzero((values >= pushes[:, -1:]).sum(axis=1) > k)
    if len(tied):
        whole = np.argsort(-values[tied], axis=1, kind="stable")[:, :k]
        part[tied] = whole
        pushes[tied] = np.take_along_axis(values[tied], whole, axis=1)
    return part, pushes


def reasons_of(model, X: pd.DataFrame, top: int = 3, *, batch: int = 100_000) -> list[list[Reason]]:
    """Per row, the ``top`` features that pushed its risk up most (positive SHAP
    values), with the row's own value of each (categories by their text). The
    contributions are computed ``batch`` rows at a time."""
    out: list[list[Reason]] = []
    for begin in range(0, len(X), batch):
        part = X.iloc[begin : begin + batch]
        contrib = model.contributions(part)
        names = list(contrib.columns)
        columns = {n: part[n].to_numpy() for n in names if n in part.columns}
        order, pushes = top_pushes(contrib.to_numpy(dtype=float), top)
        for i in range(len(part)):
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
