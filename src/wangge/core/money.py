"""Money as integer cents (分), and splits of a total that add back up exactly.

Every split of a total in the product (targets, pay pools, budgets) goes through
``split_exact`` so that the parts never drift from the total by a rounding cent.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction


class MoneyError(ValueError):
    """A money value or a split request that cannot be honoured."""


def split_exact(total: int, weights: Sequence[int | float | Fraction]) -> list[int]:
    """Split integer ``total`` in proportion to ``weights``, summing exactly to ``total``.

    Largest-remainder (Hamilton) rounding: every part is its exact share rounded
    towards zero, and the units left over go one each to the largest remainders,
    ties to the earlier position so the result is deterministic. Weights are
    converted to exact fractions, so float weights do not leak rounding error.
    A negative total is split as its magnitude and negated back.
    """
    if not isinstance(total, int) or isinstance(total, bool):
        raise MoneyError(f"total must be an integer number of cents, got {total!r}")
    if not weights:
        if total == 0:
            return []
        raise MoneyError("cannot split a non-zero total over no parts")
    sign = -1 if total < 0 else 1
    magnitude = abs(total)
    if all(type(w) is int for w in weights):
        ints = list(weights)
        _check_weights(ints, total)
        if sum(ints) == 0:
            return [0] * len(ints)
        return [sign * p for p in _split_int_weights(magnitude, ints)]
    exact = [Fraction(w) for w in weights]
    _check_weights(exact, total)
    weight_sum = sum(exact)
    if weight_sum == 0:
        return [0] * len(exact)
    shares = [magnitude * w / weight_sum for w in exact]
    parts = [int(s) for s in shares]  # floor: shares are non-negative
    left = magnitude - sum(parts)
    order = sorted(range(len(shares)), key=lambda i: (-(shares[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return [sign * p for p in parts]


def _check_weights(weights: Sequence[int | Fraction], total: int) -> None:
    if any(w < 0 for w in weights):
        raise MoneyError("weights must not be negative")
    if total != 0 and sum(weights) == 0:
        raise MoneyError("cannot split a non-zero total when every weight is zero")


def _split_int_weights(total: int, weights: list[int]) -> list[int]:
    """The same largest-remainder split in integer arithmetic: a province's payroll
    splits thousands of times a run, and Fractions would dominate its time."""
    weight_sum = sum(weights)
    parts, remainders = [], []
    for w in weights:
        quotient, remainder = divmod(total * w, weight_sum)
        parts.append(quotient)
        remainders.append(remainder)
    left = total - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def to_cents(yuan: str | int) -> int:
    """Parse a yuan amount written by a person ("1234.5", "1,234.50", 12) into cents.

    Refuses more than two decimals rather than rounding silently.
    """
    if isinstance(yuan, bool):
        raise MoneyError(f"not an amount: {yuan!r}")
    if isinstance(yuan, int):
        return yuan * 100
    text = str(yuan).strip().replace(",", "").replace("¥", "").replace("￥", "")
    if not text:
        raise MoneyError("empty amount")
    negative = text.startswith("-")
    if negative or text.startswith("+"):
        text = text[1:]
    whole, _, frac = text.partition(".")
    if (not whole.isdigit() and whole != "") or (frac and not frac.isdigit()) or len(frac) > 2:
        raise MoneyError(f"not an amount in yuan with at most two decimals: {yuan!r}")
    cents = int(whole or "0") * 100 + int((frac + "00")[:2])
    return -cents if negative else cents
