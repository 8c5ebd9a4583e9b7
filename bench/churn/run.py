"""The churn model on the demo city's history, against the rule alerts and logistic
regression, measured in one run.

Trains with the product's own code (``wangge.analytics.churn.train``: the time split,
LightGBM with calibration, the logistic baseline on the same features), judges all three
on the latest labelled months, times a month's scoring (features, probabilities and
reason codes of every subscription in service) and draws the reliability plot as a PNG
(written with zlib alone: no plotting library is installed).

The rule alerts' score of a subscription-month is what the rules say of its customer
that month: 2 per red rule raised plus 1 per yellow one (the guard list is not a churn
warning and counts nothing); a customer with no alert scores 0.

    PYTHONPATH=src .venv/bin/python bench/churn/run.py --store /tmp/wangge-churn/x1/store
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import struct
import sys
import time
import zlib
from datetime import date
from pathlib import Path

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score

from wangge.analytics.alerts import month_alerts
from wangge.analytics.churn import (
    labelled_months,
    month_features,
    score_month,
    top_risk_only,
    train,
)
from wangge.core.alerts import rules
from wangge.core.alerts.plan import WorkOptions
from wangge.core.churn.metrics import score, top_decile_lift
from wangge.core.months import add_months, parse_month

HERE = Path(__file__).resolve().parent
WEIGHT = {rules.RED: 2, rules.YELLOW: 1}


def rule_scores(store: Path, months, customer_ids, row_months, engine: str) -> np.ndarray:
    """Per validation row, the weight of the rule alerts its customer raised that month."""
    out = np.zeros(len(customer_ids), dtype=float)
    for m in months:
        table = month_alerts(store, m, engine).to_pylist()
        weight: dict[int, int] = {}
        for r in table:
            weight[r["customer_id"]] = weight.get(r["customer_id"], 0) + WEIGHT.get(r["level"], 0)
        mask = row_months == m
        out[mask] = [weight.get(int(c), 0) for c in customer_ids[mask]]
    return out


def quantile_reliability(y, p, bins: int = 10):
    """(mean predicted, observed rate, rows) per decile of the predicted probability."""
    order = np.argsort(p, kind="stable")
    out = []
    for part in np.array_split(order, bins):
        if len(part):
            out.append((float(p[part].mean()), float(y[part].mean()), len(part)))
    return out


# --- a PNG without a plotting library -------------------------------------------------

FONT = {  # 3 × 5 digits
    "0": "111101101101111",
    "1": "010110010010111",
    "2": "111001111100111",
    "3": "111001111001111",
    "4": "101101111001001",
    "5": "111100111001111",
    "6": "111100111101111",
    "7": "111001001001001",
    "8": "111101111101111",
    "9": "111101111001111",
    ".": "000000000000010",
    "%": "101001010100101",
}


def _text(img, x, y, text, colour, scale=2):
    for ch in text:
        bits = FONT.get(ch)
        if bits:
            for i, b in enumerate(bits):
                if b == "1":
                    r, c = divmod(i, 3)
                    top, lft = y + r * scale, x + c * scale
                    img[top : top + scale, lft : lft + scale] = colour
        x += 4 * scale


def _line(img, x0, y0, x1, y1, colour, width=2):
    n = int(max(abs(x1 - x0), abs(y1 - y0))) + 1
    for t in np.linspace(0, 1, n):
        x, y = round(x0 + (x1 - x0) * t), round(y0 + (y1 - y0) * t)
        img[y - width // 2 : y + width - width // 2, x - width // 2 : x + width - width // 2] = (
            colour
        )


def _dot(img, x, y, colour, r=4):
    img[int(y) - r : int(y) + r + 1, int(x) - r : int(x) + r + 1] = colour


def write_png(path: Path, img: np.ndarray) -> None:
    h, w, _ = img.shape
    raw = b"".join(b"\x00" + img[row].tobytes() for row in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    path.write_bytes(png)


def reliability_png(path: Path, curves: dict[str, tuple[list, tuple[int, int, int]]]) -> float:
    """Mean predicted (x) against observed churn rate (y) per decile, both axes from 0 to
    the largest value rounded up to a tenth; the grey diagonal is perfect calibration.
    Returns the axes' top value."""
    top = max(max(max(a, b) for a, b, _ in pts) for pts, _ in curves.values())
    top = max(0.1, np.ceil(top * 10) / 10)
    W = H = 520
    left, bottom, size = 70, 470, 420
    img = np.full((H, W, 3), 255, dtype=np.uint8)
    grid, axis = (225, 225, 225), (60, 60, 60)

    def px(v):
        return left + v / top * size

    def py(v):
        return bottom - v / top * size

    for k in range(11):
        v = top * k / 10
        _line(img, px(v), py(0), px(v), py(top), grid, 1)
        _line(img, px(0), py(v), px(top), py(v), grid, 1)
        if k % 2 == 0:
            label = f"{v * 100:.0f}%"
            _text(img, int(px(v)) - 8, bottom + 10, label, axis)
            _text(img, 8, int(py(v)) - 5, label, axis)
    _line(img, px(0), py(0), px(top), py(0), axis)
    _line(img, px(0), py(0), px(0), py(top), axis)
    _line(img, px(0), py(0), px(top), py(top), (170, 170, 170))
    for pts, colour in curves.values():
        for (a, b, _), (c, d, _) in itertools.pairwise(pts):
            _line(img, px(a), py(b), px(c), py(d), colour)
        for a, b, _ in pts:
            _dot(img, px(a), py(b), colour)
    write_png(path, img)
    return float(top)


