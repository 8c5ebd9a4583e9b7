"""Registry matching benchmark: demo registry and its harder variant against business customers.

    .venv/bin/python bench/matching/bench_matching.py [--scale 3.5] [--customers 100000]

Builds the demo city's registry with true links (``sample.demo_registry``), keeps
the first ``--customers`` business customers (registry entries of the others stay
in as companies that are not ours), and for the registry and ``harden(registry)``
times normalisation and matching, then prints precision and recall at several
thresholds and for the exact-normalised-name baseline. Generation is not timed.
"""

from __future__ import annotations

import argparse
import time

from wangge.core.matching import matcher
from wangge.core.matching.sample import demo_registry, harden, truth_pairs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=3.5)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--threshold", type=float, default=matcher.DEFAULT_THRESHOLD)
    args = parser.parse_args()
    sample = demo_registry(args.scale, max_customers=args.customers)
    print(f"registry {sample.registry.num_rows:,} × customers {sample.customers.num_rows:,}")
    for label, registry in (("demo", sample.registry), ("harder", harden(sample.registry))):
        began = time.perf_counter()
        reg = matcher.prepare_registry(registry)
        cust = matcher.prepare_customers(sample.customers)
        prepared = time.perf_counter()
        result = matcher.match(reg, cust, threshold=args.threshold)
        done = time.perf_counter()
        truth = {(str(r), c) for r, c in truth_pairs(registry)}
        print(
            f"{label}: normalise {prepared - began:.1f} s, match {done - prepared:.1f} s, "
            f"total {done - began:.1f} s, {result.candidates:,} scored pairs, "
            f"{len(truth):,} true links"
        )
        pairs = result.pairs
        for t in sorted({0.5, 0.8, 0.9, 0.95, 0.99, args.threshold}):
            p, r = matcher.score(pairs[pairs["probability"] >= t], truth)
            mark = "  <- chosen" if t == args.threshold else ""
            print(f"  threshold {t:.2f}: precision {p:.4f} recall {r:.4f}{mark}")
        p, r = matcher.exact_name_baseline(reg, cust, truth)
        print(f"  baseline exact normalised name: precision {p:.4f} recall {r:.4f}")


if __name__ == "__main__":
    main()
