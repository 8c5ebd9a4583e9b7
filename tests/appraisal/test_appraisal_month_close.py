"""The month-end close on the conftest city, worked by hand (see conftest for the store)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

OCT = date(2026, 10, 1)

pytestmark = pytest.mark.django_db


def _cards(run):
    return {c.label: c for c in run.cards.all()}


def _items(card):
    return {i.key: i for i in card.items.all()}


def test_grid_x_worked_by_hand(month_inputs):
    from wangge.appraisal.close import close_month

    run = close_month(OCT)
    x = _cards(run)["网格X"]
    items = _items(x)
    # growth (27000 − 23000) / 23000 = 17.3913 %, target 10 %: negative-safe 1.7391 → cap 1.2
    assert items["revenue_growth"].actual == Decimal("17.391304")
    assert items["revenue_growth"].points == Decimal("30.00")
    # 1 valid add (s4) of a target of 2: 0.5 is under the floor 0.6
    assert items["development"].actual == Decimal("1")
    assert items["development"].points == Decimal("0.00")
    # arrears 4000 / 27000 = 14.8148 %, lower is better: 10 / 14.8148 = 0.675 → 6.75
    assert items["arrears"].actual == Decimal("14.814815")
    assert items["arrears"].points == Decimal("6.75")
    # churn 1 / ((5 + 5) / 2) = 20 %: 10 / 20 = 0.5 → under the floor
    assert items["churn"].actual == Decimal("20")
    assert items["churn"].points == Decimal("0.00")
    # input-output 27000 / 5000 = 5.4 against 4: capped at 1.2 → 12
    assert items["input_output"].actual == Decimal("5.4")
    assert items["input_output"].points == Decimal("12.00")
    assert x.qualitative == Decimal("17.00")
    assert x.total == Decimal("65.75")
    assert (x.rank, x.peers, x.scheme_code) == (Decimal("1.00"), 1, "grid-A-five-rates")


def test_class_b_grids_ranked_against_each_other(month_inputs):
    from wangge.appraisal.close import close_month

    cards = _cards(close_month(OCT))
    y, z = cards["网格Y"], cards["网格Z"]
    # Y: growth −23 % → 0; no adds → 0; no arrears → 15 × 1.2; churn 66.7 % → 0;
    # input-output 20000 / 4000 = 5 → capped 12; judgement 14
    assert y.total == Decimal("44.00")
    # Z: growth 0 → 0; dev 0; arrears 18; no churn → 25 × 1.2 = 30; 9000/3000 = 3 → 7.5; 14
    assert z.total == Decimal("69.50")
    assert (z.rank, y.rank, y.peers) == (Decimal("1.00"), Decimal("2.00"), 2)
    assert _items(y)["arrears"].completion is None  # no arrears at all: unbounded, best


def test_people_take_their_grid_targets_and_skip_posts_without_schemes(month_inputs):
    from wangge.appraisal.close import close_month

    run = close_month(OCT)
    labels = set(_cards(run))
    assert {"王网格", "李社区", "赵网格"} <= labels
    # the director, marketing and the auditor have posts no scheme covers
    assert not {"陈主任", "周市场", "吴审计"} & labels
    skipped = {s[0] for s in run.summary["skipped"]}
    assert "S004 陈主任" in skipped
    gm_x = _cards(run)["王网格"]
    dev = _items(gm_x)["development"]
    assert (dev.actual, dev.target) == (Decimal("1"), Decimal("2"))
    assert "target of 网格X" in str(dev.derivation)


def test_derivations_name_the_numbers(month_inputs):
    from wangge.appraisal.close import close_month

    run = close_month(OCT)
    churn = _items(_cards(run)["网格X"])["churn"]
    text = str(churn.derivation)
    assert "1 / ((5 + 5) / 2) × 100 = 20 %" in text
    assert "disconnected" in text
    assert "curve floor 0.6 cap 1.2" in text


def test_rerun_replaces_the_draft_with_the_same_result(month_inputs):
    from wangge.appraisal.close import close_month
    from wangge.appraisal.models import AppraisalRun

    first = close_month(OCT)
    before = {c.label: (c.total, c.rank) for c in first.cards.all()}
    second = close_month(OCT)
    assert AppraisalRun.objects.filter(month=OCT).count() == 1
    assert second.version == 1
    assert {c.label: (c.total, c.rank) for c in second.cards.all()} == before


def test_command_closes_and_publishes(month_inputs, capsys):
    from django.core.management import call_command

    from wangge.appraisal.models import AppraisalRun

    call_command("appraisal", "close", "--month", "2026-10", "--publish", "--quiet")
    run = AppraisalRun.objects.get(month=OCT)
    assert run.status == "published" and run.published_at is not None
    assert "version 1 published" in capsys.readouterr().out


def _drop_last_year(store, subscription_id):
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    path = store["root"] / "facts" / "subscription_month" / "2025-10" / "part-00000.parquet"
    t = pq.read_table(path)
    pq.write_table(t.filter(pc.not_equal(t["subscription_id"], subscription_id)), path)


def test_a_grid_with_no_revenue_a_year_ago_does_not_block_the_close(month_inputs, store, login):
    from wangge.appraisal.close import close_month

    _drop_last_year(store, store["subs"]["s9"])  # 网格Z: nothing billed in 2025-10
    cards = _cards(close_month(OCT))  # not refused with "actual missing"
    z = cards["网格Z"]
    growth = _items(z)["revenue_growth"]
    assert growth.points == Decimal("0.00") and growth.actual is None
    assert growth.reason == {"key": "no_base_revenue", "month": "2025-10"}
    # class B, growth 15 not applicable: the other 65 quantitative points are worth 80
    # arrears 15 × 80/65 × 1.2 = 22.15; churn 25 × 80/65 × 1.2 = 36.92;
    # input-output 10 × 80/65 × 3/4 = 9.23; development 0; judgement 14
    items = _items(z)
    assert (items["arrears"].points, items["churn"].points) == (Decimal("22.15"), Decimal("36.92"))
    assert items["input_output"].points == Decimal("9.23")
    assert z.total == Decimal("82.30")
    assert cards["网格Y"].total == Decimal("44.00")  # its own base is on file: unchanged
    page = login("marketing").get(f"/appraisal/card/{z.pk}/")
    assert page.status_code == 200
    assert "不适用：2025-10 无收入" in page.content.decode()
    api = login("marketing").get(f"/api/appraisal/items/{growth.pk}/explanation/")
    assert api.json()["reason"] == {"key": "no_base_revenue", "month": "2025-10"}
