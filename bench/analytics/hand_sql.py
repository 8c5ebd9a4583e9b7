"""The engine's limit: the default monthly figures hand-written as ONE DuckDB query.

Same files, same definitions (defaults of ``RateOptions``), every level in one
long result (``level`` column: grid, center, city, person). The benchmark's
yardstick for the portable Ibis path, and a second opinion on its numbers
(``--check`` compares the two).

    .venv/bin/python bench/analytics/hand_sql.py /work/bench-data/city --month 2026-10
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from wangge.core.rates import Period
from wangge.core.schema import PRODUCT_LINES
from wangge.engines import month_files

RATES_SQL = """
  (billed_cents - billed_base_cents)::DOUBLE / nullif(billed_base_cents, 0) AS revenue_growth,
  valid_new_adds::DOUBLE / nullif(judged_new_adds, 0) AS valid_add_share,
  arrears_cents::DOUBLE / nullif(billed_cents, 0) AS arrears_rate,
  arrears_over_90_cents::DOUBLE / nullif(arrears_cents, 0) AS arrears_over_90_share,
  paid_cents::DOUBLE / nullif(billed_cents, 0) AS collection_rate,
  (churned * 2)::DOUBLE / nullif(subscribers_open + subscribers_close, 0) AS churn_rate,
  billed_cents::DOUBLE / nullif(marketing_input_cents, 0) AS input_output,
  billed_cents::DOUBLE / nullif(billed_subscriber_months, 0) AS arpu_cents,
  broadband_households::DOUBLE / nullif(households, 0) AS broadband_penetration,
  customers_ours::DOUBLE / nullif(customers_ours + customers_competitor, 0) AS market_share
"""

SUMS = """
  sum(subscribers_open)::BIGINT AS subscribers_open,
  sum(subscribers_close)::BIGINT AS subscribers_close,
  sum(new_adds)::BIGINT AS new_adds, sum(judged_new_adds)::BIGINT AS judged_new_adds,
  sum(valid_new_adds)::BIGINT AS valid_new_adds, sum(churned)::BIGINT AS churned,
  sum(billed_cents)::BIGINT AS billed_cents, sum(billed_base_cents)::BIGINT AS billed_base_cents,
  sum(paid_cents)::BIGINT AS paid_cents, sum(arrears_cents)::BIGINT AS arrears_cents,
  sum(arrears_over_90_cents)::BIGINT AS arrears_over_90_cents,
  sum(billed_subscriber_months)::BIGINT AS billed_subscriber_months,
  sum(broadband_households)::BIGINT AS broadband_households,
  sum(households)::BIGINT AS households, sum(customers_ours)::BIGINT AS customers_ours,
  sum(customers_competitor)::BIGINT AS customers_competitor,
  sum(marketing_input_cents)::BIGINT AS marketing_input_cents
"""


def query(store: Path, month: date) -> str:
    p = Period.month(month)
    files = [str(f) for m in p.fact_months for f in month_files(store, m)]
    mi = store / "facts/marketing_input" / f"{month:%Y-%m}.parquet"
    d = f"DATE '{p.as_of}'"
    lines_g = ", ".join(
        f"coalesce(valid_new_adds_{line}, 0) AS valid_new_adds_{line}" for line in PRODUCT_LINES
    )
    sums = SUMS + "".join(
        f", sum({c})::BIGINT AS {c}"
        for c in (
            *(f"valid_new_adds_{line}" for line in PRODUCT_LINES),
            "churned_disconnected",
            "churned_cancelled",
            "commission_cents",
            "subsidy_cents",
            "promotion_cents",
            "labour_cents",
        )
    )
    valid_lines = ",\n    ".join(
        f"count(*) FILTER (WHERE month = DATE '{month}' AND start_date >= DATE "
        f"'{p.opening_month}' AND start_date < DATE '{month}' AND status = 'active' "
        f"AND billed_cents > 0 AND product_line = '{line}') AS valid_new_adds_{line}"
        for line in PRODUCT_LINES
    )
    asof = f"valid_from <= {d} AND (valid_to IS NULL OR valid_to > {d})"
    dims = store / "dims"
    return f"""
