"""Pools of a month: every center's and county's pool from its published appraisal.

All or nothing: the month's published appraisal, the pay bases and revenues go to
``wangge.core.pay.compute_pools``; a missing score or base, or a pool that would
change under a submitted or approved distribution, is refused and nothing is written.
Also the inverted-pyramid and front-line checks over the month's pools and pay.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.db import transaction
from django.utils.translation import gettext as _

from wangge.core import pay as core
from wangge.core.months import month_end
from wangge.org.models import Unit, UnitKind
from wangge.pay.config import config, pool_config
from wangge.pay.models import (
    Distribution,
    DistributionStatus,
    PayConfig,
    PayLine,
    PayPool,
    UnitPayBase,
    UnitRevenue,
)
from wangge.pay.presentation import describe, label, rule_label
from wangge.pay.refusals import PayRefused
from wangge.pay.staffing import POOL_KINDS, pool_unit_map, staffing
from wangge.pay.versions import latest_approved

Progress = Callable[[str, int, int], None]


NO_CEILING = 10**15  # "0 = no ceiling": a total no month reaches


def published_run(month: date):
    """The latest published appraisal run of ``month``; refused naming the month."""
    from wangge.appraisal.models import AppraisalRun

    run = AppraisalRun.objects.latest_for(month, published_only=True)
    if run is not None:
        return run
    draft = AppraisalRun.objects.latest_for(month)
    if draft is None:
        raise PayRefused(
            [
                _("No appraisal for %(month)s: pay needs the month's published appraisal.")
                % {"month": label(month)}
            ]
        )
    raise PayRefused(
        [
            _(
                "The appraisal of %(month)s is not published (version %(version)s is a draft):"
                " pay needs the month's published appraisal."
            )
            % {"month": label(month), "version": draft.version}
        ]
    )


def _base_for(unit: Unit, month: date) -> UnitPayBase | None:
    return UnitPayBase.objects.as_of(month).filter(unit=unit).order_by("-valid_from").first()


@transaction.atomic
def compute_pools(month: date, progress: Progress | None = None) -> list[PayPool]:
    """Every center's and county's pool for ``month`` from its published appraisal.

    All or nothing: a missing or unpublished appraisal, a unit without a score or
    a pay base, an unknown tier, or a pool that would change under a submitted or
    approved distribution is refused and nothing is written.
    """
    from wangge.appraisal.models import ScoreCard

    report = progress or (lambda stage, done, total: None)
    run = published_run(month)
    cfg = config()
    units = list(Unit.objects.filter(kind__in=POOL_KINDS).order_by("code"))
    cards = {
        c.unit_id: c
        for c in ScoreCard.objects.ordinary().filter(run=run, subject_kind="unit", unit__in=units)
    }
    scores = {uid: c.total for uid, c in cards.items()}
    from_grids = _scores_from_grids(run, month, units, cfg, skip=set(cards))
    scores.update({uid: score for uid, (score, _w) in from_grids.items()})
    revenue = dict(
        UnitRevenue.objects.filter(month=month, unit__in=units).values_list(
            "unit_id", "revenue_cents"
        )
    )
    problems: list[str] = []
    appraisals = []
    bases = {}
    for i, u in enumerate(units, start=1):
        report(_("appraisal and base"), i, len(units))
        base = _base_for(u, month)
        card = scores.get(u.pk)
        if card is None:
            problems.append(
                f"{u.name} · {rule_label('missing_score')}: "
                + _("no unit score in the published appraisal of %(month)s (version %(v)s)")
                % {"month": label(month), "v": run.version}
            )
        if base is None:
            problems.append(
                f"{u.name} · {rule_label('missing_base')}: "
                + _("no pay base in force on %(month)s") % {"month": label(month)}
            )
        if card is None or base is None:
            continue
        bases[u.pk] = base
        appraisals.append(
            core.UnitAppraisal(
                u.pk,
                int(base.base_cents),
                base.tier,
                card,
                revenue.get(u.pk, 0),
                int(base.revenue_budget_cents) if u.pk in revenue else 0,
            )
        )
    if problems:
        raise PayRefused(problems)
    by_id = {u.pk: u for u in units}
    try:
        result = core.compute_pools(
            appraisals, int(cfg.company_total_cents) or NO_CEILING, pool_config(cfg)
        )
    except core.PayError as exc:
        raise PayRefused([describe(v, by_id, {}) for v in exc.violations]) from exc
    s = staffing(month)
    heads: dict[int, int] = defaultdict(int)
    excluded = set(cfg.excluded_posts or [])
    for pid, days in s.days.items():
        for uid in days:
            if s.post[(pid, uid)] not in excluded:
                heads[uid] += 1
    locked = set(
        Distribution.objects.filter(month=month)
        .exclude(status__in=[DistributionStatus.DRAFT, DistributionStatus.RETURNED])
        .values_list("unit_id", flat=True)
    )
    old = {p.unit_id: p for p in PayPool.objects.filter(month=month)}
    saved = []
    for i, p in enumerate(result.pools, start=1):
        report(_("pools"), i, len(result.pools))
        u = by_id[p.unit_id]
        before = old.get(u.pk)
        if u.pk in locked and (before is None or before.pool_cents != p.pool_cents):
            problems.append(
                f"{u.name} · "
                + _("locked pool")
                + ": "
                + _(
                    "a submitted or approved distribution of %(month)s rests on the pool;"
                    " correct it as a new version instead"
                )
                % {"month": label(month)}
            )
            continue
        inputs = p.working.inputs
        row = before or PayPool(month=month, unit=u)
        row.appraisal_run = run
        row.base_cents = inputs["base_cents"]
        row.tier = inputs["tier"]
        row.tier_coefficient = as_decimal(inputs["tier_coefficient"], 3)
        row.score = as_decimal(scores[u.pk], 2)
        row.revenue_above_budget_cents = inputs["revenue_above_budget_cents"]
        row.computed_cents = p.unscaled_cents
        row.pool_cents = p.pool_cents
        row.scaled_down = result.scaled_down
        row.heads = heads.get(u.pk, 0)
        der = p.derivation.to_dict()
        if u.pk in cards:
            der["scorecard_id"] = cards[u.pk].pk
        else:
            score, working = from_grids[u.pk]
            der["score_from_grids"] = working.derivation("unit score", score).to_dict()
        der["run"] = {"id": run.pk, "version": run.version}
        row.derivation = der
        row.save()
        saved.append(row)
    if problems:
        raise PayRefused(problems)
    return saved


def _scores_from_grids(run, month: date, units, cfg: PayConfig, skip: set[int]) -> dict:
    """Centers the appraisal did not score itself: the mean of their grids' cards."""
    from wangge.appraisal.models import ScoreCard

    owner = pool_unit_map(month_end(month))
    grid_cards = (
        ScoreCard.objects.ordinary()
        .filter(run=run, subject_kind="unit", unit__kind=UnitKind.GRID)
        .select_related("unit")
    )
    parts: dict[int, dict[int, Decimal]] = defaultdict(dict)
    weights: dict[int, dict[int, int]] = defaultdict(dict)
    for c in grid_cards:
        pool = owner.get(c.unit_id)
        if pool is None or pool in skip:
            continue
        parts[pool][c.unit_id] = c.total
        weights[pool][c.unit_id] = c.unit.households
    out = {}
    for u in units:
        if u.pk in skip or u.pk not in parts:
            continue
        w = weights[u.pk] if cfg.grid_score_weights == "households" else None
        try:
            out[u.pk] = core.score_from_parts(u.pk, parts[u.pk], w)
        except core.PayError:
            continue  # reported as a missing score with the unit's name
    return out


