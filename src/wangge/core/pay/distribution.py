"""Second distribution (二次分配): a unit's pool split over its people.

The pool divides exactly into a formula part (by post coefficient × appraisal
score × attendance × share of the month in the unit) and a discretionary part the
unit's manager hands out person by person, each non-zero amount with a written
reason. Two rules bound the result: nobody above ``cap_multiple`` × the team
average, nobody below the floor (both pro rata to the person's share of the
month in the unit). The parts always add up to the pool to the cent.

Decisions (ours, documented here because payroll must be explainable):

* **Rural allowances are on top of the pool**, as separate line items: they pay
  for being stationed far away, not for performance, so they must neither shrink
  colleagues' shares nor count towards the cap or the floor.
* **Training deduction is redistributed inside the unit**: a person short of the
  yearly training minimum loses a share of their formula part; the sum of those
  deductions is split (``split_exact``, by formula weight) over the members with
  no shortfall, so the unit still pays out its whole pool and the people who did
  train gain. Only when nobody in the unit qualifies is the deduction returned to
  the company (``Distribution.returned_cents``).
* **A person in several units in a month** appears in each with ``share`` =
  their part of the month there (see :func:`shares_by_days`); the share scales
  their formula weight, their cap, their floor and their allowances.
* Cap and floor apply to the pay out of the pool (formula + discretionary −
  deduction + redistribution); points, clawbacks and allowances are outside.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from types import MappingProxyType

from wangge.core.explain import Words as W
from wangge.core.explain import format_number, term
from wangge.core.formatting import yuan
from wangge.core.money import split_exact
from wangge.core.pay import wording
from wangge.core.pay.common import (
    ALLOWANCE,
    DISCRETIONARY,
    FORMULA,
    TRAINING_DEDUCTION,
    TRAINING_REDISTRIBUTION,
    Exact,
    Id,
    PayError,
    PayLine,
    Violation,
    Working,
    exact,
    money,
    round_half_up,
)
from wangge.core.schema import POST_NAMES

DEFAULT_POST_COEFFICIENTS: Mapping[str, Exact] = {
    "grid_manager": "1.5",
    "business_manager": "1.2",  # 商客经理
    "community_manager": "1.0",
    "customer_manager": "1.0",  # 客户经理
    "back_office": "0.8",  # support
}


@dataclass(frozen=True)
class TrainingRule:
    """How a training shortfall reduces pay.

    ``pace`` "pro_rata": each month the expected hours so far are
    ``yearly_minimum_hours`` × month / 12, and the shortfall against the hours
    done so far is deducted that month (it keeps people training through the
    year). "year_end": only in ``check_month``, against the whole minimum.
    Deduction = formula part × min(``rate_per_missing_hour`` × missing hours,
    ``max_rate``), rounded half-up to the cent.
    """

    yearly_minimum_hours: Exact = 40
    rate_per_missing_hour: Exact = "0.01"
    max_rate: Exact = "0.2"
    pace: str = "pro_rata"
    check_month: int = 12


@dataclass(frozen=True)
class DistributionConfig:
    """Rules of the second distribution; defaults are the shipped ones.

    ``floor_cents`` is the monthly minimum out of the pool for a full month
    (set it to the local minimum wage; 0 switches the rule off).
    ``rural_allowances`` are monthly line items in cents for staff stationed in
    rural grids, e.g. ``{"food": 30000, "housing": 50000, "transport": 20000}``;
    none ship by default because the amounts are each company's own.
    """

    formula_share: Exact = "0.8"
    post_coefficients: Mapping[str, Exact] = field(
        default_factory=lambda: dict(DEFAULT_POST_COEFFICIENTS)
    )
    cap_multiple: Exact = 2
    floor_cents: int = 0
    rural_allowances: Mapping[str, int] = field(default_factory=dict)
    training: TrainingRule = field(default_factory=TrainingRule)


@dataclass(frozen=True, slots=True)
class Member:
    """A person in a unit for the month, with what the formula needs.

    ``score`` is the person's published appraisal score (out of 100; may exceed
    it); ``None`` means not published and is refused. ``attendance`` is the share
    of working days attended (0 to 1). ``share`` is the part of the month spent in
    this unit (1 for a whole month; see :func:`shares_by_days`).
    ``training_hours`` is hours done this year so far; ``None`` = not tracked, no
    deduction.
    """

    person_id: Id
    post: str
    score: Exact | None
    attendance: Exact = 1
    share: Exact = 1
    rural: bool = False
    training_hours: Exact | None = None


@dataclass(frozen=True, slots=True)
class Allocation:
    """The manager's discretionary amount for one person, with the reason."""

    cents: int
    reason: str = ""


