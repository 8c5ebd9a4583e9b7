"""Exact integer allocation, so that scaled counts add up to the totals promised."""

from __future__ import annotations

import numpy as np

from wangge.core.money import split_exact


def allocate(total: int, weights: np.ndarray, minimum: int = 0) -> np.ndarray:
    """Split ``total`` over integer ``weights`` by largest remainder, each part >= ``minimum``.

    The split is ``split_exact``'s (ties to the earlier position); all-zero weights
    share equally, since a demo count must land somewhere.
    """
    w = np.asarray(weights, dtype=np.int64)
    n = len(w)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    floor = minimum * n
    if total < floor:
        raise ValueError(f"cannot give {n} parts at least {minimum} out of {total}")
    rest = total - floor
    if int(w.sum()) == 0:
        w = np.ones(n, dtype=np.int64)
    parts = np.array(split_exact(int(rest), [int(x) for x in w]), dtype=np.int64)
    return parts + minimum


def int_weights(values: np.ndarray, resolution: int = 10_000) -> np.ndarray:
    """Turn non-negative real weights into integers with enough resolution for ``allocate``."""
    v = np.asarray(values, dtype=np.float64)
    top = v.max() if len(v) else 0.0
    if top <= 0:
        return np.ones(len(v), dtype=np.int64)
    return np.maximum(np.rint(v / top * resolution).astype(np.int64), 0)