def as_decimal(value: Fraction | Decimal | int, places: int) -> Decimal:
    """An exact figure of the core as the decimal column stores it (``places`` digits)."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value).quantize(Decimal(1).scaleb(-places))


def pyramid(month: date) -> core.PyramidReport:
    """Average pool per head by level (county branches, urban centers) against the tilt.

    Levels the company does not have (a city with no county branch) are left out
    of the tilt rather than reported as broken.
    """
    cfg = config()
    totals: dict[str, list[int]] = {}
    for p in PayPool.objects.filter(month=month).select_related("unit"):
        level = "county" if p.unit.kind == UnitKind.COUNTY else "city"
        t = totals.setdefault(level, [0, 0])
        t[0] += p.pool_cents
        t[1] += p.heads
    levels = [core.LevelPay(k, t, h) for k, (t, h) in totals.items()]
    tilt = tuple(lv for lv in (cfg.pyramid_tilt or ()) if lv in totals)
    return core.check_inverted_pyramid(levels, tilt)


def front_line_check(month: date) -> core.PyramidReport | None:
    """Average pay from the pools per head, front line against support (approved pay)."""
    cfg = config()
    front = set(cfg.front_line_posts or [])
    sums: dict[str, int] = {"front_line": 0, "support": 0}
    heads: dict[str, set[int]] = {"front_line": set(), "support": set()}
    rows = PayLine.objects.filter(
        distribution__in=latest_approved(month), component__in=core.POOL_PAY
    ).values_list("person_id", "person__post", "amount_cents")
    for pid, post, cents in rows:
        level = "front_line" if post in front else "support"
        sums[level] += int(cents)
        heads[level].add(pid)
    if not heads["front_line"] or not heads["support"]:
        return None
    return core.check_inverted_pyramid(
        [core.LevelPay(k, sums[k], len(heads[k])) for k in sums], ("front_line", "support")
    )
