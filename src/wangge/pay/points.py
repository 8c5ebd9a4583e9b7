"""Sales points and clawbacks of a month, for the people whose main unit this is.

The schemes, the points and the clawback window are the core's; this gathers the
month's sales, the earlier paid sales and the churn events behind a clawback.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from wangge.core import pay as core
from wangge.core.months import add_months
from wangge.pay.config import config
from wangge.pay.models import (
    PayConfig,
    PayLine,
    PointsScheme,
    SalePoints,
)
from wangge.pay.staffing import Staffing, TeamInput, staffing
from wangge.pay.versions import latest_approved


def _schemes(cfg: PayConfig) -> list[tuple[PointsScheme, core.PointsScheme]]:
    out = []
    for s in PointsScheme.objects.filter(company=cfg.company, active=True).prefetch_related(
        "rules"
    ):
        rules = [
            core.PointsRule(r.product, r.points, r.valid_from, r.valid_to, r.channel_kind or None)
            for r in s.rules.all()
        ]
        out.append(
            (
                s,
                core.PointsScheme(
                    s.name, rules, s.mode, int(s.cents_per_point), int(s.clawback_months)
                ),
            )
        )
    return out


def _month_sales(start: date, end: date, people: set[int], *, pooled: bool):
    """Sales of the month: the team's own, or the whole company's when a points pool
    is shared by every sale of the month."""
    from wangge.customers.models import Subscription

    qs = Subscription.objects.filter(
        sold_by__isnull=False, start_date__gte=start, start_date__lt=end
    )
    return qs if pooled else qs.filter(sold_by_id__in=people)


@dataclass
class PointsResult:
    lines: list[core.PayLine]
    sales: list[tuple[int, int, str, Fraction, int]]  # person, subscription, scheme, pts, cents


def points_and_clawbacks(ti: TeamInput, s: Staffing | None = None) -> PointsResult:
    """The month's points and clawbacks of the people whose main unit this is."""
    from wangge.customers.models import Subscription

    cfg = config()
    s = s or ti.staffing or staffing(ti.month)
    mine = {pid for pid in ti.people if s.primary(pid) == ti.unit.pk}
    start, end = ti.month, add_months(ti.month, 1)
    lines: list[core.PayLine] = []
    sales_out: list[tuple[int, int, str, Fraction, int]] = []
    schemes = _schemes(cfg)
    if not schemes:
        return PointsResult(lines, sales_out)
    month_sales = [
        core.Sale(
            sub.pk,
            sub.sold_by_id,
            sub.product,
            sub.start_date,
            sub.channel.kind if sub.channel_id else None,
        )
        for sub in _month_sales(start, end, mine, pooled=any(c.mode == "pool" for _r, c in schemes))
        .select_related("channel")
        .order_by("pk")
    ]
    earlier = latest_approved().filter(month__lt=ti.month)
    for row, scheme in schemes:
        sp = core.compute_points(scheme, month_sales)
        paid, plines = core.pay_points(
            scheme, ti.month, sp, int(row.pool_cents) if scheme.mode == "pool" else None
        )
        lines += [ln for ln in plines if ln.person_id in mine]
        sales_out += [
            (p.sale.person_id, p.sale.subscription_id, scheme.name, p.points, p.cents)
            for p in paid
            if p.sale.person_id in mine
        ]
        before = [
            core.PaidSale(
                core.Sale(
                    sp_.subscription_id,
                    sp_.person_id,
                    sp_.subscription.product,
                    sp_.subscription.start_date,
                ),
                Fraction(sp_.points),
                int(sp_.amount_cents),
                sp_.distribution.month,
                sp_.scheme,
            )
            for sp_ in SalePoints.objects.filter(
                distribution__in=earlier, person_id__in=mine, scheme=scheme.name
            ).select_related("subscription", "distribution")
        ]
        if not before:
            continue
        subs = [p.sale.subscription_id for p in before]
        events = [
            core.SaleEvent(sid, ended, "churn")
            for sid, ended in Subscription.objects.filter(
                pk__in=subs, end_date__isnull=False, status__in=["disconnected", "cancelled"]
            ).values_list("pk", "end_date")
        ]
        done = PayLine.objects.filter(
            distribution__in=earlier, component=core.CLAWBACK, subscription_id__in=subs
        ).values_list("subscription_id", flat=True)
        lines += core.compute_clawbacks(
            ti.month, before, events, scheme.clawback_months, already_clawed=set(done)
        )
    return PointsResult(lines, sales_out)