@dataclass(frozen=True)
class Team:
    """A unit's pool and its people for one month."""

    unit_id: Id
    pool_cents: int
    members: Sequence[Member]
    month: date | None = None  # needed when training hours are given


@dataclass(frozen=True, slots=True)
class PersonPay:
    """One person's result in one unit.

    ``cap_cents`` and ``floor_cents`` are the person's bounds in whole cents
    (cap rounded down, floor rounded up, both pro rata to ``share``);
    ``pool_pay_cents`` is what they bound. ``weight`` is the exact formula weight.
    """

    person_id: Id
    share: Fraction
    weight_units: int  # the formula weight x weight_denominator, an int
    weight_denominator: int
    formula_cents: int
    discretionary_cents: int
    training_deduction_cents: int  # <= 0
    training_redistribution_cents: int  # >= 0
    allowances: Mapping[str, int]
    cap_cents: int
    floor_cents: int

    @property
    def weight(self) -> Fraction:
        return Fraction(self.weight_units, self.weight_denominator)

    @property
    def pool_pay_cents(self) -> int:
        return (
            self.formula_cents
            + self.discretionary_cents
            + self.training_deduction_cents
            + self.training_redistribution_cents
        )

    @property
    def total_cents(self) -> int:
        return self.pool_pay_cents + sum(self.allowances.values())


@dataclass(frozen=True)
class Distribution:
    """A unit's second distribution: per-person results and payslip lines."""

    unit_id: Id
    pool_cents: int
    formula_part_cents: int
    discretionary_part_cents: int
    returned_cents: int  # training deductions nobody in the unit could receive
    people: tuple[PersonPay, ...]
    _make_lines: Callable[[], tuple[PayLine, ...]] = field(repr=False, compare=False)

    @cached_property
    def lines(self) -> tuple[PayLine, ...]:
        """Payslip lines, each with its derivation, built on first use.

        Built lazily because a province is 50,000 people and most callers (the
        what-if page, the checks) only need the numbers in ``people``.
        """
        return self._make_lines()

    @property
    def paid_from_pool_cents(self) -> int:
        return sum(p.pool_pay_cents for p in self.people)

    @property
    def allowances_cents(self) -> int:
        return sum(sum(p.allowances.values()) for p in self.people)


# --- helpers for callers --------------------------------------------------


def average_pool_pay(pool_pay_cents: Iterable[int]) -> Fraction | None:
    """The team average the pages show: pay out of the pool per head, exact (``None``
    for nobody).

    One definition for the team table's ratio to the average, the chart's average
    and k × average lines, and the what-if's team average, so they cannot disagree
    (the callers only round it). It is the mean of what people are paid; the cap
    itself (``_base``) is k × pool ÷ full-time equivalents. The two agree when
    every member serves the whole month and the whole pool is paid out; they
    differ, as they should, for a part-month member (the cap is pro rata to the
    share, the mean counts heads) and for a what-if whose discretionary part is
    not yet fully given (the mean shows what is given so far).
    """
    cents = list(pool_pay_cents)
    return Fraction(sum(cents), len(cents)) if cents else None


def shares_by_days(
    days_by_unit: Mapping[Id, int], basis: str = "assigned", days_in_month: int | None = None
) -> dict[Id, Fraction]:
    """A person's share of the month in each unit they were assigned to.

    ``basis`` "assigned" (default): days in the unit / all days assigned that
    month, so a full-time person's shares add up to 1 however the days fall.
    "calendar": days in the unit / ``days_in_month``, so someone who joined
    mid-month is paid for the part they were there.
    """
    if any(d < 0 for d in days_by_unit.values()):
        raise ValueError("days assigned must not be negative")
    if basis == "assigned":
        total = sum(days_by_unit.values())
    elif basis == "calendar":
        if not days_in_month:
            raise ValueError("the calendar basis needs days_in_month")
        total = days_in_month
    else:
        raise ValueError(f"unknown basis {basis!r}: use 'assigned' or 'calendar'")
    if total <= 0:
        raise ValueError("no days assigned")
    return {u: Fraction(d, total) for u, d in days_by_unit.items() if d}


