"""Business-registry extracts (工商登记) that only approximately match our customer records.

A registry entry carries the company's official name and registered address,
while the customer record holds what a salesperson typed: city prefixes dropped
or added, 有限责任公司 for 有限公司, the city in brackets, another door number, a
floor and room appended, and in a share of records the owner's ID card or a
mistyped credit code instead of the right one. Some entries are prospects with
no customer at all, many of them freshly registered. The answer key is written
beside it so matching can be scored.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from wangge.core import schema
from wangge.core.demo import names
from wangge.core.demo.city import CityPlan
from wangge.core.demo.population import Batch
from wangge.core.demo.timeline import to_days

MATCHED_SHARE = 0.75
PROSPECT_RATIO = 0.3


def registry_tables(
    rng: np.random.Generator, plan: CityPlan, batch: Batch, batch_grids: np.ndarray, first_id: int
) -> tuple[pa.Table, pa.Table]:
    """(registry, registry_truth) rows for the business customers and prospects of one batch."""
    biz = np.flatnonzero(batch.business)
    matched = biz[rng.random(len(biz)) < MATCHED_SHARE]
    n_m = len(matched)
    n_p = round(n_m * PROSPECT_RATIO) if n_m else 0
    n = n_m + n_p
    cust = batch.customers

    # prospects live at business places of the same grids
    p_grid = batch_grids[rng.integers(0, len(batch_grids), n_p)]
    p_place = np.empty(n_p, dtype=np.int64)
    for gi in np.unique(p_grid):
        places = plan.places_of(int(gi))
        w = plan.place_enterprises[places] + 1.0
        sel = np.flatnonzero(p_grid == gi)
        p_place[sel] = places[rng.choice(len(places), size=len(sel), p=w / w.sum())]

    m_place = cust.column("place_id").to_numpy()[matched] - 1
    place = np.concatenate([m_place, p_place])
    grid = np.concatenate([batch.customer_grid_local[matched], p_grid])
    district = plan.grids.district[grid]
    brand = np.concatenate([batch.brand[matched], rng.integers(0, len(names.BRANDS), n_p)])
    trade = np.concatenate([batch.trade[matched], rng.integers(0, len(names.TRADES), n_p)])
    region = np.array([d.adcode for d in plan.districts], dtype=np.int64)[district]
    credit = pa.concat_arrays(
        [batch.credit_code.take(pa.array(matched)), names.credit_codes(rng, n_p, region[n_m:])]
    )

    city = names.take([d.city_name.removesuffix("市") for d in plan.districts], district)
    b = names.take(names.BRANDS, brand)
    tr = names.take(names.TRADES, trade)
    u = rng.random(n)
    name = pc.if_else(
        names.mask(u < 0.55),
        names.join(city, b, tr, "有限公司"),
        pc.if_else(
            names.mask(u < 0.7),
            names.join(city, "市", b, tr, "有限公司"),
            pc.if_else(
                names.mask(u < 0.85),
                names.join(b, "（", city, "）", tr, "有限公司"),
                names.join(city, b, tr, "有限责任公司"),
            ),
        ),
    )
    number = plan.place_number[place] + np.where(rng.random(n) < 0.15, rng.integers(1, 4, n), 0)
    v = rng.random(n)
    address = names.join(
        names.take([d.city_name for d in plan.districts], district),
        names.take([d.name for d in plan.districts], district),
        pa.array(plan.place_road, pa.string()).take(pa.array(place)),
        names.digits(number),
        pc.if_else(names.mask(v < 0.2), pa.scalar("号院"), pa.scalar("号")),
        pc.if_else(
            names.mask(v > 0.5),
            pa.array(plan.place_name, pa.string()).take(pa.array(place)),
            pa.scalar(""),
        ),
    )
    industry_idx = np.array(names.TRADE_INDUSTRY)[trade]
    industry = names.take(names.INDUSTRIES, industry_idx)
    m_industry = cust.column("industry").combine_chunks().take(pa.array(matched))
    industry = pa.concat_arrays([m_industry, industry.slice(n_m)])

    end = to_days(plan.window.end_month)
    first = int(plan.window.start_days()[0])
    registered = rng.integers(end - 25 * 365, first, n)
    fresh = (np.arange(n) >= n_m) & (rng.random(n) < 0.4)
    registered = np.where(fresh, rng.integers(first, end + 28, n), registered).astype(np.int32)
    capital = (
        rng.choice([10, 50, 100, 200, 500, 1_000, 3_000, 5_000], size=n) * 1_000_000
    )  # 万元 → cents
    phone_same = rng.random(n) < 0.5
    phone = pc.if_else(
        names.mask(np.concatenate([phone_same[:n_m], np.zeros(n_p, bool)])),
        pa.concat_arrays(
            [
                cust.column("phone").combine_chunks().take(pa.array(matched)),
                pa.nulls(n_p, pa.string()),
            ]
        ),
        names.digits(names.phone_numbers(rng, n)),
    )

    order = rng.permutation(n)
    ids = np.arange(first_id, first_id + n, dtype=np.int64)
    take = pa.array(order)
    registry = pa.table(
        {
            "registry_id": pa.array(ids),
            "credit_code": credit.take(take),
            "name": name.take(take),
            "address": address.take(take),
            "industry": industry.take(take),
            "registered_on": pa.array(registered[order]).cast(pa.date32()),
            "capital_cents": pa.array(capital[order].astype(np.int64)),
            "legal_person": names.person_names_array(rng, n),
            "phone": phone.take(take),
        },
        schema=schema.REGISTRY,
    )
    customer_of = np.concatenate(
        [cust.column("customer_id").to_numpy()[matched], np.zeros(n_p, np.int64)]
    )
    truth = pa.table(
        {
            "registry_id": pa.array(ids),
            "customer_id": pa.array(customer_of[order], mask=order >= n_m),
        },
        schema=schema.REGISTRY_TRUTH,
    )
    return registry, truth