# --- the run ---------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="an analytics store")
    parser.add_argument("--engine", default="duckdb", choices=("duckdb", "spark"))
    parser.add_argument("--validate", type=int, default=1, help="latest labelled months judged")
    parser.add_argument("--train-months", type=int, default=6)
    parser.add_argument("--until", type=parse_month, help="last month of facts (default: all)")
    parser.add_argument("--png", type=Path, default=HERE / "reliability.png")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    print(f"training on {args.store}", file=sys.stderr)
    t0, c0 = time.perf_counter(), time.process_time()
    trained = train(
        args.store,
        args.until,
        args.engine,
        validate=args.validate,
        train_months=args.train_months,
    )
    train_wall, train_cpu = time.perf_counter() - t0, time.process_time() - c0
    v = trained.validation
    y = v["y"]
    p_rules = rule_scores(
        args.store, trained.validate_months, v["customer_id"], v["month"], args.engine
    )
    figures = {
        "model": score(y, v["p"]).as_dict(),
        "logistic": score(y, v["p_logistic"]).as_dict(),
        "rules": {
            "roc_auc": float(roc_auc_score(y, p_rules)),
            "pr_auc": float(average_precision_score(y, p_rules)),
            "top_decile_lift": top_decile_lift(y, p_rules),
            "brier": None,  # a weight, not a probability
        },
    }
    raised = p_rules > 0
    rules_hit = {
        "share_alerted": float(raised.mean()),
        "churn_rate_alerted": float(y[raised].mean()) if raised.any() else None,
        "churn_rate_not_alerted": float(y[~raised].mean()) if (~raised).any() else None,
    }

    # a month's scoring: the latest month with facts, every subscription in service
    last = max(labelled_months(args.store, args.until) or [date.min])
    latest = add_months(last, 1)
    t0, c0 = time.perf_counter(), time.process_time()
    rows = month_features(args.store, latest, args.engine)
    t_features, c_features = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    # reasons for the customers that become work orders, as ``wangge alerts run`` does
    scored = score_month(trained.model, trained.columns, rows, explain=top_risk_only(WorkOptions()))
    t_score, c_score = time.perf_counter() - t0, time.process_time() - c0

    curves = {
        "model": (quantile_reliability(y, v["p"]), (31, 119, 180)),
        "logistic": (quantile_reliability(y, v["p_logistic"]), (255, 127, 14)),
    }
    top = reliability_png(args.png, curves)
    out = {
        "store": str(args.store),
        "train_months": [f"{m:%Y-%m}" for m in trained.train_months],
        "validate_months": [f"{m:%Y-%m}" for m in trained.validate_months],
        "rows": trained.rows,
        "positives": trained.positives,
        "trees": trained.model.trees_,
        "figures": figures,
        "rules_hit": rules_hit,
        "seconds": {
            **{k: round(s, 1) for k, s in trained.seconds.items()},
            "train_wall": round(train_wall, 1),
            "score_month_features": round(t_features, 1),
            "score_month_model_and_reasons": round(t_score, 1),
        },
        "cpu_seconds": {  # every thread of the process (the steadier figure when shared)
            "train_wall": round(train_cpu, 1),
            "score_month_features": round(c_features, 1),
            "score_month_model_and_reasons": round(c_score, 1),
        },
        "scored_month": f"{latest:%Y-%m}",
        "scored_subscriptions": len(rows.subscription_id),
        "scored_customers": len(scored),
        "explained_customers": int(scored["reasons"].notna().sum()),
        "training_sample": trained.sampled,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "reliability": {k: c[0] for k, c in curves.items()},
        "png": str(args.png),
        "png_axes_top": top,
        "targets": {
            "auc_over_logistic": figures["model"]["roc_auc"] - figures["logistic"]["roc_auc"],
            "auc_over_logistic_met": figures["model"]["roc_auc"]
            >= figures["logistic"]["roc_auc"] + 0.05,
            "lift_met": figures["model"]["top_decile_lift"] >= 3,
        },
    }
    text = json.dumps(out, indent=2, ensure_ascii=False)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
