"""A month's scoring at scale: features, probabilities and reason codes of every
subscription in service in the latest month of ``--store``, as ``wangge alerts run``
does it (reasons for the customers that become work orders), with a model of a given
size trained quickly on a small store (``--train-store``).

Scoring time grows with the rows and the trees, not with what the trees learned, so a
model with at least as many trees as the demo city's (``--trees``) stands in for it.

    PYTHONPATH=src .venv/bin/python bench/churn/score.py --store /tmp/wangge-churn/x12 \\
        --train-store /tmp/wangge-churn/x01 --trees 242
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

from wangge.analytics.churn import (
    PANEL_BOOSTING,
    labelled_months,
    month_features,
    score_month,
    top_risk_only,
    train,
)
from wangge.core.alerts.plan import WorkOptions
from wangge.core.months import add_months


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="the store to score")
    parser.add_argument("--train-store", type=Path, required=True, help="a small store")
    parser.add_argument("--trees", type=int, default=242)
    parser.add_argument("--engine", default="duckdb")
    args = parser.parse_args(argv)

    # a slow rate and no early stop: the booster keeps (at least) --trees trees
    from dataclasses import replace

    boosting = replace(
        PANEL_BOOSTING, learning_rate=0.01, max_trees=args.trees, early_stopping=10 * args.trees
    )
    trained = train(args.train_store, engine=args.engine, with_baseline=False, boosting=boosting)
    latest = add_months(max(labelled_months(args.store)), 1)
    t0, c0 = time.perf_counter(), time.process_time()
    rows = month_features(args.store, latest, args.engine)
    t_features, c_features = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    scored = score_month(trained.model, trained.columns, rows, explain=top_risk_only(WorkOptions()))
    t_score, c_score = time.perf_counter() - t0, time.process_time() - c0
    out = {
        "store": str(args.store),
        "scored_month": f"{latest:%Y-%m}",
        "trees": trained.model.trees_,
        "scored_subscriptions": len(rows.subscription_id),
        "scored_customers": len(scored),
        "explained_customers": int(scored["reasons"].notna().sum()),
        "seconds": {"features": round(t_features, 1), "model_and_reasons": round(t_score, 1)},
        "cpu_seconds": {"features": round(c_features, 1), "model_and_reasons": round(c_score, 1)},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
