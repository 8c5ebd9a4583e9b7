"""Staffing of a month: who served which pool unit, for how many days, in which post.

A pool unit is a center or a county branch; a person's assignments anywhere below it
count for it. ``load_team`` turns a unit's staffing, its published scores and the
person-month facts into the core's ``Team``, refusing (or splitting by days, as the
company chose) a person in two units.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from django.db.models import Q
from django.utils.translation import gettext as _

from wangge.core import pay as core
from wangge.core.months import add_months, month_end
from wangge.org.models import Assignment, Person, Unit, UnitKind
from wangge.pay.config import config
from wangge.pay.models import (
    PayConfig,
    PayPool,
    PersonMonth,
    TwoUnits,
    Unscored,
)
from wangge.pay.presentation import label, rule_label
from wangge.pay.refusals import PayRefused

POOL_KINDS = (UnitKind.CENTER, UnitKind.COUNTY)


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
    start, end = month, add_months(month, 1)
    owner = pool_unit_map(month_end(month))
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
                days_in_month=(add_months(month, 1) - month).days,
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
