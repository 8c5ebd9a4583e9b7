"""A quick synthetic analytics store for benchmarks, following ``wangge.core.schema``.

The demo generator (``wangge.core.demo``) is the real source of demo data; this
writer exists so the analytics benchmarks can run at 3 M and 30 M subscriptions
without waiting for it, and so a province-sized store can be written in minutes
by DuckDB itself (every column is a hash of the row number, so the output is the
same for the same arguments).

    .venv/bin/python bench/analytics/synth.py /work/bench-data/city --subs 3000000
    .venv/bin/python bench/analytics/synth.py /work/bench-data/province --subs 30000000
"""

from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path

import duckdb

from wangge.core import schema
from wangge.core.months import add_months


def _cast_select(s: schema.pa.Schema) -> str:
    types = {
        "int64": "BIGINT",
        "int32": "INTEGER",
        "string": "VARCHAR",
        "date32[day]": "DATE",
        "bool": "BOOLEAN",
        "double": "DOUBLE",
    }
    return ", ".join(f"CAST({f.name} AS {types[str(f.type)]}) AS {f.name}" for f in s)


def generate(
    out: Path, subs: int, months: int = 13, end_month: date = date(2026, 10, 1), seed: int = 7
) -> None:
    """Write dims and ``months`` monthly fact directories ending at ``end_month``."""
    out = Path(out)
    (out / "dims").mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    grids = max(4, subs // 2000)
    centers = max(2, grids // 75)
    cities = max(1, subs // 3_000_000)
    customers = int(subs * 0.7)
    first = add_months(end_month, -(months - 1))
    mid = add_months(end_month, -(months // 2))
    window_days = (add_months(end_month, 1) - first).days

    def h(expr: str, salt: int) -> str:
        return f"(hash({expr}, {seed * 1000 + salt}) % 1000000)::BIGINT"

    def copy(select: str, target: Path, s: schema.pa.Schema) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        con.execute(
            f"COPY (SELECT {_cast_select(s)} FROM ({select})) TO '{target}' "
            "(FORMAT parquet, COMPRESSION zstd)"
        )

    # units: cities 1..C, centers C+1..C+K, grids C+K+1..C+K+G
    c0, k0 = cities, cities + centers
    copy(
        f"""
        SELECT i AS unit_id, 'U' || i AS code, 'unit ' || i AS name,
          CASE WHEN i <= {c0} THEN 'city' WHEN i <= {k0} THEN 'center' ELSE 'grid' END AS kind,
          CASE WHEN i > {k0} THEN CASE WHEN i % 3 = 0 THEN 'B' ELSE 'A' END END AS grid_class,
          CASE WHEN i > {k0} THEN 'residential' END AS grid_type,
          i % 3 <> 0 AS urban, 0.0 AS lon, 0.0 AS lat, NULL AS boundary,
          CASE WHEN i > {k0} THEN 300 + {h("i", 1)} % 900 END AS households,
          CASE WHEN i > {k0} THEN 1000 + {h("i", 2)} % 3000 END AS population,
          CASE WHEN i > {k0} THEN {h("i", 3)} % 80 END AS enterprises
        FROM range(1, {k0 + grids + 1}) t(i)""",
        out / "dims/unit.parquet",
        schema.UNIT,
    )
    # links: centers -> city; grids -> center; 2 % of grids move centers at ``mid``
    copy(
        f"""
        SELECT i AS unit_id, 1 + (i - {c0} - 1) % {c0} AS parent_id,
               DATE '2020-01-01' AS valid_from, NULL AS valid_to
        FROM range({c0 + 1}, {k0 + 1}) t(i)
        UNION ALL
        SELECT i, {c0} + 1 + (i - {k0} - 1) % {centers}, DATE '2020-01-01',
               CASE WHEN i % 50 = 7 THEN DATE '{mid}' END
        FROM range({k0 + 1}, {k0 + grids + 1}) t(i)
        UNION ALL
        SELECT i, {c0} + 1 + (i - {k0}) % {centers}, DATE '{mid}', NULL
        FROM range({k0 + 1}, {k0 + grids + 1}) t(i) WHERE i % 50 = 7""",
        out / "dims/unit_link.parquet",
        schema.UNIT_LINK,
    )
    copy(
        f"""
        SELECT i AS person_id, 'S' || i AS staff_no, 'person ' || i AS name,
          CASE WHEN i <= {centers} THEN 'center_director'
               WHEN i % 3 = 0 THEN 'grid_manager' WHEN i % 3 = 1 THEN 'community_manager'
               ELSE 'business_manager' END AS post,
          'junior' AS level, NULL AS phone, NULL AS id_number, DATE '2020-01-01' AS hired_on
        FROM range(1, {centers + 3 * grids + 1}) t(i)""",
        out / "dims/person.parquet",
        schema.PERSON,
    )
    copy(
        f"""
        SELECT i AS person_id, {c0} + i AS unit_id, 'center_director' AS post,
               DATE '2020-01-01' AS valid_from, NULL AS valid_to
        FROM range(1, {centers + 1}) t(i)
        UNION ALL
        SELECT i, {k0} + 1 + (i - {centers} - 1) // 3,
          CASE WHEN i % 3 = 0 THEN 'grid_manager' WHEN i % 3 = 1 THEN 'community_manager'
               ELSE 'business_manager' END, DATE '2020-01-01', NULL
        FROM range({centers + 1}, {centers + 3 * grids + 1}) t(i)""",
        out / "dims/person_unit.parquet",
        schema.PERSON_UNIT,
    )
    own = (
        f"CASE WHEN {h('i', 4)} % 100 < 85 THEN 'ours' "
        f"WHEN {h('i', 4)} % 100 < 97 THEN 'competitor' ELSE 'potential' END"
    )
    copy(
        f"""
        SELECT i AS customer_id, 'C' || i AS code, 'customer ' || i AS name,
          CASE WHEN i % 10 = 0 THEN 'business' WHEN i % 10 < 5 THEN 'household'
               ELSE 'individual' END AS kind,
          {own} AS ownership, NULL AS place_id, NULL AS phone, NULL AS id_number,
          NULL AS industry, NULL AS address
        FROM range(1, {customers + 1}) t(i)""",
        out / "dims/customer.parquet",
        schema.CUSTOMER,
    )
    # customers spread over grids; 1 % move to the next grid at ``mid``
    g = f"{k0} + 1 + {h('i', 5)} % {grids}"
    copy(
        f"""
        SELECT i AS customer_id, {g} AS grid_id, DATE '2020-01-01' AS valid_from,
               CASE WHEN i % 100 = 3 THEN DATE '{mid}' END AS valid_to
        FROM range(1, {customers + 1}) t(i)
        UNION ALL
        SELECT i, {k0} + 1 + ({h("i", 5)} + 1) % {grids}, DATE '{mid}', NULL
        FROM range(1, {customers + 1}) t(i) WHERE i % 100 = 3""",
        out / "dims/customer_grid.parquet",
        schema.CUSTOMER_GRID,
    )
    # subscriptions: 75 % started before the window, the rest inside it; 15 % end inside
    con.execute(
        f"""
        CREATE TABLE sub AS
        SELECT i AS subscription_id,
          1 + {h("i", 6)} % {customers} AS customer_id,
          CASE WHEN {h("i", 7)} % 100 < 60 THEN 'mobile'
               WHEN {h("i", 7)} % 100 < 80 THEN 'broadband'
               WHEN {h("i", 7)} % 100 < 88 THEN 'fixed' WHEN {h("i", 7)} % 100 < 98 THEN 'iptv'
               ELSE 'dataline' END AS product_line,
          (1000 + {h("i", 8)} % 20000)::BIGINT AS fee,
          CASE WHEN {h("i", 9)} % 100 < 75
               THEN DATE '{first}' - (1 + {h("i", 10)} % 1800)::INTEGER
               ELSE DATE '{first}' + ({h("i", 10)} % {window_days})::INTEGER END AS start_date,
          {h("i", 11)} % 100 AS fate, {h("i", 12)} AS r
        FROM range(1, {subs + 1}) t(i)"""
    )
    con.execute(
        f"""
        CREATE TABLE sub2 AS SELECT *,
          CASE WHEN fate < 15 THEN greatest(start_date + 20, DATE '{first}')
               + (r % {window_days})::INTEGER END AS end_date,
          CASE WHEN fate < 8 THEN 'disconnected' ELSE 'cancelled' END AS end_status,
          CASE WHEN fate BETWEEN 15 AND 18 THEN DATE '{first}' + (r % {window_days})::INTEGER
               END AS suspended_from
        FROM sub"""
    )
    con.execute("DROP TABLE sub")
    for k in range(months):
        m = add_months(first, k)
        nxt = add_months(m, 1)
        t0 = time.perf_counter()
        copy(
            f"""
            SELECT DATE '{m}' AS month, subscription_id, customer_id, product_line,
              CASE WHEN end_date < DATE '{nxt}' THEN end_status
                   WHEN suspended_from < DATE '{nxt}' THEN 'suspended' ELSE 'active' END AS status,
              CASE WHEN end_date < DATE '{nxt}' THEN end_date
                   WHEN suspended_from < DATE '{nxt}' THEN suspended_from
                   ELSE start_date END AS status_since,
              start_date,
              CASE WHEN suspended_from < DATE '{m}' THEN 0
                   WHEN start_date < DATE '{m}' AND start_date >= DATE '{add_months(m, -1)}'
                        AND r % 100 < 20 THEN 0
                   ELSE fee END AS billed_cents,
              CASE WHEN suspended_from < DATE '{nxt}' OR r % 100 > 95 THEN 0
                   ELSE fee END AS paid_cents,
              CASE WHEN suspended_from < DATE '{nxt}'
                        THEN fee * (1 + (DATE '{nxt}' - suspended_from) // 30)
                   WHEN r % 100 > 95 THEN fee ELSE 0 END AS arrears_cents,
              CASE WHEN suspended_from < DATE '{nxt}' AND DATE '{nxt}' - suspended_from > 90
                        THEN fee * ((DATE '{nxt}' - suspended_from) // 30 - 2)
                   ELSE 0 END AS arrears_over_90_cents,
              (r * {k + 1}) % 50000 AS usage, CASE WHEN (r + {k}) % 97 = 0 THEN 1 ELSE 0 END
                AS complaints
            FROM sub2
            WHERE start_date < DATE '{nxt}' AND (end_date IS NULL OR end_date >= DATE '{m}')""",
            out / f"facts/subscription_month/{m:%Y-%m}/part-00000.parquet",
            schema.SUBSCRIPTION_MONTH,
        )
        copy(
            f"""
            SELECT DATE '{m}' AS month, {k0} + i AS grid_id,
              ({h("i", 20 + k)} % 500000)::BIGINT AS commission_cents,
              ({h("i", 40 + k)} % 300000)::BIGINT AS subsidy_cents,
              ({h("i", 60 + k)} % 200000)::BIGINT AS promotion_cents,
              (800000 + {h("i", 80 + k)} % 400000)::BIGINT AS labour_cents
            FROM range(1, {grids + 1}) t(i)""",
            out / f"facts/marketing_input/{m:%Y-%m}.parquet",
            schema.MARKETING_INPUT,
        )
        print(f"{m:%Y-%m} written in {time.perf_counter() - t0:.1f}s", flush=True)
    # a minimal subscription dimension (the analytics layer reads only the facts)
    copy(
        """
        SELECT subscription_id, customer_id, product_line, product_line AS product,
          NULL AS number, fee AS monthly_fee_cents, start_date, end_date,
          NULL AS contract_end,
          CASE WHEN end_date IS NOT NULL THEN end_status
               WHEN suspended_from IS NOT NULL THEN 'suspended' ELSE 'active' END AS status,
          NULL AS channel_id, NULL AS sold_by
        FROM sub2""",
        out / "dims/subscription.parquet",
        schema.SUBSCRIPTION,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--subs", type=int, default=3_000_000)
    ap.add_argument("--months", type=int, default=13)
    ap.add_argument("--end-month", default="2026-10")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    y, m = map(int, a.end_month.split("-"))
    t0 = time.perf_counter()
    generate(a.out, a.subs, a.months, date(y, m, 1), a.seed)
    print(f"done in {time.perf_counter() - t0:.1f}s")


if __name__ == "__main__":
    main()
