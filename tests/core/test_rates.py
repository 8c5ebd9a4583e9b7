"""The five rates and the grid indicators, hand-checked on a store small enough to read.

The town, as of the close of October 2026 (M); September is the opening month,
October 2025 the same month last year:

    city 1 ─ center 2 ─ grid 10   customers 101–104 (ours), 107 competitor, 108 potential
           │            grid 11   moved to center 3 on 10-15; customer 105 joins on 10-20
           └ center 3 ─ grid 12   customer 106 (ours), 109 competitor

    S1  101 mobile     long-standing, billed and paid
    S2  102 broadband  added in September, active and billed in October: a valid add
    S3  103 mobile     added in September, billed nothing in October: a silent add
    S4  103 broadband  disconnected in September, back in October: churns and returns
    S5  104 fixed      suspended since June; arrears cross 90 days in October
    S9  104 iptv       suspended, arrears over 90 days already in September
    S10 104 mobile     suspended over 90 days in September, disconnected in October
    S11 102 fixed      added in October
    S6  105 mobile     added in October (its customer moves to grid 11 on 10-20)
    S7  105 mobile     cancelled in October
    S8  106 mobile     added in September, disconnected in October
    S12 106 mobile     added in September, cancelled the same month: gone before judging

Every expected number below is worked out by hand from this table.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from wangge.analytics.run import monthly_figures, period_figures, person_evidence, unit_evidence
from wangge.core import schema
from wangge.core.rates import (
    Period,
    RateOptions,
    development_completion,
    explain,
    parse_unavailable,
)

D = date
OCT, SEP, AUG, LY = D(2026, 10, 1), D(2026, 9, 1), D(2026, 8, 1), D(2025, 10, 1)
OPEN = D(2020, 1, 1)


def _write(path: Path, rows: list[dict], s: pa.Schema) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    full = [{f.name: r.get(f.name) for f in s} for r in rows]
    pq.write_table(pa.Table.from_pylist(full, schema=s), path)


def fact(month, sub, cust, line, status, since, start, billed, paid=None, arrears=0, over90=0):
    return {
        "month": month,
        "subscription_id": sub,
        "customer_id": cust,
        "product_line": line,
        "status": status,
        "status_since": since,
        "start_date": start,
        "billed_cents": billed,
        "paid_cents": billed if paid is None else paid,
        "arrears_cents": arrears,
        "arrears_over_90_cents": over90,
        "usage": 0,
        "complaints": 0,
    }


FACTS = [
    # S1: long-standing
    fact(LY, 1, 101, "mobile", "active", D(2020, 1, 5), D(2020, 1, 5), 5000),
    fact(SEP, 1, 101, "mobile", "active", D(2020, 1, 5), D(2020, 1, 5), 5000),
    fact(OCT, 1, 101, "mobile", "active", D(2020, 1, 5), D(2020, 1, 5), 6000),
    # S2: September add, valid in October, unpaid
    fact(SEP, 2, 102, "broadband", "active", D(2026, 9, 10), D(2026, 9, 10), 3000),
    fact(OCT, 2, 102, "broadband", "active", D(2026, 9, 10), D(2026, 9, 10), 4000, 0, 4000),
    # S3: September add, silent in October
    fact(SEP, 3, 103, "mobile", "active", D(2026, 9, 20), D(2026, 9, 20), 1000),
    fact(OCT, 3, 103, "mobile", "active", D(2026, 9, 20), D(2026, 9, 20), 0),
    # S4: churns in September and returns in October
    fact(LY, 4, 103, "broadband", "active", D(2021, 3, 1), D(2021, 3, 1), 2000),
    fact(AUG, 4, 103, "broadband", "active", D(2021, 3, 1), D(2021, 3, 1), 2000),
    fact(SEP, 4, 103, "broadband", "disconnected", D(2026, 9, 12), D(2021, 3, 1), 1500),
    fact(OCT, 4, 103, "broadband", "active", D(2026, 10, 5), D(2021, 3, 1), 2000),
    # S5: arrears cross 90 days in October
    fact(LY, 5, 104, "fixed", "active", D(2018, 1, 1), D(2018, 1, 1), 3000),
    fact(SEP, 5, 104, "fixed", "suspended", D(2026, 6, 1), D(2018, 1, 1), 0, 0, 8000, 0),
    fact(OCT, 5, 104, "fixed", "suspended", D(2026, 6, 1), D(2018, 1, 1), 0, 0, 9000, 6000),
    # S9: already over 90 days at the opening
    fact(SEP, 9, 104, "iptv", "suspended", D(2026, 3, 1), D(2019, 1, 1), 0, 0, 10000, 7000),
    fact(OCT, 9, 104, "iptv", "suspended", D(2026, 3, 1), D(2019, 1, 1), 0, 0, 10000, 8000),
    # S10: over 90 days at the opening, disconnected in October
    fact(SEP, 10, 104, "mobile", "suspended", D(2026, 5, 1), D(2019, 1, 1), 0, 0, 3000, 3000),
    fact(OCT, 10, 104, "mobile", "disconnected", D(2026, 10, 15), D(2019, 1, 1), 0, 0, 3000, 3000),
    # S11: October add in grid 10
    fact(OCT, 11, 102, "fixed", "active", D(2026, 10, 8), D(2026, 10, 8), 100),
    # S6, S7: customer 105, in grid 11 at the close
    fact(OCT, 6, 105, "mobile", "active", D(2026, 10, 3), D(2026, 10, 3), 500),
    fact(LY, 7, 105, "mobile", "active", D(2019, 1, 1), D(2019, 1, 1), 7000),
    fact(SEP, 7, 105, "mobile", "active", D(2019, 1, 1), D(2019, 1, 1), 7000),
    fact(OCT, 7, 105, "mobile", "cancelled", D(2026, 10, 28), D(2019, 1, 1), 3500),
    # S8, S12: grid 12
    fact(SEP, 8, 106, "mobile", "active", D(2026, 9, 2), D(2026, 9, 2), 800),
    fact(OCT, 8, 106, "mobile", "disconnected", D(2026, 10, 10), D(2026, 9, 2), 0),
    fact(SEP, 12, 106, "mobile", "cancelled", D(2026, 9, 28), D(2026, 9, 25), 0),
]


def unit(uid, kind, households=None):
    return {"unit_id": uid, "code": f"U{uid}", "name": f"unit {uid}", "kind": kind,
            "households": households}  # fmt: skip


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return build_town(tmp_path_factory.mktemp("town"))


def build_town(root: Path) -> Path:
    """The town of this module's docstring, written as an analytics store under ``root``."""
    for month in (LY, AUG, SEP, OCT):
        rows = [r for r in FACTS if r["month"] == month]
        _write(root / f"facts/subscription_month/{month:%Y-%m}/part-00000.parquet", rows,
               schema.SUBSCRIPTION_MONTH)  # fmt: skip
    money = [
        {"month": OCT, "grid_id": 10, "commission_cents": 1000, "subsidy_cents": 500,
         "promotion_cents": 300, "labour_cents": 200},
        {"month": OCT, "grid_id": 12, "commission_cents": 0, "subsidy_cents": 0,
         "promotion_cents": 0, "labour_cents": 100},
    ]  # fmt: skip
    _write(root / "facts/marketing_input/2026-10.parquet", money, schema.MARKETING_INPUT)
    dims = {
        "unit": [unit(1, "city"), unit(2, "center"), unit(3, "center"),
                 unit(10, "grid", 4), unit(11, "grid", 0), unit(12, "grid", 2)],
        "unit_link": [
            {"unit_id": 2, "parent_id": 1, "valid_from": OPEN},
            {"unit_id": 3, "parent_id": 1, "valid_from": OPEN},
            {"unit_id": 10, "parent_id": 2, "valid_from": OPEN},
            {"unit_id": 11, "parent_id": 2, "valid_from": OPEN, "valid_to": D(2026, 10, 15)},
            {"unit_id": 11, "parent_id": 3, "valid_from": D(2026, 10, 15)},
            {"unit_id": 12, "parent_id": 3, "valid_from": OPEN},
        ],
        "person": [{"person_id": p, "staff_no": f"S{p}", "name": f"p{p}", "post": post}
                   for p, post in [(501, "grid_manager"), (502, "grid_manager"),
                                   (503, "center_director"), (504, "center_director"),
                                   (505, "grid_manager"), (506, "business_manager")]],
        "person_unit": [
            {"person_id": 501, "unit_id": 10, "valid_from": OPEN},
            {"person_id": 502, "unit_id": 11, "valid_from": OPEN, "valid_to": D(2026, 10, 20)},
            {"person_id": 505, "unit_id": 11, "valid_from": D(2026, 10, 20)},
            {"person_id": 503, "unit_id": 2, "valid_from": OPEN},
            {"person_id": 504, "unit_id": 3, "valid_from": OPEN},
            {"person_id": 506, "unit_id": 12, "valid_from": OPEN},
            {"person_id": 506, "unit_id": 3, "valid_from": OPEN},
        ],
        "customer": [{"customer_id": c, "ownership": o, "kind": "individual"}
                     for c, o in [(101, "ours"), (102, "ours"), (103, "ours"), (104, "ours"),
                                  (105, "ours"), (106, "ours"), (107, "competitor"),
                                  (108, "potential"), (109, "competitor")]],
        "customer_grid": [
            *({"customer_id": c, "grid_id": 10, "valid_from": OPEN} for c in (101, 102, 103,
                                                                               104, 107, 108)),
            {"customer_id": 105, "grid_id": 10, "valid_from": OPEN, "valid_to": D(2026, 10, 20)},
            {"customer_id": 105, "grid_id": 11, "valid_from": D(2026, 10, 20)},
            {"customer_id": 106, "grid_id": 12, "valid_from": OPEN},
            {"customer_id": 109, "grid_id": 12, "valid_from": OPEN},
        ],
    }  # fmt: skip
    for name, rows in dims.items():
        _write(root / f"dims/{name}.parquet", rows, schema.DIMS[name])
    return root


