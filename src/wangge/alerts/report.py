"""The early-warning report of the units in scope: churn trend, alerts by kind, on-time
handling and the retention effect against the holdout, month by month and grid by grid.

Every figure is read from querysets the caller has already passed through
``visible_to``: the alerts (``Alert.objects.visible_to(user)``) and the subscriptions
(``Subscription.objects.visible_to(user)``).

* *churned*: a subscription disconnected or cancelled (its ``end_date``) in the month;
* *on time*: an alert's work order closed as done no later than it was due;
* *retention effect*: of the customers alerted in a month, those with a work order done
  on time against those held out (no work order by design): the share whose
  subscriptions were all still in service ``STAY_DAYS`` after the month end. The held
  out are few (5 % by default): under ``MIN_GROUP`` customers the comparison is shown
  but marked as too small to read.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from wangge.core.alerts.plan import ALL_RULES
from wangge.core.months import add_months, month_end

CHURNED = ("disconnected", "cancelled")
STAY_DAYS = 90
MIN_GROUP = 30


def churn_trend(subscriptions, months: list[date]) -> list[dict]:
    """Per month: subscriptions that ended (churned) in it."""
    if not months:
        return []
    first, last = min(months), month_end(max(months))
    ends = subscriptions.filter(
        status__in=CHURNED, end_date__gte=first, end_date__lte=last
    ).values_list("end_date", flat=True)
    per: dict[date, int] = defaultdict(int)
    for d in ends:
        per[d.replace(day=1)] += 1
    return [{"month": m, "churned": per.get(m, 0)} for m in sorted(months)]


def by_kind(alerts, months: list[date]) -> list[dict]:
    """Per month: customers alerted by each rule (in ``ALL_RULES`` order) and in all."""
    counts: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    customers: dict[date, set] = defaultdict(set)
    for month, rule, customer in alerts.filter(month__in=months).values_list(
        "month", "rule", "customer_id"
    ):
        counts[month][rule] += 1
        customers[month].add(customer)
    return [
        {
            "month": m,
            "rules": [counts[m].get(r, 0) for r in ALL_RULES],
            "customers": len(customers[m]),
        }
        for m in sorted(months)
    ]


def _churned_customers(subscriptions, customer_ids: set[int], month: date) -> set[int]:
    start = month_end(month)
    stop = start + timedelta(days=STAY_DAYS)
    return set(
        subscriptions.filter(
            customer_id__in=customer_ids,
            status__in=CHURNED,
            end_date__gt=start,
            end_date__lte=stop,
        ).values_list("customer_id", flat=True)
    )


def _group(ids: set[int], churned: set[int]) -> dict:
    n = len(ids)
    stayed = n - len(ids & churned)
    return {
        "customers": n,
        "stayed": stayed,
        "rate": stayed / n if n else None,
        "small": n < MIN_GROUP,
    }


def handling(alerts, subscriptions, month: date, key: str = "unit") -> list[dict]:
    """Per grid (``key="unit"``) or per assignee (``key="person"``) for ``month``: the
    alerted customers, their work orders, done on time, overdue, and the stay rates of the
    contacted in time against the held out (a last row sums them all)."""
    rows = alerts.filter(month=month).values(
        "customer_id",
        "unit_id",
        "unit__name",
        "holdout",
        "work_order_id",
        "work_order__status",
        "work_order__due_at",
        "work_order__closed_at",
        "work_order__assignee_id",
        "work_order__assignee__name",
    )
    groups: dict = {}
    held_all: set[int] = set()
    for r in rows:
        if r["holdout"]:
            held_all.add(r["customer_id"])
        if key == "person":
            if r["work_order_id"] is None:
                continue  # the held out have no assignee: compared in the last row
            gid, name = r["work_order__assignee_id"], r["work_order__assignee__name"] or ""
        else:
            gid, name = r["unit_id"], r["unit__name"] or ""
        g = groups.setdefault(
            gid,
            {"name": name, "customers": set(), "orders": {}, "held": set(), "in_time": set()},
        )
        g["customers"].add(r["customer_id"])
        if r["holdout"]:
            g["held"].add(r["customer_id"])
        if r["work_order_id"] is not None:
            on_time = (
                r["work_order__status"] == "done"
                and r["work_order__closed_at"] is not None
                and r["work_order__due_at"] is not None
                and r["work_order__closed_at"] <= r["work_order__due_at"]
            )
            g["orders"][r["work_order_id"]] = (on_time, r["work_order__status"], r)
            if on_time:
                g["in_time"].add(r["customer_id"])
    everyone = set(held_all).union(*(g["customers"] for g in groups.values()))
    churned = _churned_customers(subscriptions, everyone, month)
    out = []
    total = {"name": "", "customers": set(), "orders": {}, "held": set(), "in_time": set()}
    for g in sorted(groups.values(), key=lambda g: g["name"]):
        out.append(_summary(g, churned))
        for k in ("customers", "held", "in_time"):
            total[k] |= g[k]
        total["orders"].update(g["orders"])
    total["held"] = held_all
    if out:
        out.append({**_summary(total, churned), "total": True})
    return out


def _summary(g: dict, churned: set[int]) -> dict:
    orders = g["orders"].values()
    contacted = _group(g["in_time"], churned)
    held = _group(g["held"], churned)
    effect = (
        (contacted["rate"] - held["rate"]) * 100  # percentage points
        if contacted["rate"] is not None and held["rate"] is not None
        else None
    )
    return {
        "name": g["name"],
        "customers": len(g["customers"]),
        "orders": len(g["orders"]),
        "on_time": sum(1 for t, _, _ in orders if t),
        "open": sum(1 for _, s, _ in orders if s != "done"),
        "contacted": contacted,
        "held": held,
        "effect": effect,
        "total": False,
    }


def recent_months(latest: date | None, n: int = 12) -> list[date]:
    """The ``n`` months up to ``latest`` (the latest run's month by default)."""
    if latest is None:
        return []
    return [add_months(latest, -k) for k in range(n - 1, -1, -1)]
