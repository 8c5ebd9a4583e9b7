"""Pay flows: load from the database, call ``wangge.core.pay``, save the result.

No pay rule is decided here: the pools, the distribution rules, points and
clawbacks are the core's. This module gathers the month's published appraisal,
the organisation as it stood, the configuration and the sales; turns the core's
violations into messages naming the unit, person and rule; and writes all or
nothing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history

from wangge.core import pay as core
from wangge.core.money import format_yuan
from wangge.core.months import add_months
from wangge.org.models import Assignment, Person, Unit, UnitKind
from wangge.pay.models import (
    Distribution,
    DistributionLocked,
    DistributionStatus,
    PayConfig,
    PayLine,
    PayPool,
    PersonMonth,
    PointsScheme,
    SalePoints,
    TwoUnits,
    UnitPayBase,
    UnitRevenue,
    Unscored,
)

Progress = Callable[[str, int, int], None]
POOL_KINDS = (UnitKind.CENTER, UnitKind.COUNTY)
NO_CEILING = 10**15  # "0 = no ceiling": a total no month reaches


#: The largest amount a person may type or import, per kind, in yuan. Far above any real
#: figure of one unit or person for one month, far below what 64-bit cents hold
#: (about 9.2 × 10^16 yuan), so a slip of the keyboard is refused, never stored.
AMOUNT_LIMITS_YUAN = {
    "base": 10**9,  # a unit's monthly pay base
    "budget": 10**10,  # a unit's monthly revenue budget
    "revenue": 10**10,  # a unit's monthly revenue
    "allocation": 10**7,  # one person's discretionary share of one month
}
AMOUNT_LABELS = {
    "base": gettext_noop("pay base"),
    "budget": gettext_noop("revenue budget"),
    "revenue": gettext_noop("revenue"),
    "allocation": gettext_noop("discretionary amount"),
}


def amount_problem(cents: int, kind: str) -> str:
    """Why an amount of ``kind`` is refused ("" when it is within its bound)."""
    limit = AMOUNT_LIMITS_YUAN[kind]
    if abs(cents) <= limit * 100:
        return ""
    return _("¥%(amount)s is beyond the largest %(what)s accepted (¥%(limit)s)") % {
        "amount": format_yuan(cents, thousands=True),
        "what": _(AMOUNT_LABELS[kind]),
        "limit": format_yuan(limit * 100, thousands=True),
    }


class PayRefused(Exception):
    """Input the pay rules refuse: ``messages`` name the unit, person and rule each."""

    def __init__(self, messages: Iterable[str]):
        self.messages = list(messages)
        super().__init__("; ".join(self.messages))


# --- months -------------------------------------------------------------------


def next_month(month: date) -> date:
    """The first day of the next month: the exclusive end of ``month``."""
    return add_months(month, 1)


def label(month: date) -> str:
    return f"{month:%Y-%m}"


# --- configuration --------------------------------------------------------------


def company() -> Unit:
    """The city company (the root unit); pay configuration hangs on it."""
    city = Unit.objects.filter(kind=UnitKind.CITY).order_by("pk").first()
    if city is None:
        raise PayRefused([_("There is no city company unit: load the organisation first.")])
    return city


def config() -> PayConfig:
    """The company's pay configuration, created with the shipped defaults on first use."""
    cfg, _created = PayConfig.objects.get_or_create(company=company())
    return cfg


def pool_config(cfg: PayConfig) -> core.PoolConfig:
    return core.PoolConfig(
        tier_coefficients={k: str(v) for k, v in cfg.tier_coefficients.items()},
        score_floor=cfg.score_floor,
        score_cap=cfg.score_cap,
        revenue_share=cfg.revenue_share,
    )


