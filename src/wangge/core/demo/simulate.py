"""The monthly life of a batch of subscriptions: usage, bills, payments, complaints, churn.

The state of every subscription is a set of numpy vectors advanced one month at
a time, so a batch costs a few dozen vector operations per month whatever its
size. Each month's rows are handed to ``emit`` as soon as they exist; nothing
but the current state is kept, which bounds memory by the batch, not the run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from wangge.core import schema
from wangge.core.demo import churn
from wangge.core.demo.city import CityPlan
from wangge.core.demo.population import LINES, NO_CONTRACT, PRODUCT_FEES, PRODUCT_LINE_OF, Batch

# status codes; index into schema.SUBSCRIPTION_STATUSES, plus "not yet started"
ACTIVE, SUSPENDED, DISCONNECTED, CANCELLED, PENDING = 0, 1, 2, 3, 4
# typical monthly usage by line: MB (mobile), GB (broadband), minutes (fixed),
# hours (TV), GB (data line)
USAGE_LEVEL = np.array([14_000.0, 220.0, 90.0, 60.0, 3_000.0])
COMPLAINT_LINE = np.array([1.0, 2.2, 0.8, 1.4, 1.8])
RELIABLE, LATE, DELINQUENT = 0, 1, 2
COMPLAINT_CATEGORIES = ("network", "billing", "service", "installation", "tariff")


@dataclass
class BatchResult:
    """What outlives the month loop: the final state for the subscription table and side facts."""

    status: np.ndarray
    start_day: np.ndarray
    end_day: np.ndarray  # -1 while in service
    contract_end: np.ndarray
    adds: np.ndarray  # (grid in batch, month): new subscriptions started
    complaint_sub: np.ndarray  # one entry per complaint: slot index
    complaint_month: np.ndarray


def simulate(
    rng: np.random.Generator,
    plan: CityPlan,
    batch: Batch,
    sub_ids: np.ndarray,
    batch_grids: np.ndarray,
    emit: Callable[[int, pa.Table], None],
) -> BatchResult:
    """Run the window month by month, handing each month's SUBSCRIPTION_MONTH rows to ``emit``.

    Only observable consequences are written; the hidden drivers (loyalty,
    the leaving state, payer type) stay inside so that models have to infer them.
    """
    window = plan.window
    months = window.months
    starts = window.start_days()
    lengths = window.lengths()
    cal = window.calendar_months()
    n = len(sub_ids)
    g = plan.grids

    grid_pos = np.searchsorted(batch_grids, batch.sub_grid)
    line = PRODUCT_LINE_OF[batch.sub_product]
    fee = PRODUCT_FEES[batch.sub_product]
    kind = batch.sub_kind
    campus = np.array([t == "campus" for t in g.grid_type])[batch.sub_grid]
    grid_effect = g.churn_effect[batch.sub_grid]
    growth = g.growth[batch.sub_grid]
    complaint_rate = g.complaint_rate[batch.sub_grid] * COMPLAINT_LINE[line]
    latent = rng.normal(0.0, 0.7, n)
    payer = (rng.random(n)[:, None] > np.array([0.93, 0.97])).sum(axis=1)
    payer = np.where((grid_effect > 0.4) & (rng.random(n) < 0.05), DELINQUENT, payer)
    level = USAGE_LEVEL[line] * rng.lognormal(0.0, 0.5, n)

    status = np.where(kind == 0, ACTIVE, PENDING).astype(np.int8)
    status_since = np.where(kind == 0, batch.sub_start_day, 0).astype(np.int32)
    start_day = batch.sub_start_day.copy()
    start_month = batch.sub_start_month.copy()
    end_day = np.full(n, -1, dtype=np.int32)
    end_month = np.full(n, -1, dtype=np.int32)
    contract_end = batch.sub_contract_end.copy()
    leaving = (kind == 0) & (rng.random(n) < 0.02)
    fake = batch.sub_fake
    fake_end = start_month + rng.integers(3, 7, n)
    hist = [level * rng.lognormal(0.0, 0.2, n) for _ in range(4)]  # last month first
    comp_hist = [np.zeros(n, dtype=np.int64) for _ in range(3)]
    buckets = [np.zeros(n, dtype=np.int64) for _ in range(4)]  # this month, 1, 2, 3+ months old
    behind = (kind == 0) & (payer != RELIABLE) & (rng.random(n) < 0.5)
    buckets[0] = np.where(behind, fee, 0)
    # a small stock already suspended for old debt when the window opens
    suspended = (kind == 0) & (payer == DELINQUENT) & (rng.random(n) < 0.15)
    buckets[3] = np.where(suspended, 3 * fee, 0)
    status[suspended] = SUSPENDED
    status_since[suspended] = int(starts[0]) - rng.integers(1, 80, n)[suspended]
    suspended_for = np.where(suspended, rng.integers(0, 3, n), 0).astype(np.int32)

    adds = np.zeros((len(batch_grids), months), dtype=np.int64)
    comp_sub: list[np.ndarray] = []
    comp_month: list[np.ndarray] = []
    line_names = pa.array(list(LINES), pa.string())
    status_names = pa.array(list(schema.SUBSCRIPTION_STATUSES), pa.string())
    orig = batch.sub_winback_of
    gap = batch.sub_winback_gap

    for t in range(months):
        d0 = int(starts[t])
        mlen = int(lengths[t])
        season = float(churn.SEASON_CHURN[cal[t] - 1])

        # 1. new subscriptions of the month
        pending = status == PENDING
        due = pending & (kind == 1) & (start_month == t)
        wb = pending & (kind == 2)
        if wb.any():
            o_end = np.where(orig >= 0, end_month[np.maximum(orig, 0)], -1)
            wb_due = wb & (((o_end >= 0) & (t >= o_end + gap)) | (start_month == t))
            start_day = np.where(wb_due, d0 + np.minimum(batch.sub_start_day, mlen - 1), start_day)
            start_month = np.where(wb_due, t, start_month)
            has_c = contract_end != NO_CONTRACT
            contract_end = np.where(wb_due & has_c, start_day + batch.sub_term_days, contract_end)
            fake_end = np.where(wb_due, t + 4, fake_end)
            due |= wb_due
        status[due] = ACTIVE
        status_since[due] = start_day[due]
        new_now = due
        np.add.at(adds[:, t], grid_pos[due], 1)

        exists = (status != PENDING) & ((end_month < 0) | (end_month == t))
        active = (status == ACTIVE) & (end_month < 0)
        settled = active & ~new_now  # subject to churn this month
        fake_silent = fake & (status != PENDING) & (start_month < t)

        # 2. churn hazard on observable drivers plus hidden ones
        recent_mean = (hist[1] + hist[2] + hist[3]) / 3.0
        usage_drop = (hist[0] < 0.7 * recent_mean).astype(float)
        contract_ending = ((contract_end >= d0) & (contract_end < d0 + 61)).astype(float)
        contract_lapsed = ((contract_end < d0) & (contract_end >= d0 - 183)).astype(float)
        comp3 = (comp_hist[0] + comp_hist[1] + comp_hist[2]).astype(float)
        old_debt = ((buckets[1] + buckets[2] + buckets[3]) > 0).astype(float)
        new_user = ((d0 - start_day) < 183).astype(float)
        extra_season = np.where(campus & (line == 0) & np.isin(cal[t], (6, 7)), 1.2, 0.0)
        logit = (
            churn.churn_logit(
                contract_ending=contract_ending,
                contract_lapsed=contract_lapsed,
                usage_drop=usage_drop,
                complaints_3m=comp3,
                arrears=old_debt,
                new_user=new_user,
                leaving=leaving.astype(float),
                latent=latent,
                grid_effect=grid_effect,
                season=season,
            )
            + extra_season
        )
        churned = settled & ~fake & (rng.random(n) < churn.hazard(logit))
        churn_day = d0 + (rng.random(n) * mlen).astype(np.int32)
        cancelled = rng.random(n) < 0.4
        # fake adds are closed quietly a few months later
        fake_close = fake_silent & (status == ACTIVE) & (t >= fake_end)
        fake_close &= end_month < 0

        # 3. usage and complaints
        trend = 1.0 + 0.08 * growth * (t / 12.0)
        decay = np.where(leaving, 0.55 + 0.2 * rng.random(n), 1.0)
        usage_f = (
            level * churn.SEASON_USAGE[cal[t] - 1] * trend * decay * rng.lognormal(0.0, 0.22, n)
        )
        level = np.where(leaving, level * 0.8, level)
        usage_f = np.where(new_now, usage_f * (d0 + mlen - start_day) / mlen, usage_f)
        usage_f = np.where(churned, usage_f * (churn_day - d0) / mlen, usage_f)
        usage_f = np.where((status == SUSPENDED) | fake_silent | ~exists, 0.0, usage_f)
        usage = np.rint(usage_f).astype(np.int64)
        usage = np.where(new_now & exists, np.maximum(usage, 1), usage)
        lam = complaint_rate * (1 + 3.0 * leaving) * (1 + 1.5 * old_debt)
        complaints = np.where(exists & ~fake_silent, rng.poisson(lam), 0)

        # 4. bills in integer cents
        ratio = np.where(level > 0, usage_f / np.maximum(level, 1e-9), 0.0)
        permille = np.clip(np.rint((ratio - 1.0) * 250), 0, 500).astype(np.int64)
        permille = np.where((line == 0) | (line == 1), permille, 0)
        billed = fee + fee * permille // 1000
        billed = np.where(new_now, fee * (d0 + mlen - start_day) // mlen, billed)
        billed = np.where(churned, fee * (churn_day - d0) // mlen, billed)
        billed = np.where(active & ~fake_silent, billed, 0)
        billed = np.where(new_now, np.maximum(billed, 1), billed)

        # 5. payments, oldest debt first
        buckets = [billed, buckets[0], buckets[1], buckets[2] + buckets[3]]
        owed = buckets[0] + buckets[1] + buckets[2] + buckets[3]
        r = rng.random(n)
        pay_all = np.select(
            [payer == RELIABLE, payer == LATE, payer == DELINQUENT],
            [r < 0.985, r < 0.25, r < 0.4],
        )
        pay = np.where(pay_all, owed, 0)
        pay = np.where((payer == LATE) & ~pay_all & (r < 0.95), owed - buckets[0], pay)
        susp = status == SUSPENDED
        pay = np.where(susp, np.where(r < 0.25, owed, 0), pay)
        pay = np.where(churned, np.where(r < 0.6, owed, 0), pay)
        pay = np.where(new_now & fake, owed, pay)
        pay = np.where(exists, pay, 0)
        left = pay.copy()
        for i in (3, 2, 1, 0):
            x = np.minimum(buckets[i], left)
            buckets[i] = buckets[i] - x
            left -= x
        arrears = buckets[0] + buckets[1] + buckets[2] + buckets[3]

        # 6. status changes
        day = d0 + (rng.random(n) * mlen).astype(np.int32)
        reactivated = susp & (pay > 0) & (arrears == 0)
        suspended_for = np.where(susp & ~reactivated, suspended_for + 1, 0)
        written_off = susp & ~reactivated & (suspended_for >= 3)
        to_suspend = settled & ~churned & ~fake & (buckets[3] > 0)
        status[reactivated] = ACTIVE
        status_since[reactivated] = day[reactivated]
        status[to_suspend] = SUSPENDED
        status_since[to_suspend] = day[to_suspend]
        ended_c = (churned & cancelled) | written_off | fake_close
        ended_d = churned & ~cancelled
        status[ended_c] = CANCELLED
        status[ended_d] = DISCONNECTED
        ended = ended_c | ended_d
        end_day = np.where(ended, np.where(churned, churn_day, day), end_day)
        status_since[ended] = end_day[ended]
        end_month[ended] = t

        # 7. contracts renew or lapse; customers drift towards or away from leaving
        renewing = active & ~ended & (contract_end >= d0) & (contract_end < d0 + mlen)
        renewed = renewing & (rng.random(n) < 0.55)
        contract_end = np.where(renewed, contract_end + batch.sub_term_days, contract_end)
        p_leave = 0.008 * np.exp(
            0.7 * complaints + 0.6 * contract_ending + 0.4 * grid_effect + 0.3 * latent
        )
        leaving = np.where(
            active & ~leaving, rng.random(n) < p_leave, leaving & (rng.random(n) > 0.08)
        )

        # 8. the month's rows
        rows = np.flatnonzero(exists)
        if len(rows):
            emit(
                t,
                pa.table(
                    {
                        "month": pa.array(np.full(len(rows), d0, dtype=np.int32), pa.int32()).cast(
                            pa.date32()
                        ),
                        "subscription_id": pa.array(sub_ids[rows]),
                        "customer_id": pa.array(batch.sub_customer[rows]),
                        "product_line": line_names.take(pa.array(line[rows])),
                        "status": status_names.take(pa.array(status[rows])),
                        "status_since": pa.array(status_since[rows], pa.int32()).cast(pa.date32()),
                        "start_date": pa.array(start_day[rows], pa.int32()).cast(pa.date32()),
                        "billed_cents": pa.array(billed[rows]),
                        "paid_cents": pa.array(pay[rows]),
                        "arrears_cents": pa.array(arrears[rows]),
                        "arrears_over_90_cents": pa.array(buckets[3][rows]),
                        "usage": pa.array(usage[rows]),
                        "complaints": pa.array(complaints[rows].astype(np.int32)),
                    },
                    schema=schema.SUBSCRIPTION_MONTH,
                ),
            )
        with_c = np.flatnonzero(complaints > 0)
        comp_sub.append(np.repeat(with_c, complaints[with_c]))
        comp_month.append(np.full(int(complaints[with_c].sum()), t, dtype=np.int32))
        hist = [np.where(exists, usage_f, hist[0]), hist[0], hist[1], hist[2]]
        comp_hist = [complaints, comp_hist[0], comp_hist[1]]

    return BatchResult(
        status=status,
        start_day=start_day,
        end_day=end_day,
        contract_end=contract_end,
        adds=adds,
        complaint_sub=np.concatenate(comp_sub) if comp_sub else np.zeros(0, np.int64),
        complaint_month=np.concatenate(comp_month) if comp_month else np.zeros(0, np.int32),
    )


def complaints_table(
    rng: np.random.Generator,
    plan: CityPlan,
    batch: Batch,
    sub_ids: np.ndarray,
    result: BatchResult,
    first_id: int,
) -> pa.Table:
    """Complaint tickets matching the monthly counts, with deadlines and some left overdue."""
    starts = plan.window.start_days()
    lengths = plan.window.lengths()
    window_end = int(starts[-1]) - 1
    k = len(result.complaint_sub)
    m = result.complaint_month
    opened = starts[m] + (rng.random(k) * lengths[m]).astype(np.int32)
    category = rng.choice(len(COMPLAINT_CATEGORIES), size=k, p=[0.3, 0.25, 0.2, 0.15, 0.1])
    due = opened + np.array([3, 3, 7, 3, 7])[category]
    r = rng.random(k)
    resolved = np.where(
        r < 0.85,
        opened + (rng.random(k) * (due - opened + 1)).astype(np.int32),
        due + rng.integers(1, 25, k),
    )
    still_open = (resolved > window_end) | (rng.random(k) < 0.02)
    order = np.lexsort((result.complaint_sub, opened))
    slot = result.complaint_sub[order]
    return pa.table(
        {
            "complaint_id": pa.array(np.arange(first_id, first_id + k, dtype=np.int64)),
            "customer_id": pa.array(batch.sub_customer[slot]),
            "subscription_id": pa.array(sub_ids[slot]),
            "opened_at": pa.array(opened[order].astype(np.int32)).cast(pa.date32()),
            "due_at": pa.array(due[order].astype(np.int32)).cast(pa.date32()),
            "resolved_at": pa.array(resolved[order].astype(np.int32), mask=still_open[order]).cast(
                pa.date32()
            ),
            "category": pa.array(list(COMPLAINT_CATEGORIES), pa.string()).take(
                pa.array(category[order])
            ),
        },
        schema=schema.COMPLAINT,
    )
