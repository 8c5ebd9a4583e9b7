"""The churn-risk model on the analytics store: train on the history with a time split,
score a month. Plain functions, no Django: ``wangge churn train``, ``wangge alerts run``
and ``bench/churn`` call them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from wangge.core import schema
from wangge.core.alerts import plan
from wangge.core.alerts.plan import WorkOptions
from wangge.core.churn import history
from wangge.core.churn.history import CATEGORICAL, FEATURES, NUMERIC, HistoryError, MonthRows
from wangge.core.churn.metrics import Scores, score
from wangge.core.churn.model import BoostedModel, Boosting, baseline
from wangge.core.months import add_months, month_start
from wangge.engines import Engine, default_store, dim_file, get_engine, month_files

#: LightGBM settings for the monthly panel: more rows than a public table, so a faster
#: rate, one held-out share instead of inner folds and both cores keep training in
#: minutes
PANEL_BOOSTING = Boosting(
    learning_rate=0.08,
    max_trees=800,
    early_stopping=40,
    holdout=0.25,
    refit=True,
    threads=2,
    max_bin=127,
)
MIN_POSITIVES = 50
#: training rows kept at most (about): above it every churned row is kept and a share
#: of the others, weighted back in the calibration
TRAIN_ROWS = 2_500_000


def stored_months(store: Path) -> list[date]:
    root = Path(store) / "facts" / "subscription_month"
    if not root.is_dir():
        return []
    out = []
    for d in sorted(root.iterdir()):
        try:
            m = date(int(d.name[:4]), int(d.name[5:7]), 1)
        except ValueError:
            continue
        if month_files(store, m):
            out.append(m)
    return out


def bind_history(engine: Engine, store: Path, months: list[date]):
    files = [f for m in sorted(set(months)) for f in month_files(store, m)]
    tables = {
        "subscription_month": engine.bind("subscription_month", files, schema.SUBSCRIPTION_MONTH)
    }
    for name in ("subscription", "customer", "customer_grid"):
        tables[name] = engine.bind(name, dim_file(store, name), schema.DIMS[name])
    return tables


def labelled_months(store: Path, until: date | None = None) -> list[date]:
    """Months whose next month is stored (so their label is known), up to ``until``
    (whose own label then needs ``until`` + 1: only months before it qualify)."""
    have = set(stored_months(store))
    out = [m for m in sorted(have) if add_months(m, 1) in have]
    if until is not None:
        out = [m for m in out if add_months(m, 1) <= month_start(until)]
    return out


@dataclass
class Trained:
    model: BoostedModel
    columns: list[str]
    train_months: list[date]
    validate_months: list[date]
    rows: dict[str, int]
    positives: dict[str, int]
    metrics: dict[str, dict[str, float]]
    seconds: dict[str, float] = field(default_factory=dict)
    validation: dict = field(default_factory=dict)  # y, p, baseline p (for the bench)
    sampled: dict = field(default_factory=dict)  # training rows available, share kept


def in_service_rows(engine: Engine, store: Path, months: list[date]) -> int:
    """Subscription-months in service in ``months`` (what the training rows can be at
    most), counted on the facts alone."""
    sm = bind_history(engine, store, months)["subscription_month"]
    here = sm.filter(sm.status.isin(history.IN_SERVICE))
    return int(engine.to_arrow(here.aggregate(n=here.count())).column("n")[0].as_py())


def panel_for(
    engine: Engine, store: Path, months: list[date], keep_negatives: float = 1.0
) -> history.Panel:
    """The labelled rows of ``months`` in one query, binding only the facts they read
    (their feature months and the month after each)."""
    needed = sorted(
        {m for t in months for m in history.months_needed(t)} | {add_months(t, 1) for t in months}
    )
    tables = bind_history(engine, store, needed)
    return history.panel_rows(engine, tables, months, labelled=True, keep_negatives=keep_negatives)


def train(
    store: Path | None = None,
    until: date | None = None,
    engine: Engine | str | None = None,
    *,
    validate: int = 1,
    train_months: int = 6,
    with_baseline: bool = True,
    boosting: Boosting | None = None,
    seed: int = 20261203,
    max_rows: int = TRAIN_ROWS,
) -> Trained:
    """Train on the ``train_months`` before the latest ``validate`` labelled months (up
    to ``until``), judge on those, then keep the model fitted on the training months.

    The training rows are one query over all their months; above ``max_rows`` every
    churned row is kept and a fixed share of the others (the same rows on every run),
    weighted back in the calibration. The validation rows are never sampled.

    Too little history (months or churned rows) is a ``HistoryError`` with the figures."""
    root = Path(store or default_store())
    split = history.time_split(labelled_months(root, until), validate=validate, train=train_months)
    owned = engine is None or isinstance(engine, str)
    eng = get_engine(engine) if owned else engine
    seconds: dict[str, float] = {}
    try:
        t0 = time.perf_counter()
        available = in_service_rows(eng, root, split.train)
        keep = min(1.0, max_rows / available) if available else 1.0
        train_rows = panel_for(eng, root, split.train, keep)
        val_rows = panel_for(eng, root, split.validate)
        seconds["features"] = time.perf_counter() - t0
    finally:
        if owned:
            eng.close()
    X, y, w = train_rows.features, train_rows.label, train_rows.weight
    Xv, yv = val_rows.features, val_rows.label
    if int(y.sum()) < MIN_POSITIVES or int(yv.sum()) < 5:
        raise HistoryError(
            f"too little history: {int(y.sum())} churned rows to train on "
            f"(at least {MIN_POSITIVES}), {int(yv.sum())} to validate on (at least 5)"
        )
    t0 = time.perf_counter()
    model = BoostedModel(NUMERIC, CATEGORICAL, boosting or PANEL_BOOSTING, seed)
    model.fit(X, y, sample_weight=w)
    seconds["train"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    p = model.predict_proba(Xv)[:, 1]
    seconds["score_validation"] = time.perf_counter() - t0
    metrics = {"model": score(yv, p).as_dict()}
    validation = {
        "y": yv,
        "p": p,
        "customer_id": val_rows.customer_id,
        "month": val_rows.month,
    }
    if with_baseline:
        t0 = time.perf_counter()
        base = baseline(NUMERIC, CATEGORICAL, seed).fit(X, y, logistic__sample_weight=w)
        seconds["train_baseline"] = time.perf_counter() - t0
        pb = base.predict_proba(Xv)[:, 1]
        metrics["logistic"] = score(yv, pb).as_dict()
        validation["p_logistic"] = pb
    return Trained(
        model=model,
        columns=list(FEATURES),
        train_months=split.train,
        validate_months=split.validate,
        rows={"train": len(y), "validate": len(yv)},
        positives={"train": int(y.sum()), "validate": int(yv.sum())},
        metrics=metrics,
        seconds=seconds,
        validation=validation,
        sampled={"in_service": available, "keep_negatives": keep},
    )


def month_features(
    store: Path | None, month: date, engine: Engine | str | None = None
) -> MonthRows:
    """The features of every subscription in service at the end of ``month``."""
    root = Path(store or default_store())
    owned = engine is None or isinstance(engine, str)
    eng = get_engine(engine) if owned else engine
    try:
        tables = bind_history(eng, root, history.months_needed(month))
        return history.month_rows(eng, tables, month, labelled=False)
    finally:
        if owned:
            eng.close()


def score_month(
    model, columns: list[str], rows: MonthRows, top: int = 3, explain=None
) -> pd.DataFrame:
    """Risk per customer (its riskiest subscription) with that subscription's reasons.

    ``explain``, a function of this frame (without reasons) giving a boolean mask of its
    rows, limits the reason codes (the costly part) to those customers, e.g. the ones
    that become work orders; the others have None. Every customer is explained when it
    is None.

    Refuses (``HistoryError``, naming it) when a column the model was trained on is
    missing from the month's features."""
    history.check_columns(rows.features, columns)
    X = rows.features[list(columns)]
    frame = pd.DataFrame(
        {
            "customer_id": rows.customer_id,
            "subscription_id": rows.subscription_id,
            "grid_id": rows.grid_id,
            "risk": model.predict_proba(X)[:, 1],
        }
    )
    frame = frame.sort_values(
        ["customer_id", "risk", "subscription_id"], ascending=[True, False, True]
    )
    frame = frame.drop_duplicates("customer_id")
    at = frame.index.to_numpy()  # the rows of X behind each customer
    frame = frame.reset_index(drop=True)
    mask = np.ones(len(frame), dtype=bool) if explain is None else np.asarray(explain(frame))
    reasons: list = [None] * len(frame)
    picked = np.flatnonzero(mask)
    for i, r in zip(picked, history.reasons_of(model, X.iloc[at[picked]], top), strict=True):
        reasons[i] = r
    frame["reasons"] = reasons
    return frame


def top_risk_only(options: WorkOptions):
    """An ``explain`` for ``score_month``: the customers ``plan.top_risk`` turns into
    work orders under ``options`` (each grid's riskiest), the only ones whose reasons
    are shown."""

    def explain(frame: pd.DataFrame) -> np.ndarray:
        grids = frame["grid_id"].to_numpy(dtype=float, na_value=np.nan)
        triples = [
            (c, None if g != g else int(g), r)
            for c, g, r in zip(
                frame["customer_id"].tolist(), grids.tolist(), frame["risk"].tolist(), strict=True
            )
        ]
        chosen = {c for c, _, _ in plan.top_risk(triples, options)}
        return frame["customer_id"].isin(chosen).to_numpy()

    return explain


def metrics_of(y: np.ndarray, p: np.ndarray) -> Scores:
    return score(y, p)
