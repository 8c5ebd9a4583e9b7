"""Each alert rule on hand-built customers, as of the end of October 2026.

Grid 10 holds customers 1–6, grid 11 customers 7–9; customer 8 is a competitor's.
Every expected row is worked out by hand from the facts below.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.core.alerts.store import D, fact, write_store
from wangge.analytics.alerts import month_alerts
from wangge.core.alerts.rules import AlertOptions

OCT, SEP, AUG, JUL = D(2026, 10, 1), D(2026, 9, 1), D(2026, 8, 1), D(2026, 7, 1)
MONTHS = (JUL, AUG, SEP, OCT)


def steady(sub, cust, **oct_values):
    """Four months alike (usage 1000, billed 5000); October as given."""
    return [fact(m, sub, cust) for m in (JUL, AUG, SEP)] + [fact(OCT, sub, cust, **oct_values)]


FACTS = [
    # customer 1: contracts ending in 45, 60 and 61 days after 10-31
    *steady(11, 1),
    *steady(12, 1),
    *steady(13, 1),
    # customer 2: 4000 of its balance is older than October's bill; 22 owes only October's
    *steady(21, 2, arrears=9000),
    *steady(22, 2, arrears=5000),
    # customer 3: usage 31 % under the average (690 < 700); 32 exactly 30 % under (700)
    *steady(31, 3, usage=690),
    *steady(32, 3, usage=700),
    # customer 4: started in August: two months before October are no three-month average
    fact(AUG, 41, 4, start=D(2026, 8, 3)),
    fact(SEP, 41, 4, start=D(2026, 8, 3)),
    fact(OCT, 41, 4, start=D(2026, 8, 3), usage=100),
    # customer 5: one complaint on each of two lines; customer 6 one complaint only
    *steady(51, 5, complaints=1),
    *steady(52, 5, complaints=1),
    *steady(61, 6, complaints=1),
    # customer 7: started 10-20 and silent (11 days); 10-28 silent but only 3 days in;
    # 10-10 but used
    fact(OCT, 71, 7, start=D(2026, 10, 20), usage=0, billed=0),
    fact(OCT, 72, 7, start=D(2026, 10, 28), usage=0, billed=0),
    fact(OCT, 73, 7, start=D(2026, 10, 10), usage=5),
    # customer 8 (a competitor's): its contract ending raises nothing
    *steady(81, 8),
    # customer 9: ARPU halved; line 92 disconnected in October with a contract ending
    *steady(91, 9, billed=2500),
    *steady(92, 9, status="disconnected"),
]
SUBSCRIPTIONS = [
    (11, 1, D(2026, 12, 15)),
    (12, 1, D(2026, 12, 30)),
    (13, 1, D(2026, 12, 31)),
    (81, 8, D(2026, 11, 10)),
    (92, 9, D(2026, 11, 10)),
]
CUSTOMERS = [(c, "competitor" if c == 8 else "ours") for c in range(1, 10)]
GRIDS = [(c, 10 if c <= 6 else 11) for c in range(1, 10)]


@pytest.fixture(scope="module")
def alerts(tmp_path_factory):
    root = write_store(
        tmp_path_factory.mktemp("alerts"),
        FACTS,
        subscriptions=SUBSCRIPTIONS,
        customers=CUSTOMERS,
        grids=GRIDS,
    )
    return root, month_alerts(root, OCT, "duckdb").to_pylist()


def rows(alerts, rule):
    return [a for a in alerts[1] if a["rule"] == rule]


def test_a_contract_ending_within_60_days_is_red_and_names_the_soonest_end(alerts):
    (a,) = rows(alerts, "contract_ending")
    assert (a["customer_id"], a["level"], a["grid_id"]) == (1, "red", 10)
    # three lines; one row from the soonest (45 days), the 61-day one would not count
    assert (a["subscription_id"], a["on_date"]) == (11, D(2026, 12, 15))
    assert a["figure"] == 5000  # its monthly fee


def test_the_60th_day_counts_and_the_61st_does_not(alerts):
    root = alerts[0]
    only_12_and_13 = month_alerts(root, OCT, "duckdb", AlertOptions(contract_days=60))
    ending = [r for r in only_12_and_13.to_pylist() if r["rule"] == "contract_ending"]
    assert ending[0]["subscription_id"] == 11
    tighter = month_alerts(root, OCT, "duckdb", AlertOptions(contract_days=44)).to_pylist()
    assert [r for r in tighter if r["rule"] == "contract_ending"] == []
    wider = month_alerts(root, OCT, "duckdb", AlertOptions(contract_days=61)).to_pylist()
    assert [r["customer_id"] for r in wider if r["rule"] == "contract_ending"] == [1]


def test_arrears_older_than_the_months_bill_are_red(alerts):
    (a,) = rows(alerts, "arrears_ageing")
    assert (a["customer_id"], a["level"], a["subscription_id"]) == (2, "red", 21)
    assert (a["figure"], a["baseline"]) == (4000, 9000)


def test_ageing_over_more_months_needs_an_older_balance(alerts):
    # with two months, 9000 owed is not older than the 10000 billed in Sep and Oct
    two = month_alerts(alerts[0], OCT, "duckdb", AlertOptions(arrears_months=2)).to_pylist()
    assert [r for r in two if r["rule"] == "arrears_ageing"] == []


def test_usage_more_than_30_percent_under_its_three_month_average_is_yellow(alerts):
    (a,) = rows(alerts, "usage_drop")
    assert (a["customer_id"], a["level"], a["subscription_id"]) == (3, "yellow", 31)
    assert (a["figure"], a["baseline"]) == (690, 3000)


def test_without_three_months_before_there_is_no_average_to_fall_under(alerts):
    assert 4 not in {a["customer_id"] for a in rows(alerts, "usage_drop")}


def test_arpu_drop_is_yellow(alerts):
    (a,) = rows(alerts, "arpu_drop")
    assert (a["customer_id"], a["subscription_id"], a["figure"], a["baseline"]) == (
        9,
        91,
        2500,
        15000,
    )


def test_two_complaints_over_a_customers_lines_are_yellow(alerts):
    (a,) = rows(alerts, "complaints")
    assert (a["customer_id"], a["level"], a["figure"], a["subscription_id"]) == (
        5,
        "yellow",
        2,
        None,
    )


def test_a_new_user_silent_for_7_days_is_yellow(alerts):
    (a,) = rows(alerts, "new_silent")
    assert (a["customer_id"], a["subscription_id"], a["on_date"]) == (7, 71, D(2026, 10, 20))


def test_competitors_customers_and_lines_out_of_service_raise_nothing(alerts):
    assert 8 not in {a["customer_id"] for a in alerts[1]}
    assert all(a["subscription_id"] != 92 for a in alerts[1])


def test_the_portability_query_is_said_to_be_unavailable():
    from wangge.core.alerts.rules import RULES, UNAVAILABLE

    assert "portability_query" in UNAVAILABLE and "portability_query" not in RULES


def test_rows_come_by_grid_customer_and_rule_order(alerts):
    keys = [(a["grid_id"], a["customer_id"]) for a in alerts[1]]
    assert keys == sorted(keys)


def test_a_month_without_facts_is_refused_not_empty(alerts):
    with pytest.raises(FileNotFoundError, match="2026-11"):
        month_alerts(alerts[0], D(2026, 11, 1), "duckdb")


@pytest.mark.parametrize(
    "bad", [{"drop_percent": 0}, {"contract_days": -1}, {"guard_percent": 101}, {"nope": 1}]
)
def test_bad_options_are_refused_by_name(bad):
    with pytest.raises(ValueError, match=next(iter(bad))):
        AlertOptions.from_mapping(bad)


def test_guard_list_is_a_grids_top_fifth_by_arpu_rounded_up(tmp_path):
    # grid 10: six customers billed 600..100 → ceil(1.2) = 2; grid 11: five → 1,
    # and a tie at the top goes to the smaller customer id; a customer billed 0 is out
    billed = {1: 600, 2: 500, 3: 400, 4: 300, 5: 200, 6: 100, 7: 300, 8: 300, 9: 100,
              10: 50, 11: 20, 12: 0}  # fmt: skip
    facts = [fact(OCT, c, c, billed=b) for c, b in billed.items()]
    facts += [fact(SEP, 1, 1, billed=900)]  # customer 1 was billed more in September
    root = write_store(
        tmp_path,
        facts,
        customers=[(c, "ours") for c in billed],
        grids=[(c, 10 if c <= 6 else 11) for c in billed],
    )
    guard = [r for r in month_alerts(root, OCT, "duckdb").to_pylist() if r["level"] == "guard"]
    assert [(r["grid_id"], r["customer_id"]) for r in guard] == [(10, 1), (10, 2), (11, 7)]
    assert (guard[0]["figure"], guard[0]["baseline"]) == (600, 900)  # downgraded
    half = month_alerts(root, OCT, "duckdb", AlertOptions(guard_percent=50)).to_pylist()
    assert len([r for r in half if r["level"] == "guard"]) == 3 + 3  # ceil(3.0), ceil(2.5)


def test_the_rule_month_binds_only_the_months_it_needs():
    from wangge.core.alerts.rules import fact_months

    assert fact_months(OCT) == [JUL, AUG, SEP, OCT]
    assert fact_months(OCT, AlertOptions(drop_months=1, arrears_months=2)) == [AUG, SEP, OCT]


def test_months_constant_is_the_fixture_window():
    assert MONTHS[-1] == OCT and date(2026, 10, 31) > MONTHS[-1]