ENGINES = ["duckdb", pytest.param("spark", marks=[pytest.mark.spark, pytest.mark.slow])]


@pytest.fixture(params=ENGINES)
def engine(request):
    """A fresh DuckDB, or the one Spark session of this test process (local[2])."""
    if request.param == "duckdb":
        from wangge.engines.duckdb import DuckDBEngine

        return DuckDBEngine()
    pytest.importorskip("pyspark")
    from wangge.engines.spark import SparkEngine

    return SparkEngine(master="local[2]")


def rows_by(table: pa.Table, key: str) -> dict:
    return {r[key]: r for r in table.to_pylist()}


_FIGURES: dict = {}


def figures(store, engine, **opts):
    """October's figures, computed once per engine and option set (Spark takes seconds)."""
    key = (str(store), engine.name, tuple(sorted(opts.items())))
    if key not in _FIGURES:
        _FIGURES[key] = monthly_figures(store, OCT, engine, RateOptions(**opts))
    return _FIGURES[key]


# --- the default definitions ---------------------------------------------------------


def test_grid_10_components_and_rates(store, engine):
    g = rows_by(figures(store, engine)["grid"], "grid_id")[10]
    assert g["center_id"] == 2 and g["city_id"] == 1
    expected = {
        "subscribers_open": 6,  # S1 S2 S3 S5 S9 S10 (S4 was disconnected at the opening)
        "subscribers_close": 7,  # S1 S2 S3 S4 S5 S9 S11 (S10 disconnected)
        "new_adds": 1,  # S11; S4's return is not a new add
        "judged_new_adds": 2,  # S2 and S3, September's adds
        "valid_new_adds": 1,  # S2; S3 billed nothing
        "valid_new_adds_broadband": 1,
        "valid_new_adds_mobile": 0,
        "churned_disconnected": 1,  # S10
        "churned_cancelled": 0,
        "churned_suspended": 0,
        "churned": 1,
        "billed_cents": 12100,
        "billed_base_cents": 10000,  # October 2025: S1 5000 + S4 2000 + S5 3000
        "paid_cents": 8100,
        "arrears_cents": 26000,  # S2 4000 + S5 9000 + S9 10000 + S10 3000
        "arrears_over_90_cents": 17000,
        "billed_subscriber_months": 4,  # S1 S2 S4 S11
        "attributable_cents": 12100,
        "broadband_households": 2,  # customers 102 (S2) and 103 (S4 back in service)
        "households": 4,
        "customers_ours": 4,  # 101–104; 105 left on 10-20
        "customers_competitor": 1,  # 107; 108 is only potential
        "marketing_input_cents": 2000,
        "commission_cents": 1000,
    }
    assert {k: g[k] for k in expected} == expected
    assert g["revenue_growth"] == pytest.approx(0.21)
    assert g["valid_add_share"] == 0.5
    assert g["arrears_rate"] == pytest.approx(26000 / 12100)
    assert g["arrears_over_90_share"] == pytest.approx(17000 / 26000)
    assert g["collection_rate"] == pytest.approx(8100 / 12100)
    assert g["churn_rate"] == pytest.approx(1 / ((6 + 7) / 2))
    assert g["input_output"] == pytest.approx(12100 / 2000)
    assert g["arpu_cents"] == pytest.approx(3025.0)
    assert g["broadband_penetration"] == 0.5
    assert g["market_share"] == 0.8