WITH
cg AS (SELECT customer_id, grid_id FROM '{dims}/customer_grid.parquet' WHERE {asof}),
facts AS (SELECT * FROM read_parquet({files!r})),
fg AS (
  SELECT cg.grid_id,
    count(*) FILTER (WHERE month = DATE '{p.opening_month}'
                     AND status IN ('active', 'suspended')) AS subscribers_open,
    count(*) FILTER (WHERE month = DATE '{month}'
                     AND status IN ('active', 'suspended')) AS subscribers_close,
    count(*) FILTER (WHERE month = DATE '{month}' AND start_date >= month) AS new_adds,
    count(*) FILTER (WHERE month = DATE '{p.opening_month}' AND start_date >= month)
      AS judged_new_adds,
    count(*) FILTER (WHERE month = DATE '{month}' AND start_date >= DATE '{p.opening_month}'
                     AND start_date < DATE '{month}' AND status = 'active' AND billed_cents > 0)
      AS valid_new_adds,
    {valid_lines},
    count(*) FILTER (WHERE month = DATE '{month}' AND status = 'disconnected'
                     AND status_since >= month) AS churned_disconnected,
    count(*) FILTER (WHERE month = DATE '{month}' AND status = 'cancelled'
                     AND status_since >= month) AS churned_cancelled,
    coalesce(sum(billed_cents) FILTER (WHERE month = DATE '{month}'), 0) AS billed_cents,
    coalesce(sum(billed_cents) FILTER (WHERE month = DATE '{p.last_year_months[0]}'), 0)
      AS billed_base_cents,
    coalesce(sum(paid_cents) FILTER (WHERE month = DATE '{month}'), 0) AS paid_cents,
    coalesce(sum(arrears_cents) FILTER (WHERE month = DATE '{month}'), 0) AS arrears_cents,
    coalesce(sum(arrears_over_90_cents) FILTER (WHERE month = DATE '{month}'), 0)
      AS arrears_over_90_cents,
    count(*) FILTER (WHERE month = DATE '{month}' AND billed_cents > 0)
      AS billed_subscriber_months,
    count(DISTINCT facts.customer_id) FILTER (WHERE month = DATE '{month}'
      AND status IN ('active', 'suspended') AND product_line = 'broadband')
      AS broadband_households
  FROM facts LEFT JOIN cg USING (customer_id)
  GROUP BY cg.grid_id),
reg AS (
  SELECT grid_id, count(*) FILTER (WHERE ownership = 'ours') AS customers_ours,
         count(*) FILTER (WHERE ownership = 'competitor') AS customers_competitor
  FROM '{dims}/customer.parquet' JOIN cg USING (customer_id) GROUP BY grid_id),
mi AS (
  SELECT grid_id, sum(commission_cents) AS commission_cents,
    sum(subsidy_cents) AS subsidy_cents, sum(promotion_cents) AS promotion_cents,
    sum(labour_cents) AS labour_cents,
    sum(commission_cents + subsidy_cents + promotion_cents + labour_cents)
    AS marketing_input_cents
  FROM '{mi}' GROUP BY grid_id),
grids AS (SELECT unit_id AS grid_id, coalesce(households, 0) AS households
          FROM '{dims}/unit.parquet' WHERE kind = 'grid'),