def missing_training_hours(
    hours_so_far: Exact, month: date, rule: TrainingRule | None = None
) -> Fraction:
    """Training hours short of the expected pace at the end of ``month``."""
    expected = _expected_hours(month, rule or TrainingRule())
    if expected is None:
        return Fraction(0)
    return max(Fraction(0), expected - exact(hours_so_far, "training hours"))


# --- the computation ------------------------------------------------------
#
# A province is 50,000 people: the per-person work below stays in Python ints.
# Every exact value is taken as a ratio of two ints; formula weights are brought
# to one common denominator so they become ints with the same proportions, and
# are split by ``split_exact``, whose int-weight path makes no Fraction per person.

_ONE = Fraction(1)


def _ratio(value: Exact, what: object) -> tuple[int, int]:
    """``value`` as (numerator, denominator > 0), fast for int, Fraction and Decimal.

    ``what`` names the value in an error; it may be a tuple that is only turned
    into text when the value is refused, to keep the common path cheap.
    """
    cls = value.__class__
    if cls is int:
        return value, 1  # type: ignore[return-value]
    if cls is Fraction:
        return value.numerator, value.denominator  # type: ignore[union-attr]
    if cls is Decimal and value.is_finite():  # type: ignore[union-attr]
        return value.as_integer_ratio()  # type: ignore[union-attr]
    if isinstance(what, tuple):
        what = " ".join(str(w) for w in what)
    f = exact(value, str(what))
    return f.numerator, f.denominator


@dataclass
class _Base:
    """Everything but the discretionary part, shared by check, distribute, propose."""

    formula_part: int
    discretionary_part: int
    shares: list[Fraction]
    weights: list[int]  # formula weights x denominator, ints in proportion
    denominator: int
    gross: list[int]
    deductions: list[int]  # >= 0, subtracted
    missing: dict[int, tuple[Fraction, Fraction]]  # index -> (missing hours, rate)
    redistribution: list[int]
    returned: int
    caps: list[int]
    floors: list[int]
    violations: list[Violation]


def _cap(k: Fraction, pool: int, share: Fraction, fte: Fraction) -> int:
    """The cap rule: k × the team average (pool / full-time equivalents) × share,
    rounded down to whole cents so nobody is let past it by rounding."""
    return math.floor(k * pool * share / fte) if fte else 0


def cap_cents(
    pool_cents: int, cap_multiple: Exact, shares: Sequence[Exact], share: Exact = 1
) -> int:
    """The most a person with ``share`` of the month in the unit may take from the pool,
    for a team whose members have ``shares``: the very bound :func:`evaluate` enforces,
    for a chart or a page to draw (``share`` 1 is the line for a whole month)."""
    fte = sum((exact(s, "share") for s in shares), Fraction(0))
    return _cap(
        exact(cap_multiple, "cap multiple"),
        money(pool_cents, "pool"),
        exact(share, "share"),
        fte,
    )


def _who(unit_id: Id, person_id: Id) -> str:
    return f"unit {unit_id}, person {person_id}"


def _expected_hours(month: date, rule: TrainingRule) -> Fraction | None:
    """Hours expected by the end of ``month``; ``None`` when no check that month."""
    minimum = exact(rule.yearly_minimum_hours, "yearly minimum hours")
    if rule.pace == "pro_rata":
        return minimum * month.month / 12
    if rule.pace == "year_end":
        return minimum if month.month == rule.check_month else None
    raise ValueError(f"unknown training pace {rule.pace!r}")