def test_customer_moved_mid_month_counts_where_it_stands_at_month_end(store, engine):
    g = rows_by(figures(store, engine)["grid"], "grid_id")[11]
    # S6 and S7 follow customer 105 to grid 11, last year's billing included
    assert (g["new_adds"], g["churned_cancelled"]) == (1, 1)
    assert (g["subscribers_open"], g["subscribers_close"]) == (1, 1)
    assert (g["billed_cents"], g["billed_base_cents"]) == (4000, 7000)
    assert g["revenue_growth"] == pytest.approx(-3000 / 7000)
    assert g["churn_rate"] == 1.0
    assert g["arpu_cents"] == 2000.0
    assert g["market_share"] == 1.0


def test_zero_denominators_give_null_not_inf(store, engine):
    grids = rows_by(figures(store, engine)["grid"], "grid_id")
    g11, g12 = grids[11], grids[12]
    assert g11["valid_add_share"] is None  # nothing to judge
    assert g11["arrears_rate"] == 0.0 and g11["arrears_over_90_share"] is None  # no arrears
    assert g11["input_output"] is None  # no marketing input recorded
    assert g11["broadband_penetration"] is None  # profile has 0 households
    assert g12["billed_cents"] == 0
    for rate in ("revenue_growth", "arrears_rate", "collection_rate", "arpu_cents"):
        assert g12[rate] is None, rate
    assert g12["input_output"] == 0.0  # 0 revenue on 100 of input is a real zero
    assert g12["market_share"] == 0.5
    assert "households" in explain(g11, "broadband_penetration")
    assert "no marketing input" in explain(g11, "input_output")


