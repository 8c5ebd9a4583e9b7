"""Registries with known true links, from the demo city, and a harder variant.

The demo generator already writes a registry beside its customers
(``wangge.core.demo.registry``): official names and addresses against what a
salesperson typed. ``demo_registry`` builds the same tables without the
monthly simulation, so a matching test or benchmark gets its data in seconds.
``harden`` then makes the registry worse the way real extracts are worse:
typos, traditional characters, branch suffixes, abbreviated addresses and
missing credit codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import zhconv

from wangge.core.demo.city import build_city
from wangge.core.demo.population import build_batch, plan_counts
from wangge.core.demo.registry import registry_tables
from wangge.core.demo.timeline import Window

TRUTH = "true_customer_code"


@dataclass(frozen=True)
class Sample:
    customers: pa.Table  # business customers: code, name, id_number, address, phone, ...
    registry: pa.Table  # registry kind columns plus registry_id and TRUTH (null: prospect)


def demo_registry(
    scale: float = 0.05, seed: int = 20261, max_customers: int | None = None
) -> Sample:
    """The demo city's business customers and registry, with the true customer code per entry.

    ``max_customers`` keeps the first so many business customers; registry
    entries of the others stay in as entries with no customer (their truth
    becomes null), as a registry holds many companies that are not ours.
    """
    plan = build_city(np.random.default_rng([seed, 1]), Window(date(2026, 11, 1), 2), scale)
    counts = plan_counts(plan, scale)
    customers: list[pa.Table] = []
    registries: list[pa.Table] = []
    truths: list[pa.Table] = []
    next_id = 1
    for b, grids in enumerate(counts.batches):
        batch = build_batch(np.random.default_rng([seed, 2, b]), plan, counts, grids)
        registry, truth = registry_tables(
            np.random.default_rng([seed, 5, b]), plan, batch, grids, next_id
        )
        next_id += registry.num_rows
        customers.append(batch.customers.filter(pa.array(batch.business)))
        registries.append(registry)
        truths.append(truth)
    cust = pa.concat_tables(customers)
    if max_customers is not None:
        cust = cust.slice(0, max_customers)
    reg = pa.concat_tables(registries)
    truth = pa.concat_tables(truths)
    code_of = dict(
        zip(cust.column("customer_id").to_pylist(), cust.column("code").to_pylist(), strict=True)
    )
    true_codes = [code_of.get(c) for c in truth.column("customer_id").to_pylist()]
    reg = reg.append_column(TRUTH, pa.array(true_codes, pa.string()))
    status = np.random.default_rng([seed, 7]).choice(
        ["存续", "在业", "迁出", "注销"], size=reg.num_rows, p=[0.7, 0.2, 0.05, 0.05]
    )
    reg = reg.append_column("status", pa.array(status))
    return Sample(cust, reg)


_CITY_DISTRICT = re.compile(r"^[\u4e00-\u9fff]{2,4}?市[\u4e00-\u9fff]{1,5}?[区县市]")
_TYPO = "鑫鈊恒衡华骅宇禹泉全润闰信讯远源桥乔丰峰盛胜通同川穿岳越湖壶"


def harden(registry: pa.Table, seed: int = 1) -> pa.Table:
    """A harder registry: each defect on a share of the entries, independently.

    * 12% of names get one character replaced by a look-alike (鑫 → 鈊);
    * 30% of names and addresses are written in traditional characters;
    * 10% of names become a branch (……有限公司济南分公司 or （分公司）);
    * 30% of addresses lose the city and district (经四路290号);
    * 25% of credit codes are missing.
    """
    rng = np.random.default_rng([seed, 11])
    n = registry.num_rows
    names = registry.column("name").to_pylist()
    addresses = registry.column("address").to_pylist()
    credit = registry.column("credit_code").to_pylist()
    typo = rng.random(n) < 0.12
    trad = rng.random(n) < 0.30
    branch = rng.random(n) < 0.10
    short = rng.random(n) < 0.30
    no_code = rng.random(n) < 0.25
    pos = rng.random(n)
    pick = rng.integers(0, len(_TYPO), n)
    pairs = dict(zip(_TYPO[::2], _TYPO[1::2], strict=True))
    for i in range(n):
        name = names[i]
        if typo[i]:
            at = [k for k, ch in enumerate(name) if ch in pairs]
            if at:
                k = at[int(pos[i] * len(at))]
                name = name[:k] + pairs[name[k]] + name[k + 1 :]
            else:
                k = int(pos[i] * (len(name) - 4))
                name = name[:k] + _TYPO[pick[i]] + name[k + 1 :]
        if branch[i]:
            name = name + ("济南分公司" if pos[i] < 0.5 else "（分公司）")
        address = addresses[i]
        if short[i]:
            m = _CITY_DISTRICT.match(address)
            address = address[m.end() :] if m else address
        if trad[i]:
            name = zhconv.convert(name, "zh-hant")
            address = zhconv.convert(address, "zh-hant")
        names[i] = name
        addresses[i] = address
        if no_code[i]:
            credit[i] = None
    out = registry
    for col, values in (("name", names), ("address", addresses), ("credit_code", credit)):
        out = out.set_column(out.schema.get_field_index(col), col, pa.array(values, pa.string()))
    return out


def truth_pairs(registry: pa.Table) -> set[tuple[int, str]]:
    """The (registry_id, customer code) pairs that are true links."""
    linked = registry.filter(pc.is_valid(registry.column(TRUTH)))
    return set(
        zip(linked.column("registry_id").to_pylist(), linked.column(TRUTH).to_pylist(), strict=True)
    )
