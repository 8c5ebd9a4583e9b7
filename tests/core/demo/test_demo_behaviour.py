"""The stories the demo data must be able to tell: churn drivers, fake adds, growth and decline."""

from __future__ import annotations

import duckdb
import pytest

from wangge.core import schema


@pytest.fixture(scope="module")
def db(medium):
    con = duckdb.connect()
    root = medium.out_dir.as_posix()
    facts = f"{root}/facts/subscription_month/*/*.parquet"
    con.execute(f"create view sm as select * from read_parquet('{facts}')")
    for name in schema.DIMS:
        con.execute(
            f"create view {name} as select * from read_parquet('{root}/dims/{name}.parquet')"
        )
    con.execute(
        """
        create view feat as
        select *,
            lag(status) over w as prev_status,
            lag(usage, 1) over w as u1,
            (lag(usage, 2) over w + lag(usage, 3) over w + lag(usage, 4) over w) / 3.0 as u_before,
            coalesce(lag(complaints, 1) over w, 0) + coalesce(lag(complaints, 2) over w, 0)
                + coalesce(lag(complaints, 3) over w, 0) as c3,
            lag(arrears_cents, 1) over w - lag(billed_cents, 1) over w as old_debt,
            status in ('disconnected', 'cancelled') and status_since >= month as churned
        from sm
        window w as (partition by subscription_id order by month)
        """
    )
    yield con
    con.close()


def rate(db, where: str) -> float:
    return db.execute(
        f"select avg(churned::int) from feat where prev_status = 'active' and {where}"
    ).fetchone()[0]


def test_monthly_churn_is_plausible(db):
    overall = rate(db, "true")
    assert 0.005 < overall < 0.03


def test_churn_is_higher_when_the_contract_is_ending(db):
    query = """
        select (s.contract_end >= f.month and s.contract_end < f.month + interval 60 day) as ending,
               avg(f.churned::int)
        from feat f join subscription s using (subscription_id)
        where f.prev_status = 'active' and f.month = (select max(month) from sm)
        group by 1
    """
    rates = dict(db.execute(query).fetchall())
    assert rates[True] > 2.5 * rates[False]


def test_churn_follows_falling_usage_complaints_and_arrears(db):
    have_history = "u_before is not null"
    assert rate(db, f"{have_history} and u1 < 0.7 * u_before") > 2 * rate(
        db, f"{have_history} and u1 >= 0.7 * u_before"
    )
    assert rate(db, "c3 >= 1") > 1.5 * rate(db, "c3 = 0")
    assert rate(db, "old_debt > 0") > 1.5 * rate(db, "old_debt <= 0")


def test_rules_on_the_drivers_alone_miss_many_leavers(db):
    flagged = "(u1 < 0.7 * u_before or c3 >= 1 or old_debt > 0)"
    caught, precision = db.execute(
        f"""
        select avg(case when {flagged} then 1 else 0 end) filter (where churned),
               avg(churned::int) filter (where {flagged})
        from feat where prev_status = 'active' and u_before is not null
        """
    ).fetchone()
    assert caught < 0.85
    assert precision < 0.2


def test_some_grids_book_fake_adds_that_go_silent(db):
    rows = db.execute(
        """
        with adds as (
            select subscription_id, customer_id, month as first_month
            from sm where start_date >= month
        ), second as (
            select a.subscription_id, a.customer_id,
                   sm.status = 'active' and sm.billed_cents > 0 as valid,
                   sm.status = 'active' and sm.billed_cents = 0 and sm.usage = 0 as silent
            from adds a join sm on sm.subscription_id = a.subscription_id
                and sm.month = a.first_month + interval 1 month
        )
        select g.grid_id, count(*) as n, avg(valid::int) as valid_rate, sum(silent::int) as silent
        from second join customer_grid g using (customer_id)
        group by 1 having count(*) >= 20
        """
    ).fetchall()
    rates = sorted(r[2] for r in rows)
    median = rates[len(rates) // 2]
    assert median > 0.85
    bad = [r for r in rows if r[2] < 0.75]
    assert bad, "no grid with a suspicious share of silent adds"
    assert all(r[3] > 0 for r in bad)


def test_grids_grow_and_shrink(db):
    changes = db.execute(
        """
        with c as (
            select g.grid_id, sm.month, count(*) filter (where sm.status = 'active') as active
            from sm join customer_grid g using (customer_id) group by 1, 2
        )
        select grid_id,
               max(active) filter (where month = (select max(month) from sm))
               / max(active) filter (where month = (select min(month) from sm)) - 1
        from c group by 1
        """
    ).fetchall()
    values = [v for _, v in changes]
    assert max(values) > 0.03
    assert min(values) < -0.03


def test_adds_dip_at_spring_festival_and_peak_with_the_new_term(db):
    adds = dict(
        db.execute(
            "select month(month), count(*) from sm where start_date >= month group by 1"
        ).fetchall()
    )
    assert adds[2] < 0.8 * adds[3]
    assert adds[9] > adds[8]


def test_churned_customers_sometimes_come_back(db):
    (n,) = db.execute(
        """
        select count(*) from subscription a join subscription b
          on a.customer_id = b.customer_id and a.product_line = b.product_line
         and b.start_date > a.end_date and a.subscription_id <> b.subscription_id
        """
    ).fetchone()
    assert n > 0


def test_long_arrears_lead_to_suspension(db):
    (n, with_old_debt) = db.execute(
        """
        select count(*), count(*) filter (where arrears_over_90_cents > 0)
        from sm where status = 'suspended'
        """
    ).fetchone()
    assert n > 0 and with_old_debt / n > 0.8


def test_new_adds_start_in_their_first_month(db):
    (bad,) = db.execute(
        """
        select count(*) from (
            select subscription_id, min(month) as first_month, any_value(start_date) as start_date
            from sm group by 1
        ) where first_month > (select min(month) from sm)
          and date_trunc('month', start_date) <> first_month
        """
    ).fetchone()
    assert bad == 0