def distribution_config(
    cfg: PayConfig, post_overrides: Mapping[str, str] | None = None
) -> core.DistributionConfig:
    """The core's rules from the company's configuration (what-if may override posts)."""
    posts = {k: str(v) for k, v in cfg.post_coefficients.items()}
    posts.update({k: str(v) for k, v in (post_overrides or {}).items()})
    t = cfg.training or {}
    default = core.TrainingRule()
    training = core.TrainingRule(
        yearly_minimum_hours=str(t.get("yearly_minimum_hours", default.yearly_minimum_hours)),
        rate_per_missing_hour=str(t.get("rate_per_missing_hour", default.rate_per_missing_hour)),
        max_rate=str(t.get("max_rate", default.max_rate)),
        pace=t.get("pace", default.pace),
        check_month=int(t.get("check_month", default.check_month)),
    )
    return core.DistributionConfig(
        formula_share=cfg.formula_share,
        post_coefficients=posts,
        cap_multiple=cfg.cap_multiple,
        floor_cents=int(cfg.floor_cents),
        rural_allowances={k: int(v) for k, v in (cfg.rural_allowances or {}).items()},
        training=training,
    )


# --- the published appraisal ------------------------------------------------------


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


# --- names in messages -------------------------------------------------------------

_PREFIX = re.compile(r"^unit [^,:]+(, person [^:]+)?: ")
RULE_LABELS = {
    "cap": gettext_noop("cap (k × team average)"),
    "floor": gettext_noop("floor (minimum wage)"),
    "total": gettext_noop("exact total"),
    "missing_reason": gettext_noop("written reason"),
    "pool_below_floors": gettext_noop("pool below the sum of floors"),
    "missing_score": gettext_noop("missing appraisal score"),
    "unknown_post": gettext_noop("post coefficient"),
    "unknown_tier": gettext_noop("budget tier"),
    "bad_input": gettext_noop("bad input"),
    "no_formula_weight": gettext_noop("formula weight"),
    "two_units": gettext_noop("two units in a month"),
    "missing_base": gettext_noop("pay base"),
}


def rule_label(rule: str) -> str:
    return _(RULE_LABELS.get(rule, rule))


_CENTS = re.compile(r"(-?\d+) cents")


def _in_yuan(text: str) -> str:
    return _CENTS.sub(lambda m: f"¥{format_yuan(int(m.group(1)), thousands=True)}", text)


def describe(v: core.Violation, units: Mapping, people: Mapping) -> str:
    """One violation as a person reads it: unit · person · rule: what is wrong."""
    who = []
    unit = units.get(v.unit_id)
    if unit is not None:
        who.append(str(unit.name))
    person = people.get(v.person_id)
    if person is not None:
        who.append(f"{person.name} ({person.staff_no})")
    return f"{' · '.join(who)} · {rule_label(v.rule)}: {_detail(v)}"


# The core's messages are English; the common rules are said again in the page's
# language with the same figures (in the same order as in the core's message).
DETAILS = {
    "cap": (
        2,
        gettext_noop("%(a)s is above the cap %(b)s (k × team average × share of the month)"),
    ),
    "floor": (2, gettext_noop("%(a)s is below the floor %(b)s")),
    "total": (
        2,
        gettext_noop("the discretionary amounts add up to %(a)s; the discretionary part is %(b)s"),
    ),
    "missing_reason": (1, gettext_noop("a discretionary amount of %(a)s needs a written reason")),
    "pool_below_floors": (2, gettext_noop("the pool %(a)s is below the sum of the floors %(b)s")),
    "missing_score": (0, gettext_noop("no published appraisal score")),
}


def _detail(v: core.Violation) -> str:
    figures = [int(x) for x in _CENTS.findall(v.message)]
    known = DETAILS.get(v.rule)
    if known is not None and len(figures) == known[0]:
        yuan = [f"¥{format_yuan(c, thousands=True)}" for c in figures]
        return _(known[1]) % dict(zip("ab", yuan, strict=False))
    return _in_yuan(_PREFIX.sub("", v.message))


# --- the organisation in a month -----------------------------------------------------


def pool_unit_map(day: date) -> dict[int, int]:
    """unit id → the center or county it belongs to, as the tree stood on ``day``."""
    from wangge.org.scope import unit_tree

    parent = unit_tree(day)
    pool_ids = set(Unit.objects.filter(kind__in=POOL_KINDS).values_list("pk", flat=True))
    out: dict[int, int] = {}
    for uid in set(parent) | set(parent.values()) | pool_ids:
        cur, seen = uid, set()
        while cur is not None and cur not in seen:
            if cur in pool_ids:
                out[uid] = cur
                break
            seen.add(cur)
            cur = parent.get(cur)
    return out