g AS (
  SELECT coalesce(grids.grid_id, fg.grid_id) AS grid_id,
    coalesce(subscribers_open, 0) AS subscribers_open,
    coalesce(subscribers_close, 0) AS subscribers_close,
    coalesce(new_adds, 0) AS new_adds, coalesce(judged_new_adds, 0) AS judged_new_adds,
    coalesce(valid_new_adds, 0) AS valid_new_adds,
    {lines_g},
    coalesce(churned_disconnected, 0) AS churned_disconnected,
    coalesce(churned_cancelled, 0) AS churned_cancelled,
    coalesce(churned_disconnected, 0) + coalesce(churned_cancelled, 0) AS churned,
    coalesce(billed_cents, 0) AS billed_cents,
    coalesce(billed_base_cents, 0) AS billed_base_cents,
    coalesce(paid_cents, 0) AS paid_cents, coalesce(arrears_cents, 0) AS arrears_cents,
    coalesce(arrears_over_90_cents, 0) AS arrears_over_90_cents,
    coalesce(billed_subscriber_months, 0) AS billed_subscriber_months,
    coalesce(broadband_households, 0) AS broadband_households,
    coalesce(households, 0) AS households,
    coalesce(customers_ours, 0) AS customers_ours,
    coalesce(customers_competitor, 0) AS customers_competitor,
    coalesce(commission_cents, 0) AS commission_cents,
    coalesce(subsidy_cents, 0) AS subsidy_cents,
    coalesce(promotion_cents, 0) AS promotion_cents,
    coalesce(labour_cents, 0) AS labour_cents,
    coalesce(marketing_input_cents, 0) AS marketing_input_cents
  FROM grids FULL JOIN fg ON grids.grid_id = fg.grid_id
  LEFT JOIN reg ON reg.grid_id = coalesce(grids.grid_id, fg.grid_id)
  LEFT JOIN mi ON mi.grid_id = coalesce(grids.grid_id, fg.grid_id)),
links AS (SELECT unit_id, parent_id FROM '{dims}/unit_link.parquet' WHERE {asof}),
anc AS (
  WITH RECURSIVE up(unit_id, ancestor_id, depth) AS (
    SELECT unit_id, unit_id, 0 FROM '{dims}/unit.parquet'
    UNION ALL
    SELECT up.unit_id, links.parent_id, depth + 1 FROM up JOIN links
      ON links.unit_id = up.ancestor_id WHERE depth < 4)
  SELECT up.unit_id, ancestor_id, u.kind AS ancestor_kind
  FROM up JOIN '{dims}/unit.parquet' u ON u.unit_id = up.ancestor_id),
pg AS (
  SELECT DISTINCT pu.person_id, anc.unit_id AS grid_id
  FROM '{dims}/person_unit.parquet' pu JOIN anc ON anc.ancestor_id = pu.unit_id
  WHERE {asof.replace("valid_to", "pu.valid_to").replace("valid_from", "pu.valid_from")}),
levels AS (
  SELECT 'grid' AS level, grid_id AS id, * EXCLUDE (grid_id) FROM g
  UNION ALL BY NAME
  SELECT 'center' AS level, anc.ancestor_id AS id, {sums} FROM g JOIN anc ON anc.unit_id = g.grid_id
  WHERE anc.ancestor_kind IN ('center', 'county') GROUP BY anc.ancestor_id
  UNION ALL BY NAME
  SELECT 'city' AS level, anc.ancestor_id AS id, {sums} FROM g JOIN anc ON anc.unit_id = g.grid_id
  WHERE anc.ancestor_kind = 'city' GROUP BY anc.ancestor_id
  UNION ALL BY NAME
  SELECT 'person' AS level, pg.person_id AS id, {sums}
  FROM g JOIN pg USING (grid_id) GROUP BY pg.person_id)
SELECT *, {RATES_SQL} FROM levels ORDER BY level, id NULLS FIRST
"""


def run(store: Path, month: date, memory_limit: str | None = None) -> pa.Table:
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'")
    return con.sql(query(store, month)).to_arrow_table()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("store", type=Path)
    ap.add_argument("--month", default="2026-10")
    ap.add_argument("--memory-limit")
    ap.add_argument("--check", action="store_true", help="compare with the portable path")
    a = ap.parse_args()
    y, m = map(int, a.month.split("-"))
    month = date(y, m, 1)
    t0 = time.perf_counter()
    t = run(a.store, month, a.memory_limit)
    print(f"hand SQL: {t.num_rows} rows in {time.perf_counter() - t0:.2f}s")
    if a.check:
        from compare import compare_long

        compare_long(t, a.store, month)


if __name__ == "__main__":
    main()
