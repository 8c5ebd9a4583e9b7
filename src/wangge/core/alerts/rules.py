"""Customer alerts by rule, written once as portable Ibis expressions.

The same expression runs on DuckDB and on Spark (``tests/engines/test_alert_parity.py``
holds them to the same rows). Every threshold is a field of ``AlertOptions``; the
defaults are the product's published ones (red: contract or promotion ending within 60
days, arrears older than 30 days; yellow: usage or ARPU more than 30 % under the average
of the three months before, two or more complaints, a new user silent for 7 days; the
guard list: a grid's top 20 % of customers by ARPU, downgrade-rate target 5 %).

What the monthly facts can and cannot say, so no rule pretends:

* *Number-portability query*: the facts carry no such field, so there is no rule for
  it (``UNAVAILABLE`` names it); a company that receives the query list imports it
  elsewhere.
* *Arrears ageing* from month-end balances: the part of the balance that is older
  than the bills of the last ``arrears_months`` months (payments settle the oldest bill
  first), i.e. older than about 30 days with the default of one month.
* *Complaints in 30 days*: the facts count complaints opened per month, so the 30 days
  are the alert month.
* *New user silent*: a subscription started within ``new_user_days`` of the month end,
  in service for at least ``silent_days``, with no usage in the month.

Each alert row names a customer, a rule, its level and the figures behind it
(``subscription_id`` of the subscription that raised it, ``figure``, ``baseline``,
``on_date``); a customer raising one rule on several subscriptions gets one row, from
the most severe subscription. Dates are Python literals: no engine date arithmetic.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from datetime import date, timedelta

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from wangge.core.months import add_months, month_end, month_start

IN_SERVICE = ("active", "suspended")

RED, YELLOW, GUARD = "red", "yellow", "guard"
LEVELS = (RED, YELLOW, GUARD)

CONTRACT_ENDING = "contract_ending"
ARREARS_AGEING = "arrears_ageing"
USAGE_DROP = "usage_drop"
ARPU_DROP = "arpu_drop"
COMPLAINTS = "complaints"
NEW_SILENT = "new_silent"
GUARD_LIST = "guard_list"
#: rule → level, in the order pages list them
RULES: dict[str, str] = {
    CONTRACT_ENDING: RED,
    ARREARS_AGEING: RED,
    USAGE_DROP: YELLOW,
    ARPU_DROP: YELLOW,
    COMPLAINTS: YELLOW,
    NEW_SILENT: YELLOW,
    GUARD_LIST: GUARD,
}
#: rules of the published list the monthly facts cannot feed, and why
UNAVAILABLE = {
    "portability_query": "the monthly facts carry no number-portability query field",
}

ALERT = pa.schema(
    [
        ("customer_id", pa.int64()),
        ("grid_id", pa.int64()),
        ("rule", pa.string()),
        ("level", pa.string()),
        ("subscription_id", pa.int64()),
        ("figure", pa.int64()),  # see FIGURES
        ("baseline", pa.int64()),
        ("on_date", pa.date32()),
    ]
)
#: what ``figure``, ``baseline`` and ``on_date`` hold for each rule
FIGURES = {
    CONTRACT_ENDING: ("monthly fee (cents)", None, "contract or promotion end"),
    ARREARS_AGEING: ("arrears older than the recent bills (cents)", "arrears (cents)", None),
    USAGE_DROP: ("usage this month", "three months before, summed", None),
    ARPU_DROP: ("billed this month (cents)", "three months before, summed (cents)", None),
    COMPLAINTS: ("complaints this month", None, None),
    NEW_SILENT: ("usage this month", None, "start date"),
    GUARD_LIST: ("billed this month (cents)", "billed the month before (cents)", None),
}


@dataclass(frozen=True)
class AlertOptions:
    """Every threshold of the rules; defaults as the product ships them."""

    contract_days: int = 60
    """Red when a contract or promotion ends within this many days after the month end."""
    arrears_months: int = 1
    """Red when arrears are older than the bills of this many months (1 ≈ 30 days)."""
    arrears_min_cents: int = 1
    """...and that old part is at least this much."""
    drop_percent: int = 30
    """Yellow when usage or ARPU is more than this many percent under its 3-month average."""
    drop_months: int = 3
    """The months before the alert month whose average is the comparison."""
    complaints: int = 2
    """Yellow at this many complaints opened in the month (all the customer's lines)."""
    new_user_days: int = 30
    """A subscription started within this many days of the month end is new."""
    silent_days: int = 7
    """...and silent when in service at least this many days with no usage."""
    guard_percent: int = 20
    """The guard list: this share of a grid's customers (ours) with the highest ARPU."""
    downgrade_target_percent: int = 5
    """The guard list's target: at most this share of it billed less than the month before."""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"alert option {f.name}: a whole number ≥ 0, not {value!r}")
        if not 0 < self.drop_percent < 100:
            raise ValueError("alert option drop_percent: between 1 and 99")
        if not 0 < self.guard_percent <= 100:
            raise ValueError("alert option guard_percent: between 1 and 100")
        if self.drop_months < 1 or self.arrears_months < 1:
            raise ValueError("alert options drop_months and arrears_months: at least 1")

    @classmethod
    def from_mapping(cls, raw: Mapping[str, object] | None) -> AlertOptions:
        """From settings (``WANGGE_ALERT_OPTIONS``): unknown keys are refused by name."""
        raw = dict(raw or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise ValueError(f"unknown alert options: {', '.join(unknown)}")
        return cls(**raw)  # type: ignore[arg-type]

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def fact_months(month: date, options: AlertOptions | None = None) -> list[date]:
    """The monthly fact directories a run for ``month`` must bind."""
    o = options or AlertOptions()
    back = max(o.drop_months, o.arrears_months, 1)
    m = month_start(month)
    return [add_months(m, -k) for k in range(back, -1, -1)]


def _as_of(t: ir.Table, day: date) -> ir.Table:
    d = ibis.literal(day)
    return t.filter(t.valid_from <= d, t.valid_to.isnull() | (t.valid_to > d))


def _i64(v) -> ir.IntegerValue:
    return v.cast("int64")


def _row(
    t: ir.Table,
    rule: str,
    *,
    subscription_id,
    figure,
    baseline=None,
    on_date=None,
    severity,
) -> ir.Table:
    null_i = ibis.null().cast("int64")
    return t.select(
        customer_id=_i64(t.customer_id),
        rule=ibis.literal(rule),
        level=ibis.literal(RULES[rule]),
        subscription_id=null_i if subscription_id is None else _i64(subscription_id),
        figure=_i64(figure),
        baseline=null_i if baseline is None else _i64(baseline),
        on_date=ibis.null().cast("date") if on_date is None else on_date.cast("date"),
        severity=severity.cast("float64"),
    )


def monthly_subscriptions(sm: ir.Table, month: date, options: AlertOptions) -> ir.Table:
    """One row per subscription in service at the end of ``month``, with the sums over
    the months before that the rules compare with (absent months count as nothing)."""
    m = month_start(month)
    prior = [add_months(m, -k) for k in range(1, options.drop_months + 1)]
    recent = [add_months(m, -k) for k in range(0, options.arrears_months)]
    now = sm.month == ibis.literal(m)

    def when(cond, col):
        return cond.ifelse(col, 0).cast("int64")

    per = sm.group_by("subscription_id").aggregate(
        customer_id=sm.customer_id.max(),
        here=when(now & sm.status.isin(IN_SERVICE), 1).max(),
        start_date=sm.start_date.max(),
        usage=when(now, sm.usage).sum(),
        billed=when(now, sm.billed_cents).sum(),
        arrears=when(now, sm.arrears_cents).sum(),
        complaints=when(now, sm.complaints).sum(),
        recent_billed=when(sm.month.isin(recent), sm.billed_cents).sum(),
        prior_usage=when(sm.month.isin(prior), sm.usage).sum(),
        prior_billed=when(sm.month.isin(prior), sm.billed_cents).sum(),
        prior_months=when(sm.month.isin(prior), 1).sum(),
        last_billed=when(sm.month == ibis.literal(prior[0]), sm.billed_cents).sum(),
    )
    return per.filter(per.here == 1)


def _one_per_customer(t: ir.Table) -> ir.Table:
    """Per customer and rule, the most severe row (ties: the smallest subscription)."""
    w = ibis.window(
        group_by=[t.customer_id, t.rule], order_by=[t.severity.desc(), t.subscription_id]
    )
    ranked = t.mutate(_n=ibis.row_number().over(w))
    return ranked.filter(ranked._n == 0).drop("_n", "severity")


def customer_alerts(
    tables: Mapping[str, ir.Table], month: date, options: AlertOptions | None = None
) -> ir.Table:
    """Every alert of ``month``: one row per customer and rule (schema ``ALERT``), in a
    stable order (grid, customer, rule order of ``RULES``).

    ``tables`` binds ``subscription_month`` (at least ``fact_months(month)``),
    ``subscription`` (for the contract end), ``customer`` and ``customer_grid``.
    Only customers marked ``ours`` raise alerts; a customer with no grid at the month
    end has a null ``grid_id``.
    """
    o = options or AlertOptions()
    m = month_start(month)
    as_of = month_end(m)
    per = monthly_subscriptions(tables["subscription_month"], m, o)
    cust = tables["customer"]
    ours = cust.filter(cust.ownership == "ours").select("customer_id")
    per = per.semi_join(ours, "customer_id")
    subs = tables["subscription"].select("subscription_id", "contract_end", "monthly_fee_cents")
    per = per.left_join(subs, "subscription_id").drop("subscription_id_right")
    rows: list[ir.Table] = []

    # red: the contract or promotion ends within contract_days after the month end
    ending = per.filter(
        per.contract_end.notnull(),
        per.contract_end > ibis.literal(as_of),
        per.contract_end <= ibis.literal(as_of + timedelta(days=o.contract_days)),
    )
    rows.append(
        _row(
            ending,
            CONTRACT_ENDING,
            subscription_id=ending.subscription_id,
            figure=ending.monthly_fee_cents.fill_null(0),
            on_date=ending.contract_end,
            # the soonest end first: later dates are less severe
            severity=-ending.contract_end.epoch_days(),
        )
    )

    # red: the balance older than the last arrears_months bills
    aged = per.mutate(old=per.arrears - per.recent_billed)
    aged = aged.filter(aged.old >= max(o.arrears_min_cents, 1))
    rows.append(
        _row(
            aged,
            ARREARS_AGEING,
            subscription_id=aged.subscription_id,
            figure=aged.old,
            baseline=aged.arrears,
            severity=aged.old,
        )
    )

    # yellow: usage or billing more than drop_percent under the average of the months
    # before (integer arithmetic: now × months × 100 < (100 − p) × sum); every one of
    # those months must be there, else there is no average to fall under
    keep = 100 - o.drop_percent
    full = per.filter(per.prior_months == o.drop_months)
    for rule, now_col, sum_col in (
        (USAGE_DROP, "usage", "prior_usage"),
        (ARPU_DROP, "billed", "prior_billed"),
    ):
        fell = full.filter(
            full[sum_col] > 0, full[now_col] * (o.drop_months * 100) < full[sum_col] * keep
        )
        rows.append(
            _row(
                fell,
                rule,
                subscription_id=fell.subscription_id,
                figure=fell[now_col],
                baseline=fell[sum_col],
                # the steepest fall first
                severity=1.0 - fell[now_col].cast("float64") * o.drop_months / fell[sum_col],
            )
        )

    # yellow: complaints over all the customer's lines in the month
    comp = per.group_by("customer_id").aggregate(n=per.complaints.sum())
    comp = comp.filter(comp.n >= max(o.complaints, 1))
    rows.append(_row(comp, COMPLAINTS, subscription_id=None, figure=comp.n, severity=comp.n))

    # yellow: a new subscription in service for silent_days with no usage in the month
    new = per.filter(
        per.start_date > ibis.literal(as_of - timedelta(days=o.new_user_days)),
        per.start_date <= ibis.literal(as_of - timedelta(days=o.silent_days)),
        per.usage == 0,
    )
    rows.append(
        _row(
            new,
            NEW_SILENT,
            subscription_id=new.subscription_id,
            figure=new.usage,
            on_date=new.start_date,
            severity=-new.start_date.epoch_days(),
        )
    )

    alerts = _one_per_customer(ibis.union(*rows))
    cg = _as_of(tables["customer_grid"], as_of).select("customer_id", "grid_id")
    out = alerts.left_join(cg, "customer_id").drop("customer_id_right")
    out = out.mutate(grid_id=out.grid_id.cast("int64"))
    out = out.select(*ALERT.names).union(guard_list(per, cg, o))
    order = ibis.cases(*((out.rule == r, i) for i, r in enumerate(RULES)), else_=len(RULES))
    out = out.mutate(_o=order)
    return out.order_by([out.grid_id, out.customer_id, out._o]).select(*ALERT.names)


def guard_list(per: ir.Table, cg: ir.Table, o: AlertOptions) -> ir.Table:
    """Per grid, the top ``guard_percent`` of its customers (ours, billed > 0) by what
    they were billed in the month: ceil(n × p / 100) of them, ties by customer id.
    ``baseline`` is the month before, so the page can show who was downgraded."""
    cust = per.group_by("customer_id").aggregate(
        billed=per.billed.sum(), last=per.last_billed.sum()
    )
    cust = cust.filter(cust.billed > 0)
    cust = cust.inner_join(cg, "customer_id")
    by_grid = ibis.window(group_by=cust.grid_id, order_by=[cust.billed.desc(), cust.customer_id])
    whole = ibis.window(group_by=cust.grid_id)
    ranked = cust.mutate(
        rank=(ibis.row_number().over(by_grid) + 1).cast("int64"),
        n=cust.customer_id.count().over(whole).cast("int64"),
    )
    # rank ≤ ceil(n·p/100)  ⇔  100·rank ≤ n·p + 99, in integers on every engine
    top = ranked.filter(ranked.rank * 100 <= ranked.n * o.guard_percent + 99)
    return top.select(
        customer_id=top.customer_id.cast("int64"),
        grid_id=top.grid_id.cast("int64"),
        rule=ibis.literal(GUARD_LIST),
        level=ibis.literal(GUARD),
        subscription_id=ibis.null().cast("int64"),
        figure=top.billed.cast("int64"),
        baseline=top.last.cast("int64"),
        on_date=ibis.null().cast("date"),
    )