@dataclass
class Staffing:
    """Who served which pool unit in a month, for how many days, in which post."""

    month: date
    days: dict[int, dict[int, int]] = field(default_factory=dict)  # person → pool unit → days
    post: dict[tuple[int, int], str] = field(default_factory=dict)  # (person, pool unit) → post
    rural: dict[tuple[int, int], bool] = field(default_factory=dict)
    people: dict[int, Person] = field(default_factory=dict)

    def primary(self, person_id: int) -> int:
        """The unit whose distribution carries a person's points and clawbacks."""
        d = self.days[person_id]
        return max(d, key=lambda u: (d[u], -u))


def staffing(month: date) -> Staffing:
    start, end = month, next_month(month)
    owner = pool_unit_map(end - timedelta(days=1))
    rows = (
        Assignment.objects.filter(valid_from__lt=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=start))
        .select_related("person", "unit")
        .order_by("person_id", "valid_from")
    )
    s = Staffing(month)
    post_days: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    month_days = (end - start).days
    for a in rows:
        pool = owner.get(a.unit_id)
        if pool is None:
            continue
        lo = max(a.valid_from, start)
        hi = min(a.valid_to or end, end)
        days = (hi - lo).days
        if days <= 0:
            continue
        per = s.days.setdefault(a.person_id, {})
        per[pool] = min(month_days, per.get(pool, 0) + days)
        post_days[(a.person_id, pool)][a.post] += days
        s.people[a.person_id] = a.person
        rural = a.unit.grid_type == "rural" or not a.unit.urban
        s.rural[(a.person_id, pool)] = s.rural.get((a.person_id, pool), False) or rural
    for key, posts in post_days.items():
        s.post[key] = max(posts, key=lambda p: (posts[p], p))
    return s


@dataclass
class TeamInput:
    """A unit's team for the month, as the core needs it, with the rows behind it."""

    unit: Unit
    month: date
    pool: PayPool
    team: core.Team
    people: dict[int, Person]
    cards: dict[int, object]
    posts: dict[int, str]
    shares: dict[int, Fraction]
    front_line: set[int]
    problems: list[str]
    notices: list[str] = field(default_factory=list)
    staffing: Staffing | None = None


