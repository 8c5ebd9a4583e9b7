"""Points paid in October, clawed back on November's payslip naming the sale."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

OCT = date(2026, 10, 1)
NOV = date(2026, 11, 1)


def approve(people, unit, month):
    from wangge.pay.workflow import decide, start_draft, submit

    d = start_draft(people["director"].user, unit, month)
    return decide(people["marketing"].user, submit(people["director"].user, d), True)


def test_points_then_clawback_on_a_later_payslip(pools, pay_city, publish_run):
    from wangge.customers.models import Subscription
    from wangge.pay.models import PointsRule, PointsScheme
    from wangge.pay.pools import compute_pools
    from wangge.pay.versions import payslip_lines

    u, p, c = pay_city["units"], pay_city["people"], pay_city["customers"]
    scheme = PointsScheme.objects.create(
        company=u["city"], name="新增积分", cents_per_point=100, clawback_months=3
    )
    PointsRule.objects.create(
        scheme=scheme, product="融合套餐", points=Decimal(20), valid_from=date(2026, 1, 1)
    )
    sub = Subscription.objects.create(
        customer=c["zhang"],
        product_line="mobile",
        product="融合套餐",
        number="13800000001",
        start_date=date(2026, 10, 5),
        status="active",
        sold_by=p["gm_x"],
    )
    Subscription.objects.create(  # sold outside the scheme's products: no points
        customer=c["zhang"],
        product_line="iptv",
        product="IPTV",
        start_date=date(2026, 10, 6),
        status="active",
        sold_by=p["gm_x"],
    )
    approve(p, u["lixia"], OCT)
    (pts,) = payslip_lines(p["gm_x"], OCT).filter(component="points")
    assert pts.amount_cents == 2_000 and pts.item == "新增积分"

    # the customer leaves on 20 November, inside the three-month window
    Subscription.objects.filter(pk=sub.pk).update(
        status="disconnected", end_date=date(2026, 11, 20)
    )
    publish_run(
        NOV,
        {u["lixia"]: 95, u["shizhong"]: 80},
        {p["gm_x"]: 90, p["cm_x"]: 80, p["gm_y"]: 100},
    )
    compute_pools(NOV)
    approve(p, u["lixia"], NOV)
    (claw,) = payslip_lines(p["gm_x"], NOV).filter(component="clawback")
    assert claw.amount_cents == -2_000
    assert claw.subscription_id == sub.pk
    assert f"subscription {sub.pk}" in claw.reason and "融合套餐" in claw.reason
    assert "sold 2026-10" in claw.reason
    facts = {f["label"]: f["value"] for f in claw.derivation["inputs"]}
    assert facts["sale_month"] == "2026-10" and facts["event"] == "churn"

    # a correction of November does not claw back twice, nor does December
    from wangge.pay.workflow import start_draft

    v2 = start_draft(p["director"].user, u["lixia"], NOV)
    assert v2.lines.filter(component="clawback").count() == 1  # same month, recomputed


def test_the_clawback_names_the_sale_on_the_payslip_page(pools, pay_city, publish_run, login):
    from wangge.customers.models import Subscription
    from wangge.pay.models import PointsRule, PointsScheme
    from wangge.pay.pools import compute_pools

    u, p, c = pay_city["units"], pay_city["people"], pay_city["customers"]
    scheme = PointsScheme.objects.create(company=u["city"], name="新增积分", cents_per_point=150)
    PointsRule.objects.create(
        scheme=scheme,
        product="千兆宽带",
        channel_kind="central_hall",
        points=Decimal(30),
        valid_from=date(2026, 1, 1),
    )
    PointsRule.objects.create(
        scheme=scheme, product="千兆宽带", points=Decimal(20), valid_from=date(2026, 1, 1)
    )
    from wangge.territory.models import Channel

    hall = Channel.objects.get(code="C1")
    sub = Subscription.objects.create(
        customer=c["li"],
        product_line="broadband",
        product="千兆宽带",
        channel=hall,
        start_date=date(2026, 10, 20),
        status="active",
        sold_by=p["gm_y"],
    )
    approve(p, u["lixia"], OCT)
    html = login("gm_y").get("/pay/payslip/2026-10/").content.decode()
    assert "45.00" in html  # 30 points (the hall's rule wins) × 1.50 yuan
    assert f"<td>{sub.pk}</td><td>千兆宽带</td><td>2026-10-20</td>" in html
    Subscription.objects.filter(pk=sub.pk).update(status="cancelled", end_date=date(2026, 11, 3))
    publish_run(
        NOV, {u["lixia"]: 95, u["shizhong"]: 80}, {p["gm_x"]: 90, p["cm_x"]: 80, p["gm_y"]: 100}
    )
    compute_pools(NOV)
    approve(p, u["lixia"], NOV)
    html = login("gm_y").get("/pay/payslip/2026-11/").content.decode()
    assert (
        f"Clawed back: subscription {sub.pk} (千兆宽带), sold 2026-10; churn on 2026-11-03" in html
    )
    assert "-¥45.00" in html  # a clawback is negative money
