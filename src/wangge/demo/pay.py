"""Pay for the demo city: configuration, pools, one approved distribution, drafts.

``prepare_demo(month)`` is called by ``wangge demo`` once the month's appraisal is
published. It gives every center and county a pay base (county heads paid more,
the inverted pyramid), rural allowances and a points scheme over the products
sold, computes the pools, drafts every unit's distribution with the proposed
split, approves the demo director's center (so its people open real payslips)
and submits one more (so the approval queue is not empty). Figures are ours,
for the demo only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from wangge.core.months import parse_month
from wangge.org.models import Unit, UnitKind
from wangge.pay.config import config
from wangge.pay.models import PointsRule, PointsScheme, UnitPayBase
from wangge.pay.pools import compute_pools
from wangge.pay.refusals import PayRefused
from wangge.pay.staffing import POOL_KINDS, pool_unit_map, staffing
from wangge.pay.workflow import decide, start_draft, submit

Progress = Callable[[str, int, int], None]

#: monthly pay base per head in cents: county branches above urban centers
BASE_PER_HEAD = {UnitKind.COUNTY: 900_000, UnitKind.CENTER: 800_000}
#: points per product line for the demo scheme
POINTS_BY_LINE = {"mobile": 10, "broadband": 20, "fixed": 5, "iptv": 5, "dataline": 60}
DEMO_ALLOWANCES = {"food": 30_000, "housing": 50_000, "transport": 20_000}
DEMO_FLOOR_CENTS = 220_000


@dataclass
class DemoPay:
    """What the demo pay step produced, for the demo command's summary."""

    pools: int = 0
    drafts: int = 0
    approved: list[str] = field(default_factory=list)
    submitted: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _configure(month: date) -> None:
    cfg = config()
    if not cfg.rural_allowances:
        cfg.rural_allowances = dict(DEMO_ALLOWANCES)
    if not cfg.floor_cents:
        cfg.floor_cents = DEMO_FLOOR_CENTS
    # the demo appraisal does not score virtual teams: pay the rest, name them
    cfg.unscored = "leave_out"
    cfg.save()
    s = staffing(month)
    excluded = set(cfg.excluded_posts or [])
    heads: dict[int, int] = {}
    for pid, days in s.days.items():
        for uid in days:
            if s.post[(pid, uid)] not in excluded:
                heads[uid] = heads.get(uid, 0) + 1
    units = list(Unit.objects.filter(kind__in=POOL_KINDS).order_by("code"))
    # the larger half of the urban centers in tier A; county branches in tier A too,
    # so the demo shows the inverted pyramid holding (county above city per head)
    centers = sorted(
        (u for u in units if u.kind == UnitKind.CENTER), key=lambda u: -heads.get(u.pk, 0)
    )
    top = {u.pk for u in centers[: (len(centers) + 1) // 2]}
    for u in units:
        if UnitPayBase.objects.as_of(month).filter(unit=u).exists():
            continue
        tier = "A" if u.kind == UnitKind.COUNTY or u.pk in top else "B"
        UnitPayBase.objects.create(
            unit=u,
            tier=tier,
            base_cents=BASE_PER_HEAD.get(u.kind, 800_000) * max(1, heads.get(u.pk, 0)),
            valid_from=date(month.year, 1, 1),
        )
    if not PointsScheme.objects.filter(company=cfg.company).exists():
        from wangge.customers.models import Subscription

        scheme = PointsScheme.objects.create(
            company=cfg.company, name="新增积分", cents_per_point=100, clawback_months=3
        )
        products = (
            Subscription.objects.filter(sold_by__isnull=False)
            .values_list("product", "product_line")
            .distinct()
        )
        for product, line in sorted(set(products)):
            PointsRule.objects.create(
                scheme=scheme,
                product=product,
                points=Decimal(POINTS_BY_LINE.get(line, 5)),
                valid_from=date(month.year - 2, 1, 1),
            )


def _demo_unit() -> Unit | None:
    """The pool unit of the demo director's login (else of the first grid manager's)."""
    from wangge.org.dated import today
    from wangge.org.scope import assigned_unit_ids

    owner = pool_unit_map(today())
    for username in ("director", "gridmgr"):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            continue
        for uid in sorted(assigned_unit_ids(user, today())):
            if uid in owner:
                return Unit.objects.get(pk=owner[uid])
    return None


def prepare_demo(month: date | str, *, progress: Progress | None = None) -> DemoPay:
    """Pools, drafts, one approved and one submitted distribution for ``month``.

    Refused (``PayRefused``) when the month's appraisal is not published; a unit
    whose draft the rules refuse is skipped and named in ``skipped``.
    """
    month = parse_month(month)
    report = progress or (lambda stage, done, total: None)
    out = DemoPay()
    with transaction.atomic():
        _configure(month)
        out.pools = len(compute_pools(month, progress=report))
        units = list(Unit.objects.filter(kind__in=POOL_KINDS).order_by("code"))
        chosen = _demo_unit() or (units[0] if units else None)
        for i, u in enumerate(units, start=1):
            report("pay distributions", i, len(units))
            try:
                d = start_draft(None, u, month)
            except PayRefused as exc:
                out.skipped += [f"{u.name}: {m}" for m in exc.messages]
                continue
            out.drafts += 1
            if chosen is not None and u.pk == chosen.pk and d.status == "draft":
                d = submit(None, d)
                decide(None, d, True, "演示：已审批")
                out.approved.append(u.name)
            elif not out.submitted and d.status == "draft" and u.pk != getattr(chosen, "pk", 0):
                submit(None, d)
                out.submitted.append(u.name)
    return out