def test_silent_and_vanished_adds_are_not_valid(store, engine):
    g = rows_by(figures(store, engine)["grid"], "grid_id")[12]
    # S8 disconnected in its judging month, S12 cancelled before it: two judged, none valid
    assert (g["judged_new_adds"], g["valid_new_adds"], g["valid_add_share"]) == (2, 0, 0.0)
    assert g["churned_disconnected"] == 1 and g["churn_rate"] == 2.0


def test_grid_reassigned_mid_month_rolls_up_to_its_center_at_month_end(store, engine):
    f = figures(store, engine)
    centers = rows_by(f["center"], "unit_id")
    assert centers[2]["grids"] == 1 and centers[3]["grids"] == 2  # grid 11 moved on 10-15
    assert centers[3]["subscribers_open"] == 2 and centers[3]["subscribers_close"] == 1
    assert centers[3]["churned"] == 2
    assert centers[3]["churn_rate"] == pytest.approx(2 / 1.5)
    [city] = f["city"].to_pylist()
    grids = f["grid"].to_pylist()
    for col in ("billed_cents", "arrears_cents", "churned", "new_adds", "households"):
        assert city[col] == sum(g[col] for g in grids)
    assert city["market_share"] == pytest.approx(6 / 8)


def test_people_answer_for_the_grids_under_them_as_of_month_end(store, engine):
    people = rows_by(figures(store, engine)["person"], "person_id")
    assert set(people) == {501, 503, 504, 505, 506}  # 502 handed grid 11 to 505 on 10-20
    assert people[505]["grids"] == 1 and people[505]["new_adds"] == 1
    # 506 reaches grid 12 directly and through center 3: counted once
    assert people[506]["grids"] == 2
    assert people[506]["billed_cents"] == people[504]["billed_cents"] == 4000
    assert people[503]["billed_cents"] == 12100