def load_team(unit: Unit, month: date, cfg: PayConfig | None = None) -> TeamInput:
    """The unit's people in ``month`` with their scores, posts and shares of the month.

    Refuses (``PayRefused``) a month without a computed pool. A person in two
    units follows the company's rule: split by days (the default) or refused,
    naming the person and both units.
    """
    from wangge.appraisal.models import ScoreCard

    cfg = cfg or config()
    pool = PayPool.objects.filter(month=month, unit=unit).select_related("appraisal_run").first()
    if pool is None:
        raise PayRefused(
            [
                _("%(unit)s: no pool for %(month)s; compute the month's pools first.")
                % {"unit": unit.name, "month": label(month)}
            ]
        )
    s = staffing(month)
    excluded = set(cfg.excluded_posts or [])
    front = set(cfg.front_line_posts or [])
    units = {u.pk: u for u in Unit.objects.filter(kind__in=POOL_KINDS)}
    members, problems, notices = [], [], []
    people: dict[int, Person] = {}
    posts: dict[int, str] = {}
    shares: dict[int, Fraction] = {}
    person_ids = [pid for pid, d in s.days.items() if unit.pk in d]
    cards = {
        c.person_id: c
        for c in ScoreCard.objects.filter(
            run=pool.appraisal_run, subject_kind="person", person_id__in=person_ids
        )
    }
    extra = {
        pm.person_id: pm for pm in PersonMonth.objects.filter(month=month, person_id__in=person_ids)
    }
    for pid in sorted(person_ids, key=lambda p: s.people[p].staff_no):
        post = s.post[(pid, unit.pk)]
        if post in excluded:
            continue
        days = {u: d for u, d in s.days[pid].items() if s.post[(pid, u)] not in excluded}
        person = s.people[pid]
        if len(days) > 1:
            names = "、".join(units[u].name for u in sorted(days) if u in units)
            if cfg.two_units == TwoUnits.REFUSE:
                problems.append(
                    f"{unit.name} · {person.name} ({person.staff_no}) · {rule_label('two_units')}: "
                    + _("assigned to %(units)s in %(month)s; the company refuses a split")
                    % {"units": names, "month": label(month)}
                )
                continue
            share = core.shares_by_days(
                days,
                basis=cfg.two_units,
                days_in_month=(next_month(month) - month).days,
            ).get(unit.pk, Fraction(0))
        else:
            share = Fraction(1)
        if share <= 0:
            continue
        card = cards.get(pid)
        if card is None and cfg.unscored == Unscored.LEAVE_OUT:
            notices.append(
                f"{unit.name} · {person.name} ({person.staff_no}) · {rule_label('missing_score')}: "
                + _("not in the published appraisal of %(month)s; left out of the pool")
                % {"month": label(month)}
            )
            continue
        pm = extra.get(pid)
        rural = pm.rural if pm is not None and pm.rural is not None else s.rural[(pid, unit.pk)]
        members.append(
            core.Member(
                pid,
                post,
                card.total if card is not None else None,
                attendance=pm.attendance if pm is not None else 1,
                share=share,
                rural=rural,
                training_hours=pm.training_hours if pm is not None else None,
            )
        )
        people[pid] = person
        posts[pid] = post
        shares[pid] = share
    return TeamInput(
        unit,
        month,
        pool,
        core.Team(unit.pk, pool.pool_cents, members, month),
        people,
        {pid: cards[pid] for pid in people if pid in cards},
        posts,
        shares,
        {pid for pid, p in posts.items() if p in front},
        problems,
        notices,
        s,
    )


# --- pools -----------------------------------------------------------------------------


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
        c.unit_id: c for c in ScoreCard.objects.filter(run=run, subject_kind="unit", unit__in=units)
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
        row.tier_coefficient = _dec(inputs["tier_coefficient"], 3)
        row.score = _dec(scores[u.pk], 2)
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

    owner = pool_unit_map(next_month(month) - timedelta(days=1))
    grid_cards = ScoreCard.objects.filter(
        run=run, subject_kind="unit", unit__kind=UnitKind.GRID
    ).select_related("unit")
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


