"""Pools from the published appraisal: hand-worked figures, the ceiling, the job."""

from __future__ import annotations

from datetime import date

import pytest

OCT = date(2026, 10, 1)
NOV = date(2026, 11, 1)


def test_pools_from_the_published_unit_scores(pools):
    # 历下: 30,000 yuan × tier A 1.2 × clamp(95/100) = 34,200 yuan
    lx = pools["LX"]
    assert lx.pool_cents == 3_420_000
    assert lx.computed_cents == 3_420_000
    assert lx.tier == "A" and lx.score == 95
    assert lx.heads == 3  # the director is outside the pool
    # 市中: 20,000 × B 1.0 × 0.8 = 16,000 yuan
    assert pools["SZ"].pool_cents == 1_600_000
    assert not lx.scaled_down
    assert lx.derivation["scorecard_id"]
    assert "tier coefficient" in lx.derivation["formula"]


def test_company_ceiling_scales_every_pool_exactly(pay_city):
    from wangge.pay.models import PayConfig
    from wangge.pay.pools import compute_pools

    PayConfig.objects.update(company_total_cents=4_000_000)
    pools = {p.unit.code: p for p in compute_pools(OCT)}
    assert pools["LX"].pool_cents + pools["SZ"].pool_cents == 4_000_000
    # split 40,000 by 34,200 : 16,000 → 27,250.996 / 12,749.004, largest remainder
    assert pools["LX"].pool_cents == 2_725_100
    assert pools["LX"].computed_cents == 3_420_000
    assert pools["LX"].scaled_down


def test_revenue_above_budget_adds_its_share(pay_city):
    from datetime import date

    from wangge.pay.models import UnitPayBase, UnitRevenue
    from wangge.pay.pools import compute_pools

    u = pay_city["units"]
    UnitPayBase.objects.filter(unit=u["lixia"]).update(revenue_budget_cents=10_000_000)
    UnitRevenue.objects.create(month=OCT, unit=u["lixia"], revenue_cents=12_000_000)
    pools = {p.unit.code: p for p in compute_pools(OCT)}
    # + 10 % of 20,000 yuan above budget
    assert pools["LX"].pool_cents == 3_420_000 + 200_000
    assert pools["LX"].revenue_above_budget_cents == 2_000_000
    assert date(2026, 10, 1) == pools["LX"].month


def test_latest_published_version_counts(pay_city, publish_run):
    publish = publish_run
    from wangge.pay.pools import compute_pools

    u, p = pay_city["units"], pay_city["people"]
    run2 = publish(OCT, {u["lixia"]: 100, u["shizhong"]: 80}, {p["gm_x"]: 90}, version=2)
    publish(OCT, {u["lixia"]: 50, u["shizhong"]: 50}, {}, version=3, publish=False)
    pools = {x.unit.code: x for x in compute_pools(OCT)}
    assert pools["LX"].appraisal_run == run2
    assert pools["LX"].pool_cents == 3_600_000


def test_recomputing_is_idempotent(pools):
    from wangge.pay.models import PayPool
    from wangge.pay.pools import compute_pools

    compute_pools(OCT)
    assert PayPool.objects.filter(month=OCT).count() == 2


def test_inverted_pyramid_leaves_out_levels_the_city_lacks(pools):
    from wangge.pay.pools import pyramid

    report = pyramid(OCT)
    assert report.ok and report.tilt == ("city",)


def test_inverted_pyramid_warns_when_the_county_earns_less(pay_city):
    from wangge.org.models import Assignment, Unit
    from wangge.pay.pools import compute_pools, pyramid

    u, p = pay_city["units"], pay_city["people"]
    Unit.objects.filter(pk=u["shizhong"].pk).update(kind="county")
    Assignment.objects.filter(person=p["gm_y"]).update(unit=u["z"])
    compute_pools(OCT)
    report = pyramid(OCT)
    # county: 16,000 for one head; city: 34,200 for two heads (17,100)
    assert report.averages_cents == {"city": 1_710_000, "county": 1_600_000}
    assert report.warnings == (
        "inverted pyramid broken: average at county (¥16,000.00) is not above city (¥17,100.00)",
    )


def test_pools_job_reports_progress(pay_city, settings):
    from wangge.jobs.models import Job
    from wangge.pay.models import PayPool
    from wangge.pay.tasks import compute_pools_task

    job = Job.objects.create(kind="pay_pools", title="pools")
    compute_pools_task.call(job.id, "2026-10")
    job.refresh_from_db()
    assert job.status == "done", job.message
    assert job.result["pools"] == 2
    assert PayPool.objects.filter(month=OCT).count() == 2


def test_pools_job_fails_with_the_refusal(pay_city):
    from wangge.jobs.models import Job
    from wangge.pay.tasks import compute_pools_task

    job = Job.objects.create(kind="pay_pools", title="pools")
    compute_pools_task.call(job.id, "2026-11")
    job.refresh_from_db()
    assert job.status == "failed"
    assert "2026-11" in job.message


def test_command_line_pools(pay_city, capsys):
    from django.core.management import call_command

    call_command("pay", "pools", "--month", "2026-10")
    out = capsys.readouterr().out
    assert "历下中心" in out and "34,200.00" in out


def test_command_line_refuses_an_unpublished_month(pay_city, publish_run):
    publish = publish_run
    from django.core.management import CommandError, call_command

    u = pay_city["units"]
    publish(NOV, {u["lixia"]: 90}, {}, publish=False)
    with pytest.raises(CommandError, match=r"2026-11.*not published"):
        call_command("pay", "pools", "--month", "2026-11")


def test_a_center_scored_through_its_grids(pay_city, publish_run):
    from wangge.pay.models import PayConfig
    from wangge.pay.pools import compute_pools
    from wangge.pay.refusals import PayRefused

    u = pay_city["units"]
    publish_run(NOV, {u["x"]: 90, u["y"]: 80, u["z"]: 70}, {})
    pools = {p.unit.code: p for p in compute_pools(NOV)}
    # 历下: mean(90, 80) = 85 → 30,000 × 1.2 × 0.85
    assert pools["LX"].score == 85 and pools["LX"].pool_cents == 3_060_000
    assert pools["LX"].derivation["score_from_grids"]["formula"].startswith("Σ grid score")
    assert pools["SZ"].pool_cents == 1_400_000
    # by households: (90 × 1200 + 80 × 800) / 2000 = 86; 网格Z has no households
    PayConfig.objects.update(grid_score_weights="households")
    with pytest.raises(PayRefused, match="市中中心 · missing appraisal score"):
        compute_pools(NOV)
    assert pools["LX"].__class__.objects.get(unit=u["lixia"], month=NOV).score == 85