# --- each option ---------------------------------------------------------------------------


def test_growth_against_the_previous_period(store, engine):
    g = rows_by(figures(store, engine, growth_base="previous_period")["grid"], "grid_id")[10]
    assert g["billed_base_cents"] == 10500  # September: 5000 + 3000 + 1000 + 1500
    assert g["revenue_growth"] == pytest.approx(1600 / 10500)


def test_churn_on_the_opening_base(store, engine):
    g = rows_by(figures(store, engine, churn_base="opening")["grid"], "grid_id")[10]
    assert g["churn_rate"] == pytest.approx(1 / 6)


def test_suspension_with_old_arrears_counts_as_churn_once(store, engine):
    g = rows_by(figures(store, engine, churn_suspended_over_90=True)["grid"], "grid_id")[10]
    # S5 crosses in October: churned; S9 crossed before; S10 was counted when it crossed,
    # so its disconnection now is not counted again
    assert (g["churned_suspended"], g["churned_disconnected"], g["churned"]) == (1, 0, 1)
    # every other component is the same whichever way it was summed
    base = rows_by(figures(store, engine)["grid"], "grid_id")[10]
    for col in ("billed_cents", "arrears_cents", "valid_new_adds", "broadband_households"):
        assert g[col] == base[col]


def test_input_output_as_return_and_on_new_business(store, engine):
    g = rows_by(figures(store, engine, input_output="return")["grid"], "grid_id")[10]
    assert g["input_output"] == pytest.approx((12100 - 2000) / 2000)
    g = rows_by(figures(store, engine, attributable_revenue="new_business")["grid"], "grid_id")
    assert g[10]["attributable_cents"] == 4100  # S2 4000 + S3 0 + S11 100 (started ≥ 2025-11)
    assert g[10]["input_output"] == pytest.approx(4100 / 2000)


def test_valid_add_judged_in_another_month_of_life(store, engine):
    g = rows_by(figures(store, engine, valid_add_month=1)["grid"], "grid_id")[10]
    assert (g["judged_new_adds"], g["valid_new_adds"]) == (1, 1)  # S11, in its own month
    g = rows_by(figures(store, engine, valid_add_month=3)["grid"], "grid_id")[10]
    assert (g["judged_new_adds"], g["valid_new_adds"], g["valid_add_share"]) == (0, 0, None)


def test_a_range_sums_its_months(store, engine):
    f = period_figures(store, SEP, OCT, engine)
    g = rows_by(f["grid"], "grid_id")[10]
    assert g["billed_cents"] == 10500 + 12100
    assert g["new_adds"] == 3  # S2, S3 in September, S11 in October
    assert g["churned_disconnected"] == 2  # S4 in September, S10 in October
    assert g["billed_base_cents"] == 10000  # the component: October 2025 only
    # but September 2025 is not on file: growth on half a base would read +126 %
    assert g["revenue_growth"] is None
    assert parse_unavailable(g["unavailable"]) == {"revenue_growth": "2025-09"}
    assert g["churn_rate"] is not None  # its opening, August, is on file


# --- a hamlet with gaps: missing months, business broadband, customers with no grid -------

H_SEP, H_OCT = SEP, OCT