def _dec(value: Fraction | Decimal | int, places: int) -> Decimal:
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
    pool_parts = (
        core.FORMULA,
        core.DISCRETIONARY,
        core.TRAINING_DEDUCTION,
        core.TRAINING_REDISTRIBUTION,
    )
    sums: dict[str, int] = {"front_line": 0, "support": 0}
    heads: dict[str, set[int]] = {"front_line": set(), "support": set()}
    rows = PayLine.objects.filter(
        distribution__in=latest_approved(month), component__in=pool_parts
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


# --- points and clawbacks ----------------------------------------------------------------


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


def latest_approved(month: date | None = None, unit: Unit | None = None):
    """The latest approved version of each unit's distribution (of a month, a unit)."""
    qs = Distribution.objects.filter(status=DistributionStatus.APPROVED)
    if month is not None:
        qs = qs.filter(month=month)
    if unit is not None:
        qs = qs.filter(unit=unit)
    tops = qs.values("month", "unit_id").annotate(v=Max("version"))
    keys = Q(pk__in=[])
    for t in tops:
        keys |= Q(month=t["month"], unit_id=t["unit_id"], version=t["v"])
    return qs.filter(keys)


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
    start, end = ti.month, next_month(ti.month)
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


# --- distributions ------------------------------------------------------------------------


@dataclass
class Evaluation:
    """A what-if: the team, the core's draft (or None) and every broken rule in words."""

    ti: TeamInput
    draft: core.Distribution | None
    violations: list[core.Violation]
    messages: list[str]

    @property
    def ok(self) -> bool:
        return self.draft is not None and not self.messages


Allocations = Mapping[int, tuple[int, str]]


def evaluate(
    unit: Unit,
    month: date,
    allocations: Allocations,
    post_overrides: Mapping[str, str] | None = None,
    ti: TeamInput | None = None,
) -> Evaluation:
    """Run the core's checks on a proposed discretionary split; writes nothing."""
    cfg = config()
    ti = ti or load_team(unit, month, cfg)
    allocs = {pid: core.Allocation(int(c), r or "") for pid, (c, r) in allocations.items()}
    draft, violations = core.evaluate(ti.team, allocs, distribution_config(cfg, post_overrides))
    units = {unit.pk: unit}
    messages = list(ti.problems) + [describe(v, units, ti.people) for v in violations]
    return Evaluation(ti, draft, violations, messages)


def allocations_of(dist: Distribution) -> dict[int, tuple[int, str]]:
    """The discretionary split stored in a version (its discretionary lines)."""
    out: dict[int, tuple[int, str]] = {}
    for line in dist.lines.filter(component=core.DISCRETIONARY):
        c, _r = out.get(line.person_id, (0, ""))
        out[line.person_id] = (c + int(line.amount_cents), line.reason)
    return out


def may_draft(user, unit: Unit) -> bool:
    """A role that drafts, assigned to the unit itself today (not only above it); a
    superuser or a batch run (``user`` None) may too."""
    from wangge.org.dated import today
    from wangge.org.scope import assigned_unit_ids, may

    if user is None or user.is_superuser:
        return may(user, "pay.draft")
    return may(user, "pay.draft") and unit.pk in assigned_unit_ids(user, today())


def may_approve(user) -> bool:
    from wangge.org.scope import may

    return may(user, "pay.approve")


def _refuse_unless(ok: bool, message: str) -> None:
    if not ok:
        raise PayRefused([message])


def open_version(unit: Unit, month: date) -> Distribution | None:
    return (
        Distribution.objects.filter(unit=unit, month=month)
        .exclude(status=DistributionStatus.APPROVED)
        .order_by("-version")
        .first()
    )


@transaction.atomic
def start_draft(user, unit: Unit, month: date) -> Distribution:
    """The unit's open version, or a new draft with a proposed discretionary split.

    After an approval the next draft is a correction: a new version starting
    from the approved split, shown later as a diff against it.
    """
    _refuse_unless(
        may_draft(user, unit),
        _("%(unit)s: only the unit's director drafts its distribution") % {"unit": unit.name},
    )
    current = open_version(unit, month)
    if current is not None:
        return current
    last = Distribution.objects.filter(unit=unit, month=month).order_by("-version").first()
    ti = load_team(unit, month)
    if ti.problems:
        raise PayRefused(ti.problems)
    if last is not None:
        allocations = allocations_of(last)
    else:
        try:
            proposed = core.propose_discretionary(ti.team, distribution_config(config()))
        except core.PayError as exc:
            raise PayRefused(
                [describe(v, {unit.pk: unit}, ti.people) for v in exc.violations]
            ) from exc
        allocations = {
            pid: (a.cents, _("proposed: floors first, then by formula weight within the cap"))
            for pid, a in proposed.items()
            if a.cents
        }
    dist = Distribution(
        month=month,
        unit=unit,
        version=(last.version + 1) if last else 1,
        pool_cents=ti.pool.pool_cents,
        drafted_by=user,
        drafted_at=timezone.now(),
    )
    return _write(dist, ti, allocations)


def _write(dist: Distribution, ti: TeamInput, allocations: Allocations) -> Distribution:
    """Check with the core and write the version's lines; refused → nothing written."""
    too_large = [
        f"{ti.unit.name} · {ti.people[pid].name} ({ti.people[pid].staff_no}): {problem}"
        for pid, (cents, _reason) in allocations.items()
        if pid in ti.people and (problem := amount_problem(cents, "allocation"))
    ]
    if too_large:
        raise PayRefused(too_large)
    ev = evaluate(ti.unit, ti.month, allocations, ti=ti)
    if not ev.ok:
        raise PayRefused(ev.messages or [_("the distribution cannot be computed")])
    draft = ev.draft
    pts = points_and_clawbacks(ti)
    dist.pool_cents = draft.pool_cents
    dist.formula_part_cents = draft.formula_part_cents
    dist.discretionary_part_cents = draft.discretionary_part_cents
    dist.returned_cents = draft.returned_cents
    dist.save()
    dist.lines.all().delete()
    dist.sales.all().delete()
    cards = ti.cards
    rows = []
    for line in [*draft.lines, *pts.lines]:
        der = line.derivation.to_dict()
        card = cards.get(line.person_id)
        if line.component == core.FORMULA and card is not None:
            der["scorecard"] = {
                "id": card.pk,
                "total": str(card.total),
                "quantitative": str(card.quantitative),
                "qualitative": str(card.qualitative),
                "rank": str(card.rank),
                "peers": card.peers,
                "scheme": card.scheme_code,
                "run_version": ti.pool.appraisal_run.version,
            }
        sub_id = None
        if line.component == core.CLAWBACK:
            sub_id = int(line.item)
        rows.append(
            PayLine(
                distribution=dist,
                person_id=line.person_id,
                component=line.component,
                item=line.item,
                amount_cents=line.cents,
                reason=line.reason,
                derivation=der,
                subscription_id=sub_id,
            )
        )
    if dist.status == DistributionStatus.APPROVED:  # the guard a bulk insert skips
        raise DistributionLocked(f"{dist} is approved and locked")
    bulk_create_with_history(rows, PayLine, batch_size=1000, default_user=dist.drafted_by)
    sales = [
        SalePoints(
            distribution=dist,
            person_id=pid,
            subscription_id=sid,
            scheme=scheme,
            points=_dec(points, 2),
            amount_cents=cents,
        )
        for pid, sid, scheme, points, cents in pts.sales
    ]
    bulk_create_with_history(sales, SalePoints, batch_size=1000, default_user=dist.drafted_by)
    return dist


@transaction.atomic
def save_draft(user, dist: Distribution, allocations: Allocations) -> Distribution:
    """Keep the director's split if the rules hold; refused → nothing written."""
    dist = Distribution.objects.select_for_update().get(pk=dist.pk)
    _refuse_unless(
        may_draft(user, dist.unit),
        _("%(unit)s: only the unit's director drafts its distribution") % {"unit": dist.unit.name},
    )
    _refuse_unless(
        dist.status in (DistributionStatus.DRAFT, DistributionStatus.RETURNED),
        _("%(d)s is %(s)s: only a draft or a returned version can change")
        % {"d": dist, "s": dist.get_status_display()},
    )
    ti = load_team(dist.unit, dist.month)
    if ti.problems:
        raise PayRefused(ti.problems)
    dist.status = DistributionStatus.DRAFT
    dist.drafted_by = user
    dist.drafted_at = timezone.now()
    return _write(dist, ti, allocations)


@transaction.atomic
def submit(user, dist: Distribution, allocations: Allocations | None = None) -> Distribution:
    """Save (when a split is given) and send to the marketing department."""
    if allocations is not None:
        dist = save_draft(user, dist, allocations)
    dist = Distribution.objects.select_for_update().get(pk=dist.pk)
    _refuse_unless(
        may_draft(user, dist.unit),
        _("%(unit)s: only the unit's director submits its distribution") % {"unit": dist.unit.name},
    )
    _refuse_unless(
        dist.status == DistributionStatus.DRAFT,
        _("%(d)s is %(s)s: only a draft can be submitted")
        % {"d": dist, "s": dist.get_status_display()},
    )
    ev = evaluate(dist.unit, dist.month, allocations_of(dist))
    if not ev.ok:
        raise PayRefused(ev.messages)
    dist.status = DistributionStatus.SUBMITTED
    dist.submitted_at = timezone.now()
    dist.save()
    return dist


@transaction.atomic
def decide(user, dist: Distribution, approve: bool, comment: str = "") -> Distribution:
    """The marketing department approves (locks) or returns with a comment."""
    dist = Distribution.objects.select_for_update().get(pk=dist.pk)
    _refuse_unless(may_approve(user), _("only the marketing department approves distributions"))
    _refuse_unless(
        dist.status == DistributionStatus.SUBMITTED,
        _("%(d)s is %(s)s: only a submitted version can be approved or returned")
        % {"d": dist, "s": dist.get_status_display()},
    )
    comment = (comment or "").strip()
    if not approve:
        _refuse_unless(bool(comment), _("%(d)s: returning needs a comment") % {"d": dist})
    dist.status = DistributionStatus.APPROVED if approve else DistributionStatus.RETURNED
    dist.approved_by = user
    dist.approved_at = timezone.now()
    dist.comment = comment
    dist.save()
    return dist


def previous_approved(dist: Distribution) -> Distribution | None:
    return (
        Distribution.objects.filter(
            unit=dist.unit_id,
            month=dist.month,
            status=DistributionStatus.APPROVED,
            version__lt=dist.version,
        )
        .order_by("-version")
        .first()
    )


def _core_lines(dist: Distribution) -> list[core.PayLine]:
    return [
        core.PayLine(
            ln.person_id,
            dist.unit_id,
            ln.component,
            int(ln.amount_cents),
            core.Working(""),
            item=ln.item,
        )
        for ln in dist.lines.all()
    ]


def diff(dist: Distribution) -> list[dict]:
    """Per person and component, before (the previous approved version) and after."""
    before = previous_approved(dist)
    if before is None:
        return []
    people = {p.pk: p for p in Person.objects.filter(pay_lines__distribution__in=[dist, before])}
    rows = core.diff_lines(_core_lines(before), _core_lines(dist))
    return [
        {
            "person": people.get(r.person_id),
            "component": r.component,
            "item": r.item,
            "before_cents": r.before_cents,
            "after_cents": r.after_cents,
            "delta_cents": r.delta_cents,
        }
        for r in rows
    ]


# --- payslips and tables ---------------------------------------------------------------


def payslip_lines(person: Person, month: date):
    """A person's lines of the month from the latest approved version of each unit."""
    return (
        PayLine.objects.filter(distribution__in=latest_approved(month), person=person)
        .select_related("distribution__unit", "subscription")
        .order_by("distribution__unit__code", "id")
    )


def team_rows(dist: Distribution) -> list[dict]:
    """One row per person of a version: each component, the pool pay, the total."""
    cfg = config()
    front = set(cfg.front_line_posts or [])
    rows: dict[int, dict] = {}
    for ln in dist.lines.select_related("person").order_by("person__staff_no", "id"):
        r = rows.setdefault(
            ln.person_id,
            {"person": ln.person, "components": defaultdict(int), "total": 0, "pool_pay": 0},
        )
        r["components"][ln.component] += int(ln.amount_cents)
        r["total"] += int(ln.amount_cents)
        if ln.component in (
            core.FORMULA,
            core.DISCRETIONARY,
            core.TRAINING_DEDUCTION,
            core.TRAINING_REDISTRIBUTION,
        ):
            r["pool_pay"] += int(ln.amount_cents)
    out = list(rows.values())
    n = len(out) or 1
    avg = Fraction(sum(r["pool_pay"] for r in out), n)
    for r in out:
        r["front_line"] = r["person"].post in front
        r["ratio"] = float(r["pool_pay"] / avg) if avg else 0.0
    return out


COLUMNS = (
    core.FORMULA,
    core.DISCRETIONARY,
    core.TRAINING_DEDUCTION,
    core.TRAINING_REDISTRIBUTION,
    core.ALLOWANCE,
    core.POINTS,
    core.CLAWBACK,
)
COMPONENT_LABELS = {
    core.FORMULA: gettext_noop("formula"),
    core.DISCRETIONARY: gettext_noop("discretionary"),
    core.TRAINING_DEDUCTION: gettext_noop("training deduction"),
    core.TRAINING_REDISTRIBUTION: gettext_noop("training redistribution"),
    core.ALLOWANCE: gettext_noop("allowance"),
    core.POINTS: gettext_noop("points"),
    core.CLAWBACK: gettext_noop("clawback"),
}


def component_label(c: str) -> str:
    return _(COMPONENT_LABELS.get(c, c))