def _base(team: Team, config: DistributionConfig) -> tuple[_Base | None, list[Violation]]:
    """Validate the team and compute the formula side; ``None`` if it cannot be computed."""
    uid = team.unit_id
    pool = money(team.pool_cents, f"unit {uid} pool")
    bad: list[Violation] = []
    if pool < 0:
        bad.append(
            Violation(
                uid,
                None,
                "bad_input",
                f"unit {uid}: pool is negative",
                W("violation.pool_negative"),
            )
        )
    coefs = {k: _ratio(v, f"coefficient of {k}") for k, v in config.post_coefficients.items()}
    rule = config.training
    expected = None
    if team.month is not None:
        expected = _expected_hours(team.month, rule)
    seen: set[Id] = set()
    shares: list[Fraction] = []
    nums: list[int] = []
    dens: list[int] = []
    hours: list[tuple[int, int] | None] = []
    for m in team.members:
        pid = m.person_id
        if pid in seen:
            bad.append(
                Violation(
                    uid,
                    pid,
                    "bad_input",
                    f"{_who(uid, pid)}: listed twice",
                    W("violation.listed_twice"),
                )
            )
        seen.add(pid)
        coef = coefs.get(m.post)
        if coef is None:
            bad.append(
                Violation(
                    uid,
                    pid,
                    "unknown_post",
                    f"{_who(uid, pid)}: post {m.post!r} has no coefficient",
                    W("violation.unknown_post", post=term(POST_NAMES.get(m.post, m.post))),
                )
            )
            coef = (1, 1)
        if m.score is None:
            bad.append(
                Violation(
                    uid,
                    pid,
                    "missing_score",
                    f"{_who(uid, pid)}: no appraisal score",
                    W("violation.missing_score"),
                )
            )
            sn, sd = 0, 1
        else:
            sn, sd = _ratio(m.score, ("unit", uid, "person", pid, "score"))
            if sn < 0:
                bad.append(
                    Violation(
                        uid,
                        pid,
                        "bad_input",
                        f"{_who(uid, pid)}: negative score",
                        W("violation.negative_score"),
                    )
                )
        an, ad = _ratio(m.attendance, ("unit", uid, "person", pid, "attendance"))
        hn, hd = _ratio(m.share, ("unit", uid, "person", pid, "share"))
        if not 0 <= an <= ad:
            bad.append(
                Violation(
                    uid,
                    pid,
                    "bad_input",
                    f"{_who(uid, pid)}: attendance {an}/{ad} not in 0..1",
                    W("violation.attendance", value=format_number(Fraction(an, ad or 1))),
                )
            )
        if not 0 < hn <= hd:
            bad.append(
                Violation(
                    uid,
                    pid,
                    "bad_input",
                    f"{_who(uid, pid)}: share {hn}/{hd} not in (0, 1]",
                    W("violation.share", value=format_number(Fraction(hn, hd or 1))),
                )
            )
        shares.append(_ONE if hn == hd else Fraction(hn, hd))
        nums.append(coef[0] * sn * an * hn)
        dens.append(coef[1] * sd * ad * hd)
        if m.training_hours is None:
            hours.append(None)
        elif team.month is None:
            bad.append(
                Violation(
                    uid,
                    pid,
                    "bad_input",
                    f"unit {uid}: training hours given but no month",
                    W("violation.hours_without_month"),
                )
            )
            hours.append(None)
        else:
            hours.append(_ratio(m.training_hours, ("unit", uid, "person", pid, "training hours")))
    if bad:
        return None, bad

    n = len(nums)
    denominator = math.lcm(*set(dens)) if dens else 1
    weights = [w * (denominator // d) for w, d in zip(nums, dens, strict=True)]

    violations: list[Violation] = []
    fte = sum((s for s in shares if s is not _ONE), Fraction(shares.count(_ONE)))
    floor_full = money(config.floor_cents, "floor")
    k = exact(config.cap_multiple, "cap multiple")
    cap_cache: dict[Fraction, int] = {}
    floor_cache: dict[Fraction, int] = {}
    caps: list[int] = []
    floors: list[int] = []
    cap_one = _cap(k, pool, _ONE, fte)
    floor_one = floor_full
    for s in shares:
        if s is _ONE:
            caps.append(cap_one)
            floors.append(floor_one)
            continue
        c = cap_cache.get(s)
        if c is None:
            c = cap_cache[s] = _cap(k, pool, s, fte)
            floor_cache[s] = math.ceil(floor_full * s)
        caps.append(c)
        floors.append(floor_cache[s])
    need = sum(floors)
    if pool < need:
        violations.append(
            Violation(
                uid,
                None,
                "pool_below_floors",
                f"unit {uid}: pool {pool} cents is below the sum of floors {need} cents",
                W("violation.pool_below_floors", a=yuan(pool), b=yuan(need)),
            )
        )

    fs = exact(config.formula_share, "formula share")
    formula_part, discretionary_part = split_exact(pool, [fs, 1 - fs])
    if not any(weights):
        if formula_part:
            return None, [
                *violations,
                Violation(
                    uid,
                    None,
                    "no_formula_weight",
                    f"unit {uid}: every formula weight is zero, nobody can take the formula part",
                    W("violation.no_formula_weight"),
                ),
            ]
        gross = [0] * n
    else:
        gross = split_exact(formula_part, weights)

    # training: deduction = round_half_up(gross x min(per_hour x missing, max_rate))
    deductions = [0] * n
    missing: dict[int, tuple[Fraction, Fraction]] = {}
    if expected is not None and any(h is not None for h in hours):
        per_hour = exact(rule.rate_per_missing_hour, "training rate per hour")
        max_rate = exact(rule.max_rate, "training max rate")
        en, ed = expected.numerator, expected.denominator
        for i, h in enumerate(hours):
            if h is None or h[0] * ed >= en * h[1]:
                continue
            short = expected - Fraction(h[0], h[1])
            rate = min(per_hour * short, max_rate)
            missing[i] = (short, rate)
            # half-up of gross x rate, in ints (gross >= 0)
            deductions[i] = (2 * gross[i] * rate.numerator + rate.denominator) // (
                2 * rate.denominator
            )
    redistribution = [0] * n
    returned = 0
    total_ded = sum(deductions)
    if total_ded:
        takers = [i for i in range(n) if i not in missing and weights[i]]
        if takers:
            parts = split_exact(total_ded, [weights[i] for i in takers])
            for i, part in zip(takers, parts, strict=True):
                redistribution[i] = part
        else:
            returned = total_ded
    return (
        _Base(
            formula_part,
            discretionary_part,
            shares,
            weights,
            denominator,
            gross,
            deductions,
            missing,
            redistribution,
            returned,
            caps,
            floors,
            violations,
        ),
        [],
    )


def _discretionary(
    team: Team, base: _Base, allocations: Mapping[Id, Allocation]
) -> tuple[list[int], list[str], list[Violation]]:
    uid = team.unit_id
    out: list[Violation] = []
    ids = {m.person_id for m in team.members}
    for pid in allocations:
        if pid not in ids:
            out.append(
                Violation(
                    uid,
                    pid,
                    "bad_input",
                    f"{_who(uid, pid)}: not a member of the unit",
                    W("violation.not_member"),
                )
            )
    amounts: list[int] = []
    reasons: list[str] = []
    for m in team.members:
        a = allocations.get(m.person_id)
        if a is None:
            amounts.append(0)
            reasons.append("")
            continue
        cents = money(a.cents, f"{_who(uid, m.person_id)} discretionary")
        reason = a.reason.strip()
        if cents < 0:
            out.append(
                Violation(
                    uid,
                    m.person_id,
                    "bad_input",
                    f"{_who(uid, m.person_id)}: negative discretionary amount {cents}",
                    W("violation.negative_discretionary", a=yuan(cents)),
                )
            )
        if cents and not reason:
            out.append(
                Violation(
                    uid,
                    m.person_id,
                    "missing_reason",
                    f"{_who(uid, m.person_id)}: discretionary {cents} cents without a reason",
                    W("violation.missing_reason", a=yuan(cents)),
                )
            )
        amounts.append(cents)
        reasons.append(reason)
    given = sum(amounts)
    if given != base.discretionary_part:
        out.append(
            Violation(
                uid,
                None,
                "total",
                f"unit {uid}: discretionary amounts add up to {given} cents,"
                f" the discretionary part is {base.discretionary_part} cents",
                W("violation.total", a=yuan(given), b=yuan(base.discretionary_part)),
            )
        )
    return amounts, reasons, out


def _rule_checks(team: Team, base: _Base, amounts: list[int]) -> list[Violation]:
    uid = team.unit_id
    out: list[Violation] = []
    gross, ded, red, caps, floors = (
        base.gross,
        base.deductions,
        base.redistribution,
        base.caps,
        base.floors,
    )
    for i, m in enumerate(team.members):
        pay = gross[i] + amounts[i] - ded[i] + red[i]
        if pay > caps[i]:
            out.append(
                Violation(
                    uid,
                    m.person_id,
                    "cap",
                    f"{_who(uid, m.person_id)}: {pay} cents is above the cap {caps[i]} cents"
                    " (k × team average × share)",
                    W("violation.cap", a=yuan(pay), b=yuan(caps[i])),
                )
            )
        if pay < floors[i]:
            out.append(
                Violation(
                    uid,
                    m.person_id,
                    "floor",
                    f"{_who(uid, m.person_id)}: {pay} cents is below the floor {floors[i]} cents",
                    W("violation.floor", a=yuan(pay), b=yuan(floors[i])),
                )
            )
    return out


def evaluate(
    team: Team,
    allocations: Mapping[Id, Allocation] | None = None,
    config: DistributionConfig | None = None,
) -> tuple[Distribution | None, list[Violation]]:
    """The draft distribution and every broken rule, for a live what-if.

    The draft is ``None`` only when the input cannot be computed at all (missing
    score, unknown post, bad shares, all weights zero); otherwise it is returned
    even when rules are broken, so a page can show the numbers next to the
    violations.
    """
    config = config or DistributionConfig()
    allocations = allocations or {}
    base, bad = _base(team, config)
    if base is None:
        return None, bad
    amounts, reasons, violations = _discretionary(team, base, allocations)
    violations = base.violations + violations + _rule_checks(team, base, amounts)
    return _build(team, base, amounts, reasons, config), violations


def check_distribution(
    team: Team,
    allocations: Mapping[Id, Allocation] | None = None,
    config: DistributionConfig | None = None,
) -> list[Violation]:
    """Every rule the distribution breaks (empty when it may be paid)."""
    return evaluate(team, allocations, config)[1]


def distribute(
    team: Team,
    allocations: Mapping[Id, Allocation] | None = None,
    config: DistributionConfig | None = None,
) -> Distribution:
    """The unit's distribution with payslip lines; ``PayError`` listing every broken rule."""
    draft, violations = evaluate(team, allocations, config)
    if violations or draft is None:
        raise PayError(violations)
    return draft


def propose_discretionary(
    team: Team,
    config: DistributionConfig | None = None,
    reason: str = "proposed: floors first, then by formula weight within the cap",
) -> dict[Id, Allocation]:
    """A discretionary split that keeps every rule when one exists.

    Each person first gets what lifts them to their floor, then the rest goes by
    formula weight (equal shares when all weights are zero), never past anyone's
    cap; what a capped person cannot take goes round again to the others. The
    manager can start from this and edit. ``PayError`` when no split can keep the
    rules (pool below the floors, or the formula part alone already above a cap).
    """
    config = config or DistributionConfig()
    base, bad = _base(team, config)
    if base is None:
        raise PayError(bad)
    uid = team.unit_id
    n = len(base.weights)
    fixed = [
        g - d + r for g, d, r in zip(base.gross, base.deductions, base.redistribution, strict=True)
    ]
    lo = [max(0, f - x) for f, x in zip(base.floors, fixed, strict=True)]
    hi = [c - x for c, x in zip(base.caps, fixed, strict=True)]
    problems = list(base.violations)
    for i, m in enumerate(team.members):
        if hi[i] < lo[i]:
            problems.append(
                Violation(
                    uid,
                    m.person_id,
                    "cap",
                    f"{_who(uid, m.person_id)}: the formula part alone ({fixed[i]} cents)"
                    " leaves no room between floor and cap",
                    W("violation.no_room", a=yuan(fixed[i])),
                )
            )
    d = base.discretionary_part
    if not problems and not sum(lo) <= d <= sum(hi):
        problems.append(
            Violation(
                uid,
                None,
                "cap" if d > sum(hi) else "pool_below_floors",
                f"unit {uid}: the discretionary part {d} cents cannot be placed between"
                f" floors ({sum(lo)} cents) and caps ({sum(hi)} cents)",
                W("violation.cannot_place", a=yuan(d), b=yuan(sum(lo)), c=yuan(sum(hi))),
            )
        )
    if problems:
        raise PayError(problems)
    amounts = lo[:]
    left = d - sum(lo)
    open_ = [i for i in range(n) if amounts[i] < hi[i]]
    while left and open_:
        ws = [base.weights[i] for i in open_]
        if not any(ws):
            ws = [1] * len(open_)
        parts = split_exact(left, ws)
        left = 0
        still = []
        for i, p in zip(open_, parts, strict=True):
            take = min(p, hi[i] - amounts[i])
            amounts[i] += take
            left += p - take
            if amounts[i] < hi[i]:
                still.append(i)
        open_ = still
    return {
        m.person_id: Allocation(amounts[i], reason if amounts[i] else "")
        for i, m in enumerate(team.members)
    }


_F_FORMULA = wording.FORMULA
_F_DISC = wording.DISCRETIONARY
_F_DED = wording.TRAINING_DEDUCTION
_F_RED = wording.TRAINING_REDISTRIBUTION
_F_ALLOW = wording.ALLOWANCE


_NO_ALLOWANCES: Mapping[str, int] = MappingProxyType({})


def _build(
    team: Team,
    base: _Base,
    amounts: list[int],
    reasons: list[str],
    config: DistributionConfig,
) -> Distribution:
    uid = team.unit_id
    allowance_items = {k: money(v, f"allowance {k}") for k, v in config.rural_allowances.items()}
    den = base.denominator
    people = []
    for i, m in enumerate(team.members):
        share = base.shares[i]
        allowances = _NO_ALLOWANCES
        if m.rural and allowance_items:
            allowances = {
                item: cents if share is _ONE else round_half_up(cents * share)
                for item, cents in allowance_items.items()
            }
        people.append(
            PersonPay(
                m.person_id,
                share,
                base.weights[i],
                den,
                base.gross[i],
                amounts[i],
                -base.deductions[i],
                base.redistribution[i],
                allowances,
                base.caps[i],
                base.floors[i],
            )
        )
    people_t = tuple(people)
    return Distribution(
        uid,
        team.pool_cents,
        base.formula_part,
        base.discretionary_part,
        base.returned,
        people_t,
        lambda: _lines(team, base, people_t, reasons, allowance_items),
    )


def _lines(
    team: Team,
    base: _Base,
    people: tuple[PersonPay, ...],
    reasons: list[str],
    allowance_items: Mapping[str, int],
) -> tuple[PayLine, ...]:
    uid = team.unit_id
    sum_w = Fraction(sum(base.weights), base.denominator)
    total_ded = sum(base.deductions)
    formula_part = base.formula_part
    den = base.denominator
    lines: list[PayLine] = []
    append = lines.append
    for i, (m, pp) in enumerate(zip(team.members, people, strict=True)):
        pid = m.person_id
        share = pp.share
        gross = pp.formula_cents
        append(
            PayLine(
                pid,
                uid,
                FORMULA,
                gross,
                Working(
                    _F_FORMULA,
                    {
                        "formula_part_cents": formula_part,
                        "post": m.post,
                        "score": m.score,
                        "attendance": m.attendance,
                        "share": share,
                        "weight": Fraction(pp.weight_units, den),
                        "sum_weights": sum_w,
                    },
                ),
            )
        )
        if pp.discretionary_cents:
            append(
                PayLine(
                    pid,
                    uid,
                    DISCRETIONARY,
                    pp.discretionary_cents,
                    Working(_F_DISC, {"discretionary_part_cents": base.discretionary_part}),
                    reason=reasons[i],
                )
            )
        if pp.training_deduction_cents:
            short, rate = base.missing[i]
            append(
                PayLine(
                    pid,
                    uid,
                    TRAINING_DEDUCTION,
                    pp.training_deduction_cents,
                    Working(
                        _F_DED,
                        {"formula_cents": gross, "missing_hours": short, "rate": rate},
                    ),
                )
            )
        if pp.training_redistribution_cents:
            append(
                PayLine(
                    pid,
                    uid,
                    TRAINING_REDISTRIBUTION,
                    pp.training_redistribution_cents,
                    Working(
                        _F_RED,
                        {
                            "deductions_cents": total_ded,
                            "weight": Fraction(pp.weight_units, den),
                        },
                    ),
                )
            )
        for item, cents in pp.allowances.items():
            append(
                PayLine(
                    pid,
                    uid,
                    ALLOWANCE,
                    cents,
                    Working(_F_ALLOW, {"monthly_cents": allowance_items[item], "share": share}),
                    item=item,
                )
            )
    return tuple(lines)
