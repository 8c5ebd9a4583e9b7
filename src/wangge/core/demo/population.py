"""Customers and subscription slots, one batch of grids at a time.

Counts are fixed up front (``plan_counts``) so that the totals promised for a
scale hold exactly and every batch knows its id ranges before it is generated;
the rows themselves are drawn per batch with a generator seeded by (seed, batch),
which keeps the output identical however the batches are scheduled.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from wangge.core import schema
from wangge.core.demo import names
from wangge.core.demo.alloc import allocate, int_weights
from wangge.core.demo.churn import SEASON_ADDS
from wangge.core.demo.city import CityPlan
from wangge.core.demo.timeline import to_days

BASE_CUSTOMERS = 200_000
BASE_SUBSCRIPTIONS = 300_000
BATCH_SUBSCRIPTIONS = 500_000

LINES = schema.PRODUCT_LINES
# Line mix by customer kind (individual, household, business), in PRODUCT_LINES order.
LINE_MIX = np.array(
    [
        [0.88, 0.07, 0.03, 0.02, 0.0],
        [0.34, 0.36, 0.10, 0.20, 0.0],
        [0.40, 0.30, 0.27, 0.0, 0.03],
    ]
)
# (product, monthly fee in cents, weight) per line.
PRODUCTS: dict[str, list[tuple[str, int, float]]] = {
    "mobile": [
        ("4G畅享套餐39元", 3_900, 0.24),
        ("5G畅享套餐59元", 5_900, 0.22),
        ("5G畅享套餐129元", 12_900, 0.22),
        ("5G畅享套餐199元", 19_900, 0.07),
        ("融合套餐169元", 16_900, 0.17),
        ("校园卡19元", 1_900, 0.08),
    ],
    "broadband": [
        ("宽带300M", 5_000, 0.4),
        ("融合宽带500M", 8_000, 0.35),
        ("千兆宽带", 10_000, 0.25),
    ],
    "fixed": [("固话基础月租", 1_500, 0.6), ("商务固话", 3_000, 0.4)],
    "iptv": [("IPTV基础包", 1_500, 0.7), ("IPTV 4K超清包", 3_000, 0.3)],
    "dataline": [
        ("互联网专线50M", 98_000, 0.45),
        ("互联网专线100M", 188_000, 0.3),
        ("数据专线20M", 128_000, 0.25),
    ],
}
PRODUCT_NAMES = [p for line in LINES for p, _, _ in PRODUCTS[line]]
PRODUCT_FEES = np.array([f for line in LINES for _, f, _ in PRODUCTS[line]], dtype=np.int64)
PRODUCT_LINE_OF = np.array([i for i, line in enumerate(LINES) for _ in PRODUCTS[line]])
CONTRACT_P = np.array([0.45, 0.75, 0.1, 0.3, 0.95])
# Customer kind mix by place kind (PLACE_KINDS order): individual, household, business.
KIND_MIX = np.array(
    [
        [0.35, 0.05, 0.60],  # building
        [0.15, 0.0, 0.85],  # park
        [0.25, 0.05, 0.70],  # cluster_market
        [0.45, 0.50, 0.05],  # community
        [0.35, 0.60, 0.05],  # village
        [0.90, 0.05, 0.05],  # campus
    ]
)
SUBS_WEIGHT = np.array([1, 3, 3], dtype=np.int64)  # extra subscriptions by customer kind


@dataclass(frozen=True)
class Counts:
    customers: np.ndarray  # per grid
    ours: np.ndarray
    subscriptions: np.ndarray
    batches: list[np.ndarray]  # grid indices of each batch

    def customer_offset(self) -> np.ndarray:
        return np.concatenate([[0], np.cumsum(self.customers)])


def plan_counts(
    plan: CityPlan, scale: float, batch_subscriptions: int = BATCH_SUBSCRIPTIONS
) -> Counts:
    """Fix how many customers, 'ours' customers and subscriptions each grid gets."""
    g = plan.grids
    n = len(g)
    total_customers = max(5 * n, round(BASE_CUSTOMERS * scale))
    weight = g.households + 6 * g.enterprises + g.population // 40 + 1
    customers = allocate(total_customers, int_weights(weight.astype(float)), minimum=3)
    ours = np.maximum(1, np.rint(customers * g.share).astype(np.int64))
    total_subs = max(int(ours.sum()), round(BASE_SUBSCRIPTIONS * scale))
    subs = ours + allocate(total_subs - int(ours.sum()), ours)
    batches: list[np.ndarray] = []
    start = 0
    acc = 0
    for i in range(n):
        acc += int(subs[i])
        if acc >= batch_subscriptions or i == n - 1:
            batches.append(np.arange(start, i + 1))
            start, acc = i + 1, 0
    return Counts(customers, ours, subs, batches)


@dataclass
class Batch:
    """One batch of grids: its customers (as an Arrow table) and its subscription slots."""

    customers: pa.Table
    customer_grid_local: np.ndarray  # index into plan.grids, per customer
    business: np.ndarray  # per customer, is a business
    brand: np.ndarray  # business name parts, for the registry
    trade: np.ndarray
    city_prefix: np.ndarray
    credit_code: pa.Array
    # subscription slots
    sub_customer: np.ndarray  # customer_id
    sub_grid: np.ndarray  # index into plan.grids
    sub_product: np.ndarray  # index into PRODUCT_NAMES
    sub_kind: np.ndarray  # 0 base, 1 new add, 2 win-back
    sub_start_month: np.ndarray  # window month index; -1 before the window; fallback for win-backs
    sub_start_day: np.ndarray  # days since epoch (base and new), day offset in month for win-backs
    sub_contract_end: np.ndarray  # days, or NO_CONTRACT
    sub_term_days: np.ndarray
    sub_winback_of: np.ndarray  # slot index of the original, -1
    sub_winback_gap: np.ndarray
    sub_fake: np.ndarray
    sub_channel: np.ndarray  # 0 = null
    sub_seller: np.ndarray  # 0 = null


NO_CONTRACT = np.int32(2**31 - 1)


def build_batch(
    rng: np.random.Generator, plan: CityPlan, counts: Counts, grids: np.ndarray
) -> Batch:
    """Customers at the places of ``grids`` and the subscription slots of the 'ours' among them."""
    g = plan.grids
    window = plan.window
    offsets = counts.customer_offset()
    first_id = int(offsets[grids[0]]) + 1
    n_cust = int(counts.customers[grids].sum())
    cust_ids = np.arange(first_id, first_id + n_cust, dtype=np.int64)

    # places and kinds
    cust_grid = np.repeat(grids, counts.customers[grids])
    cust_place = np.empty(n_cust, dtype=np.int64)
    ownership = np.empty(n_cust, dtype=np.int64)
    pos = 0
    for gi in grids:
        k = int(counts.customers[gi])
        places = plan.places_of(int(gi))
        w = plan.place_households[places] + 3 * plan.place_enterprises[places] + 20
        w = w + 400 * (plan.place_kind[places] == schema.PLACE_KINDS.index("campus"))
        cust_place[pos : pos + k] = places[rng.choice(len(places), size=k, p=w / w.sum())]
        ours = int(counts.ours[gi])
        competitor = round((k - ours) * 0.72)
        own = np.array([0] * ours + [1] * competitor + [2] * (k - ours - competitor))
        ownership[pos : pos + k] = rng.permutation(own)
        pos += k
    mix = np.cumsum(KIND_MIX[plan.place_kind[cust_place]], axis=1)
    kind = (rng.random(n_cust)[:, None] > mix[:, :-1]).sum(axis=1)
    business = kind == 2

    # names, numbers, addresses
    district = g.district[cust_grid]
    city_short = [d.city_name.removesuffix("市") for d in plan.districts]
    region = np.array([d.adcode for d in plan.districts], dtype=np.int64)[district]
    brand = rng.integers(0, len(names.BRANDS), n_cust)
    trade = rng.integers(0, len(names.TRADES), n_cust)
    city_prefix = rng.random(n_cust) < 0.7
    city_col = names.take(city_short, district)
    company = names.join(
        pc.if_else(names.mask(city_prefix), city_col, pa.scalar("")),
        names.take(names.BRANDS, brand),
        names.take(names.TRADES, trade),
        "有限公司",
    )
    person = names.person_names_array(rng, n_cust)
    cust_name = pc.if_else(names.mask(business), company, person)
    today = to_days(window.end_month)
    id_card = names.id_numbers(rng, n_cust, region, today - 80 * 365, today - 18 * 365)
    credit_chars = names.credit_code_chars(rng, n_cust, region)
    credit = names.chars_to_strings(credit_chars)
    typo = _mistype(credit_chars, rng.integers(8, 17, n_cust), rng.integers(0, 10, n_cust))
    which = rng.random(n_cust)
    business_id = pc.if_else(
        names.mask(which < 0.55), credit, pc.if_else(names.mask(which < 0.7), typo, id_card)
    )
    id_number = pc.if_else(names.mask(business), business_id, id_card)
    industry_idx = np.array(names.TRADE_INDUSTRY)[trade]
    gov = np.array([t == "gov_enterprise" for t in g.grid_type])[cust_grid]
    industry_idx = np.where(
        gov & (rng.random(n_cust) < 0.3), names.INDUSTRIES.index("公共管理"), industry_idx
    )
    industry = pc.if_else(
        names.mask(business),
        names.take(names.INDUSTRIES, industry_idx),
        pa.nulls(n_cust, pa.string()),
    )

    district_names = [d.name for d in plan.districts]
    place_names = pa.array(plan.place_name, pa.string())
    place_roads = pa.array(plan.place_road, pa.string())
    detail_home = names.join(
        names.digits(rng.integers(1, 30, n_cust)), "号楼",
        names.digits(rng.integers(1, 7, n_cust)), "单元",
        names.digits(rng.integers(1, 33, n_cust) * 100 + rng.integers(1, 5, n_cust)),
    )  # fmt: skip
    detail_office = names.join(
        names.digits(rng.integers(1, 25, n_cust)),
        "层",
        names.digits(rng.integers(1, 40, n_cust)),
        "室",
    )
    in_village = plan.place_kind[cust_place] == schema.PLACE_KINDS.index("village")
    detail_village = names.join(names.digits(rng.integers(1, 300, n_cust)), "号")
    address = names.join(
        names.take([d.city_name for d in plan.districts], district),
        names.take(district_names, district),
        place_roads.take(pa.array(cust_place)),
        names.digits(plan.place_number[cust_place]),
        "号",
        place_names.take(pa.array(cust_place)),
        pc.if_else(
            names.mask(business),
            detail_office,
            pc.if_else(names.mask(in_village), detail_village, detail_home),
        ),
    )
    phone = names.digits(names.phone_numbers(rng, n_cust))
    customers = pa.table(
        {
            "customer_id": pa.array(cust_ids),
            "code": names.join("C", pc.utf8_lpad(names.digits(cust_ids), 9, "0")),
            "name": cust_name,
            "kind": names.take(schema.CUSTOMER_KINDS, kind),
            "ownership": names.take(schema.OWNERSHIPS, ownership),
            "place_id": pa.array(plan.place_id[cust_place]),
            "phone": phone,
            "id_number": id_number,
            "industry": industry,
            "address": address,
        },
        schema=schema.CUSTOMER,
    )

    # subscription slots
    ours_idx = np.flatnonzero(ownership == 0)
    per_customer = np.zeros(n_cust, dtype=np.int64)
    per_customer[ours_idx] = 1
    for gi in grids:
        lo, hi = np.searchsorted(cust_grid[ours_idx], [gi, gi + 1])
        members = ours_idx[lo:hi]
        extra = int(counts.subscriptions[gi] - counts.ours[gi])
        if extra:
            w = SUBS_WEIGHT[kind[members]].astype(float)
            per_customer += np.bincount(
                members[rng.choice(len(members), size=extra, p=w / w.sum())], minlength=n_cust
            )
    sub_cust_idx = np.repeat(np.arange(n_cust), per_customer)
    n_sub = len(sub_cust_idx)
    first_of_customer = np.concatenate([[True], sub_cust_idx[1:] != sub_cust_idx[:-1]])
    sub_grid = cust_grid[sub_cust_idx]
    line_cum = np.cumsum(LINE_MIX[kind[sub_cust_idx]], axis=1)
    line = (rng.random(n_sub)[:, None] > line_cum[:, :-1]).sum(axis=1)
    product = _pick_product(rng, line, np.array([t == "campus" for t in g.grid_type])[sub_grid])

    months = window.months
    starts = window.start_days()
    growth = g.growth[sub_grid]
    new_share = np.clip(months * 0.011 * (1 + 1.6 * growth), 0.01, 0.6)
    u = rng.random(n_sub)
    sub_kind = np.where(u < new_share, 1, 0)
    winback = (~first_of_customer) & (rng.random(n_sub) < 0.012 * months / 24)
    sub_kind[winback] = 2

    # start month of new adds: seasonal, tilted by the grid's trend
    season = SEASON_ADDS[window.calendar_months() - 1]
    t = np.arange(months)
    tilt = (1 + growth[:, None]) ** (t[None, :] / 12.0)
    prob = season[None, :] * tilt
    cdf = np.cumsum(prob, axis=1)
    cdf /= cdf[:, -1:]
    start_month = np.minimum((rng.random(n_sub)[:, None] > cdf).sum(axis=1), months - 1)
    lengths = window.lengths()
    day_in_month = (rng.random(n_sub) * lengths[start_month]).astype(np.int32)
    tenure = np.minimum(rng.exponential(4 * 365, n_sub), 16 * 365).astype(np.int32) + 1
    start_day = np.where(
        sub_kind == 1, starts[start_month] + day_in_month, starts[0] - tenure
    ).astype(np.int32)
    start_day = np.where(sub_kind == 2, day_in_month, start_day).astype(np.int32)
    start_month = np.where(sub_kind == 0, -1, start_month)

    # the original of a win-back: another subscription of the same customer, not itself a win-back
    winback_of = np.full(n_sub, -1, dtype=np.int64)
    wb = np.flatnonzero(sub_kind == 2)
    cust_first = np.flatnonzero(first_of_customer)[
        np.searchsorted(np.flatnonzero(first_of_customer), wb, side="right") - 1
    ]
    winback_of[wb] = cust_first
    product[wb] = product[cust_first]
    line = PRODUCT_LINE_OF[product]
    gap = rng.integers(1, 5, n_sub)

    has_contract = rng.random(n_sub) < CONTRACT_P[line]
    term = np.where((line == 0) & (rng.random(n_sub) < 0.4), 730, 365)
    term = np.where(line == 4, np.where(rng.random(n_sub) < 0.5, 1095, 365), term).astype(np.int32)
    base_ce = starts[0] + rng.integers(-180, 1, n_sub) + (rng.random(n_sub) * term).astype(np.int32)
    contract_end = np.where(sub_kind == 0, base_ce, start_day + term)
    contract_end = np.where(has_contract, contract_end, NO_CONTRACT).astype(np.int32)

    fake_grid = g.fake[sub_grid]
    fake = (sub_kind == 1) & np.where(
        fake_grid, rng.random(n_sub) < 0.45, rng.random(n_sub) < 0.015
    )

    # who sold it
    district = g.district[sub_grid]
    channel = np.zeros(n_sub, dtype=np.int64)
    seller = np.zeros(n_sub, dtype=np.int64)
    recent = sub_kind != 0
    with_channel = rng.random(n_sub) < np.where(recent, 0.6, 0.45)
    with_seller = rng.random(n_sub) < np.where(recent, 0.95, 0.25)
    for d in np.unique(district):
        ch = plan.districts[int(d)].channel_ids
        sel = np.flatnonzero(district == d)
        channel[sel] = ch[rng.integers(0, len(ch), len(sel))]
    channel = np.where(with_channel, channel, 0)
    lo = plan.front_ptr[sub_grid]
    hi = plan.front_ptr[sub_grid + 1]
    seller = np.where(
        with_seller, plan.front_ids[lo + (rng.random(n_sub) * (hi - lo)).astype(np.int64)], 0
    )
    fake_sold = fake & fake_grid
    channel = np.where(
        fake_sold, np.array([d.agent_channel for d in plan.districts])[district], channel
    )
    seller = np.where(fake_sold, plan.culprit[sub_grid], seller)

    return Batch(
        customers=customers,
        customer_grid_local=cust_grid,
        business=business,
        brand=brand,
        trade=trade,
        city_prefix=city_prefix,
        credit_code=credit,
        sub_customer=cust_ids[sub_cust_idx],
        sub_grid=sub_grid,
        sub_product=product,
        sub_kind=sub_kind.astype(np.int8),
        sub_start_month=start_month.astype(np.int32),
        sub_start_day=start_day,
        sub_contract_end=contract_end,
        sub_term_days=term,
        sub_winback_of=winback_of,
        sub_winback_gap=gap.astype(np.int32),
        sub_fake=fake,
        sub_channel=channel,
        sub_seller=seller,
    )


def _pick_product(rng: np.random.Generator, line: np.ndarray, campus: np.ndarray) -> np.ndarray:
    out = np.empty(len(line), dtype=np.int64)
    first = 0
    for li, name in enumerate(LINES):
        products = PRODUCTS[name]
        sel = np.flatnonzero(line == li)
        w = np.array([p[2] for p in products])
        cdf = np.cumsum(w / w.sum())
        pick = (rng.random(len(sel))[:, None] > cdf[:-1]).sum(axis=1)
        if name == "mobile":
            student = campus[sel] & (rng.random(len(sel)) < 0.5)
            pick = np.where(student, len(products) - 1, pick)
        out[sel] = first + pick
        first += len(products)
    return out


def _mistype(chars: np.ndarray, position: np.ndarray, digit: np.ndarray) -> pa.Array:
    """One mistyped character per code, as a clerk copying it by hand would make."""
    chars = chars.copy()
    rows = np.arange(len(chars))
    old = chars[rows, position]
    new = np.array(list("0123456789"))[digit]
    new = np.where(new == old, np.array(list("1234567890"))[digit], new)
    chars[rows, position] = new
    return names.chars_to_strings(chars)
