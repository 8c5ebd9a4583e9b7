"""The analyst's alternative: the default monthly figures with pandas merge and groupby.

Reads the same Parquet files (only the columns it needs, as an analyst who knows
pandas would), computes the same long result as ``hand_sql.py``. ``--check``
compares it with the portable path.

    .venv/bin/python bench/analytics/pandas_groupby.py /work/bench-data/city --month 2026-10
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from wangge.core.rates import Period
from wangge.engines import month_files

COMPONENTS = [
    "subscribers_open",
    "subscribers_close",
    "new_adds",
    "judged_new_adds",
    "valid_new_adds",
    "churned",
    "billed_cents",
    "billed_base_cents",
    "paid_cents",
    "arrears_cents",
    "arrears_over_90_cents",
    "billed_subscriber_months",
    "broadband_households",
    "households",
    "customers_ours",
    "customers_competitor",
    "marketing_input_cents",
]
FACT_COLUMNS = [
    "month",
    "customer_id",
    "product_line",
    "status",
    "status_since",
    "start_date",
    "billed_cents",
    "paid_cents",
    "arrears_cents",
    "arrears_over_90_cents",
]


def _as_of(df: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    df = df.assign(valid_from=pd.to_datetime(df.valid_from), valid_to=pd.to_datetime(df.valid_to))
    return df[(df.valid_from <= day) & (df.valid_to.isna() | (df.valid_to > day))]


def _read(path: Path, columns: list[str] | None = None) -> pd.DataFrame:
    return pq.read_table(path, columns=columns).to_pandas(timestamp_as_object=False)


def _ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    den = den.astype("float64").where(den != 0)
    return num.astype("float64") / den


def run(store: Path, month: date) -> pa.Table:
    p = Period.month(month)
    dims = store / "dims"
    day = pd.Timestamp(p.as_of)
    m, opening, ly = (pd.Timestamp(x) for x in (month, p.opening_month, p.last_year_months[0]))
    f = pd.concat(
        [_read(fp, FACT_COLUMNS) for mm in p.fact_months for fp in month_files(store, mm)],
        ignore_index=True,
    )
    for c in ("month", "status_since", "start_date"):
        f[c] = pd.to_datetime(f[c])
    cg = _as_of(_read(dims / "customer_grid.parquet"), day)[["customer_id", "grid_id"]]
    f = f.merge(cg, on="customer_id", how="left")
    in_service = f.status.isin(["active", "suspended"])
    cur, opn = f.month == m, f.month == opening
    started = f.start_date >= f.month
    x = pd.DataFrame(
        {
            "grid_id": f.grid_id,
            "subscribers_open": (opn & in_service).astype("int64"),
            "subscribers_close": (cur & in_service).astype("int64"),
            "new_adds": (cur & started).astype("int64"),
            "judged_new_adds": (opn & started).astype("int64"),
            "valid_new_adds": (
                cur
                & (f.start_date >= opening)
                & (f.start_date < m)
                & (f.status == "active")
                & (f.billed_cents > 0)
            ).astype("int64"),
            "churned": (
                cur & f.status.isin(["disconnected", "cancelled"]) & (f.status_since >= f.month)
            ).astype("int64"),
            "billed_cents": f.billed_cents.where(cur, 0),
            "billed_base_cents": f.billed_cents.where(f.month == ly, 0),
            "paid_cents": f.paid_cents.where(cur, 0),
            "arrears_cents": f.arrears_cents.where(cur, 0),
            "arrears_over_90_cents": f.arrears_over_90_cents.where(cur, 0),
            "billed_subscriber_months": (cur & (f.billed_cents > 0)).astype("int64"),
        }
    )
    fg = x.groupby("grid_id", dropna=False).sum()
    bb = f[cur & in_service & (f.product_line == "broadband")]
    fg["broadband_households"] = (
        bb.groupby("grid_id", dropna=False).customer_id.nunique().reindex(fg.index).fillna(0)
    )
    cust = _read(dims / "customer.parquet", ["customer_id", "ownership"]).merge(cg)
    reg = cust.groupby("grid_id").ownership.agg(
        customers_ours=lambda s: int((s == "ours").sum()),
        customers_competitor=lambda s: int((s == "competitor").sum()),
    )
    mi = _read(store / "facts/marketing_input" / f"{month:%Y-%m}.parquet")
    mi["marketing_input_cents"] = (
        mi.commission_cents + mi.subsidy_cents + mi.promotion_cents + mi.labour_cents
    )
    mi = mi.groupby("grid_id")[["marketing_input_cents"]].sum()
    unit = _read(dims / "unit.parquet", ["unit_id", "kind", "households"])
    grids = unit[unit.kind == "grid"].set_index("unit_id")[["households"]].fillna(0)
    grids.index.name = "grid_id"
    idx = grids.index.union(fg.index)
    g = pd.concat([fg.reindex(idx), grids.reindex(idx), reg.reindex(idx), mi.reindex(idx)], axis=1)
    g = g.fillna(0)[COMPONENTS].astype("int64")
    # the tree as of the day, walked up to four levels
    links = _as_of(_read(dims / "unit_link.parquet"), day)[["unit_id", "parent_id"]]
    anc = [pd.DataFrame({"unit_id": unit.unit_id, "ancestor_id": unit.unit_id})]
    level = links.rename(columns={"parent_id": "ancestor_id"})
    for _ in range(4):
        anc.append(level)
        level = level.merge(links, left_on="ancestor_id", right_on="unit_id", suffixes=("", "_up"))
        level = level[["unit_id", "parent_id"]].rename(columns={"parent_id": "ancestor_id"})
    a = pd.concat(anc, ignore_index=True).merge(
        unit[["unit_id", "kind"]].rename(columns={"unit_id": "ancestor_id"}), on="ancestor_id"
    )
    gg = g.reset_index().rename(columns={"index": "grid_id"})
    out = [gg.rename(columns={"grid_id": "id"}).assign(level="grid")]
    for name, kinds in (("center", ["center", "county"]), ("city", ["city"])):
        j = gg.merge(a[a.kind.isin(kinds)], left_on="grid_id", right_on="unit_id")
        s = j.groupby("ancestor_id")[COMPONENTS].sum().reset_index()
        out.append(s.rename(columns={"ancestor_id": "id"}).assign(level=name))
    pu = _as_of(_read(dims / "person_unit.parquet"), day)[["person_id", "unit_id"]]
    pg = pu.merge(a, left_on="unit_id", right_on="ancestor_id", suffixes=("_p", ""))
    pg = pg[["person_id", "unit_id"]].rename(columns={"unit_id": "grid_id"}).drop_duplicates()
    s = pg.merge(gg, on="grid_id").groupby("person_id")[COMPONENTS].sum().reset_index()
    out.append(s.rename(columns={"person_id": "id"}).assign(level="person"))
    r = pd.concat(out, ignore_index=True)
    r["revenue_growth"] = _ratio(r.billed_cents - r.billed_base_cents, r.billed_base_cents)
    r["valid_add_share"] = _ratio(r.valid_new_adds, r.judged_new_adds)
    r["arrears_rate"] = _ratio(r.arrears_cents, r.billed_cents)
    r["arrears_over_90_share"] = _ratio(r.arrears_over_90_cents, r.arrears_cents)
    r["collection_rate"] = _ratio(r.paid_cents, r.billed_cents)
    r["churn_rate"] = _ratio(r.churned * 2, r.subscribers_open + r.subscribers_close)
    r["input_output"] = _ratio(r.billed_cents, r.marketing_input_cents)
    r["arpu_cents"] = _ratio(r.billed_cents, r.billed_subscriber_months)
    r["broadband_penetration"] = _ratio(r.broadband_households, r.households)
    r["market_share"] = _ratio(r.customers_ours, r.customers_ours + r.customers_competitor)
    r["id"] = r["id"].astype("Int64")
    r = r[["level", "id", *[c for c in r.columns if c not in ("level", "id")]]]
    r = r.replace({np.nan: None})
    return pa.Table.from_pandas(r, preserve_index=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("store", type=Path)
    ap.add_argument("--month", default="2026-10")
    ap.add_argument("--check", action="store_true", help="compare with the portable path")
    a = ap.parse_args()
    y, m = map(int, a.month.split("-"))
    month = date(y, m, 1)
    t0 = time.perf_counter()
    t = run(a.store, month)
    print(f"pandas: {t.num_rows} rows in {time.perf_counter() - t0:.2f}s")
    if a.check:
        from compare import compare_long

        compare_long(t, a.store, month)


if __name__ == "__main__":
    main()
