"""The closed loop: what each resource line produced, and how each unit did against plan.

**The attribution rule** (``attribute``). Results are orders, new adds and retained
customers, each with a customer, a unit, a day and the revenue it brings (cents).

1. *Customer touch, last one wins.* A result goes to the latest use of a resource on
   the same customer within ``window_days`` (default 30) before or on the result's
   day; uses on the same day: the later recorded (higher id). The whole revenue goes
   to that use.
2. *Unit-wide uses share the rest.* A result no customer touch claims goes to the
   uses in its unit recorded without a customer (advertising, an on-site event, SMS
   to a whole area) within the window, split in proportion to their cents with
   ``core.money.split_exact``, so the parts add back to the result's revenue.
3. Otherwise the result is not attributed to marketing resources (it stays organic).

A result is attributed once; a use may claim many results. Uses and results of other
units never meet: a customer touched in grid X who orders in grid Y is grid Y's
organic result (the resource is judged where it was spent).

**The evaluation** (``evaluate``): per unit × month, the cents planned (the accepted
allocation), spent (uses), the revenue attributed, the expected revenue of the plan,
the input-output ratio output / input (not applicable without input, never 0 or ∞),
and a flag when the ratio falls below the threshold (default 1).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from wangge.core.money import split_exact
from wangge.core.resources.kinds import DEFAULT_FLAG_BELOW

DEFAULT_WINDOW_DAYS = 30

ORDER = "order"
NEW_ADD = "new_add"
RETAINED = "retained"
RESULT_KINDS = (ORDER, NEW_ADD, RETAINED)


@dataclass(frozen=True)
class Use:
    id: int
    unit: Hashable
    kind: str
    day: date
    cents: int
    customer: Hashable | None = None
    campaign: Hashable | None = None


@dataclass(frozen=True)
class Result:
    id: int
    unit: Hashable
    day: date
    revenue_cents: int
    kind: str = ORDER
    customer: Hashable | None = None


@dataclass(frozen=True)
class Credit:
    """``cents`` of result ``result`` credited to use ``use`` (by ``rule``)."""

    result: int
    use: int
    cents: int
    rule: str  # "customer" or "unit"


def attribute(
    uses: Iterable[Use], results: Iterable[Result], *, window_days: int = DEFAULT_WINDOW_DAYS
) -> list[Credit]:
    """Every result's credits by the rule above; results left unattributed have none."""
    if window_days < 0:
        raise ValueError("the attribution window must not be negative")
    window = timedelta(days=window_days)
    touches: dict[tuple[Hashable, Hashable], list[Use]] = defaultdict(list)
    wide: dict[Hashable, list[Use]] = defaultdict(list)
    for u in uses:
        if u.customer is not None:
            touches[(u.unit, u.customer)].append(u)
        else:
            wide[u.unit].append(u)
    credits: list[Credit] = []
    for r in sorted(results, key=lambda r: r.id):

        def near(u: Use, r: Result = r) -> bool:
            return r.day - window <= u.day <= r.day

        if r.customer is not None:
            hits = [u for u in touches.get((r.unit, r.customer), ()) if near(u)]
            if hits:
                last = max(hits, key=lambda u: (u.day, u.id))
                credits.append(Credit(r.id, last.id, r.revenue_cents, "customer"))
                continue
        shared = sorted((u for u in wide.get(r.unit, ()) if near(u) and u.cents > 0),
                        key=lambda u: u.id)  # fmt: skip
        if shared:
            parts = split_exact(r.revenue_cents, [u.cents for u in shared])
            credits.extend(
                Credit(r.id, u.id, part, "unit") for u, part in zip(shared, parts, strict=True)
            )
    return credits


def ratio(output_cents: int, input_cents: int) -> Fraction | None:
    """Input-output ratio R / C; None (not applicable) without input."""
    return Fraction(output_cents, input_cents) if input_cents > 0 else None


@dataclass(frozen=True)
class Evaluation:
    unit: Hashable
    month: date
    planned_cents: int
    spent_cents: int
    output_cents: int
    expected_cents: int
    ratio: Fraction | None  # output / spent; None without spending
    spend_rate: Fraction | None  # spent / planned
    output_rate: Fraction | None  # output / expected
    flagged: bool


def month_of(day: date) -> date:
    return day.replace(day=1)


def evaluate(
    uses: Iterable[Use],
    results: Iterable[Result],
    credits: Iterable[Credit],
    *,
    planned: Mapping[tuple[Hashable, date], int] | None = None,
    expected: Mapping[tuple[Hashable, date], int] | None = None,
    flag_below: Fraction = DEFAULT_FLAG_BELOW,
) -> list[Evaluation]:
    """Plan versus actual per unit × month (the month of the use for input, of the
    result for output), sorted by month then unit."""
    planned, expected = planned or {}, expected or {}
    uses = list(uses)
    use_of = {u.id: u for u in uses}
    result_of = {r.id: r for r in results}
    spent: dict[tuple[Hashable, date], int] = defaultdict(int)
    output: dict[tuple[Hashable, date], int] = defaultdict(int)
    for u in uses:
        spent[(u.unit, month_of(u.day))] += u.cents
    for c in credits:
        u, r = use_of[c.use], result_of[c.result]
        output[(u.unit, month_of(r.day))] += c.cents
    keys = set(spent) | set(output) | set(planned) | set(expected)
    rows = []
    for unit, month in sorted(keys, key=lambda k: (k[1], str(k[0]))):
        key = (unit, month)
        io = ratio(output[key], spent[key])
        plan, exp = planned.get(key, 0), expected.get(key, 0)
        rows.append(
            Evaluation(
                unit=unit,
                month=month,
                planned_cents=plan,
                spent_cents=spent[key],
                output_cents=output[key],
                expected_cents=exp,
                ratio=io,
                spend_rate=Fraction(spent[key], plan) if plan > 0 else None,
                output_rate=Fraction(output[key], exp) if exp > 0 else None,
                flagged=io is not None and io < flag_below,
            )
        )
    return rows


def by_campaign(uses: Iterable[Use], credits: Iterable[Credit]) -> dict[Hashable, tuple[int, int]]:
    """Campaign → (spent cents, attributed revenue cents); uses without one under None."""
    uses = list(uses)
    campaign_of = {u.id: u.campaign for u in uses}
    out: dict[Hashable, list[int]] = defaultdict(lambda: [0, 0])
    for u in uses:
        out[u.campaign][0] += u.cents
    for c in credits:
        out[campaign_of[c.use]][1] += c.cents
    return {k: (v[0], v[1]) for k, v in out.items()}