@pytest.fixture(scope="module")
def hamlet(tmp_path_factory) -> Path:
    """city 1 ─ center 2 ─ grid 10 (4 households). September and October only.

    201 household, 202 individual, 203 business: broadband each, in grid 10;
    204 individual with a mobile line and no grid at all.
    """
    root = tmp_path_factory.mktemp("hamlet")
    rows = []
    for month in (H_SEP, H_OCT):
        rows += [
            fact(month, 21, 201, "broadband", "active", OPEN, OPEN, 1000),
            fact(month, 22, 202, "broadband", "active", OPEN, OPEN, 2000),
            fact(month, 23, 203, "broadband", "active", OPEN, OPEN, 5000),
            fact(month, 24, 204, "mobile", "active", OPEN, OPEN, 700),
        ]
    for month in (H_SEP, H_OCT):
        _write(root / f"facts/subscription_month/{month:%Y-%m}/part-00000.parquet",
               [r for r in rows if r["month"] == month], schema.SUBSCRIPTION_MONTH)  # fmt: skip
    dims = {
        "unit": [unit(1, "city"), unit(2, "center"), unit(10, "grid", 4)],
        "unit_link": [{"unit_id": 2, "parent_id": 1, "valid_from": OPEN},
                      {"unit_id": 10, "parent_id": 2, "valid_from": OPEN}],
        "person": [], "person_unit": [],
        "customer": [{"customer_id": c, "ownership": "ours", "kind": k}
                     for c, k in [(201, "household"), (202, "individual"), (203, "business"),
                                  (204, "individual")]],
        "customer_grid": [{"customer_id": c, "grid_id": 10, "valid_from": OPEN}
                          for c in (201, 202, 203)],
    }  # fmt: skip
    for name, r in dims.items():
        _write(root / f"dims/{name}.parquet", r, schema.DIMS[name])
    return root


def test_a_missing_base_month_gives_no_figure_and_names_the_month(hamlet, engine):
    grid = rows_by(monthly_figures(hamlet, H_OCT, engine)["grid"], "grid_id")[10]
    assert grid["billed_base_cents"] == 0  # October 2025 was never loaded, not "nothing billed"
    assert grid["revenue_growth"] is None
    assert parse_unavailable(grid["unavailable"]) == {"revenue_growth": "2025-10"}
    assert grid["churn_rate"] == 0.0  # September is on file: no churn is a figure
    text = explain(grid, "revenue_growth")
    assert "2025-10" in text and "not in the store" in text


def test_a_missing_opening_and_cohort_month_gives_no_churn_and_no_valid_adds(hamlet, engine):
    f = monthly_figures(hamlet, H_SEP, engine)
    for level, key in (("grid", "grid_id"), ("city", "unit_id")):
        row = rows_by(f[level], key)[10 if level == "grid" else 1]
        assert row["churn_rate"] is None and row["valid_add_share"] is None
        assert parse_unavailable(row["unavailable"]) == {
            "churn_rate": "2026-08",
            "valid_add_share": "2026-08",
            "revenue_growth": "2025-09",
        }
        assert row["arrears_rate"] == 0.0  # September itself is on file


def test_broadband_penetration_counts_households_and_individuals_not_businesses(hamlet, engine):
    grid = rows_by(monthly_figures(hamlet, H_OCT, engine)["grid"], "grid_id")[10]
    # 201 (household) and 202 (individual) of 4 households; 203 is a business
    assert grid["broadband_households"] == 2
    assert grid["broadband_penetration"] == 0.5


def test_customers_with_no_grid_count_in_the_city_as_unassigned(hamlet, engine):
    f = monthly_figures(hamlet, H_OCT, engine)
    centers = f["center"].to_pylist()
    by_kind = {r["kind"]: r for r in centers}
    assert by_kind["center"]["billed_cents"] == 1000 + 2000 + 5000
    unassigned = by_kind["unassigned"]
    assert (unassigned["unit_id"], unassigned["name"], unassigned["grids"]) == (
        None, "unassigned", 0)  # fmt: skip
    assert unassigned["billed_cents"] == 700  # customer 204
    assert unassigned["subscribers_close"] == 1
    city = rows_by(f["city"], "unit_id")[1]
    assert city["billed_cents"] == 8000 + 700  # the centers plus the unassigned
    assert city["subscribers_close"] == sum(r["subscribers_close"] for r in centers)


# --- evidence --------------------------------------------------------------------------------


def test_evidence_names_the_subscriptions_and_the_reasons(store, engine):
    ev = unit_evidence(store, OCT, 10, engine)
    adds = {r["subscription_id"]: (r["valid"], r["reason"]) for r in ev["new_adds"].to_pylist()}
    assert adds == {
        2: (True, "active and billed"),
        3: (False, "billed nothing in its judging month"),
    }
    assert [r["subscription_id"] for r in ev["churned"].to_pylist()] == [10]
    assert [r["subscription_id"] for r in ev["arrears"].to_pylist()] == [9, 5, 2, 10]
    over = {r["subscription_id"]: r["over_90"] for r in ev["arrears"].to_pylist()}
    assert over == {9: True, 5: True, 2: False, 10: True}
    ev3 = unit_evidence(store, OCT, 3, engine)  # center 3: grids 11 and 12
    reasons = {r["subscription_id"]: r["reason"] for r in ev3["new_adds"].to_pylist()}
    assert reasons == {8: "not active in its judging month", 12: "gone before its judging month"}
    assert {r["subscription_id"] for r in ev3["churned"].to_pylist()} == {7, 8}
    mine = person_evidence(store, OCT, 505, engine)
    assert {r["subscription_id"] for r in mine["churned"].to_pylist()} == {7}


def test_revenue_evidence_lists_each_subscriptions_change_and_adds_up_to_the_totals(store, engine):
    rows = unit_evidence(store, OCT, 10, engine, kinds=("revenue",))["revenue"].to_pylist()
    # largest change first; S3 billed nothing in either month and is left out
    assert [(r["subscription_id"], r["billed_cents"], r["billed_base_cents"],
             r["change_cents"]) for r in rows] == [
        (2, 4000, 0, 4000),  # September's broadband add
        (5, 0, 3000, -3000),  # suspended since June
        (1, 6000, 5000, 1000),
        (11, 100, 0, 100),
        (4, 2000, 2000, 0),  # churned and came back: the same as last year
    ]  # fmt: skip
    # the rows add up to the grid's figures: 12,100 against 10,000
    assert sum(r["billed_cents"] for r in rows) == 12100
    assert sum(r["billed_base_cents"] for r in rows) == 10000


def test_inputs_evidence_gives_each_grids_inputs_by_kind(store, engine):
    ev = unit_evidence(store, OCT, 1, engine, kinds=("inputs",))["inputs"].to_pylist()
    assert [(r["grid_id"], r["commission_cents"], r["subsidy_cents"], r["promotion_cents"],
             r["labour_cents"], r["input_cents"]) for r in ev] == [
        (10, 1000, 500, 300, 200, 2000),
        (12, 0, 0, 0, 100, 100),
    ]  # fmt: skip


def test_evidence_with_the_suspension_option(store, engine):
    ev = unit_evidence(store, OCT, 10, engine, RateOptions(churn_suspended_over_90=True))
    churned = {r["subscription_id"]: r["reason"] for r in ev["churned"].to_pylist()}
    assert churned == {5: "suspended, arrears over 90 days"}


# --- plain Python pieces --------------------------------------------------------------------


def test_period_binds_exactly_the_months_it_needs():
    p = Period.month(OCT)
    assert p.fact_months == [LY, SEP, OCT]
    assert p.as_of == D(2026, 10, 31)
    p3 = Period.month(OCT, RateOptions(valid_add_month=3, growth_base="previous_period"))
    assert p3.fact_months == [AUG, SEP, OCT]
    assert Period(D(2026, 1, 15), D(2026, 3, 2)).months == [D(2026, 1, 1), D(2026, 2, 1),
                                                            D(2026, 3, 1)]  # fmt: skip


def test_options_refuse_nonsense():
    with pytest.raises(ValueError):
        RateOptions(valid_add_month=0)
    with pytest.raises(ValueError):
        RateOptions(churn_base="closing")  # type: ignore[arg-type]


def test_development_completion_and_explanations():
    assert development_completion(30, 40) == 0.75
    assert development_completion(30, 0) is None
    text = explain({"churn_rate": 0.1}, "churn_rate")
    assert "average of opening and closing base" in text
    assert "opening base" in explain({"churn_rate": 0.1}, "churn_rate",
                                     RateOptions(churn_base="opening"))  # fmt: skip
    assert "no subscriptions" in explain({"churn_rate": None}, "churn_rate")
