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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from wangge.core.money import split_exact
from wangge.core.pay.common import (
    ALLOWANCE,
    DISCRETIONARY,
    FORMULA,
    TRAINING_DEDUCTION,
    TRAINING_REDISTRIBUTION,
    Derivation,
    Exact,
    Id,
    PayError,
    PayLine,
    Violation,
    exact,
    money,
    round_half_up,
)

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
    """One person's result in one unit; ``pool_pay_cents`` is what cap/floor see."""

    person_id: Id
    share: Fraction
    weight: Fraction
    formula_cents: int
    discretionary_cents: int
    training_deduction_cents: int  # <= 0
    training_redistribution_cents: int  # >= 0
    allowances: Mapping[str, int]
    cap: Fraction
    floor: Fraction

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
    lines: tuple[PayLine, ...]

    @property
    def paid_from_pool_cents(self) -> int:
        return sum(p.pool_pay_cents for p in self.people)

    @property
    def allowances_cents(self) -> int:
        return sum(sum(p.allowances.values()) for p in self.people)


# --- helpers for callers --------------------------------------------------


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
    rule = rule or TrainingRule()
    minimum = exact(rule.yearly_minimum_hours, "yearly minimum hours")
    if rule.pace == "pro_rata":
        expected = minimum * month.month / 12
    elif rule.pace == "year_end":
        if month.month != rule.check_month:
            return Fraction(0)
        expected = minimum
    else:
        raise ValueError(f"unknown training pace {rule.pace!r}")
    return max(Fraction(0), expected - exact(hours_so_far, "training hours"))


# --- the computation ------------------------------------------------------


@dataclass
class _Base:
    """Everything but the discretionary part, shared by check, distribute, propose."""

    formula_part: int
    discretionary_part: int
    shares: list[Fraction]
    weights: list[Fraction]
    gross: list[int]
    deductions: list[int]
    rates: list[Fraction]
    missing: list[Fraction]
    redistribution: list[int]
    returned: int
    caps: list[Fraction]
    floors: list[Fraction]
    fte: Fraction
    violations: list[Violation]


def _who(unit_id: Id, person_id: Id) -> str:
    return f"unit {unit_id}, person {person_id}"


def _base(team: Team, config: DistributionConfig) -> tuple[_Base | None, list[Violation]]:
    """Validate the team and compute the formula side; ``None`` if it cannot be computed."""
    uid = team.unit_id
    pool = money(team.pool_cents, f"unit {uid} pool")
    bad: list[Violation] = []
    if pool < 0:
        bad.append(Violation(uid, None, "bad_input", f"unit {uid}: pool is negative"))
    coefs = {k: exact(v, f"coefficient of {k}") for k, v in config.post_coefficients.items()}
    training = config.training
    per_hour = exact(training.rate_per_missing_hour, "training rate per hour")
    max_rate = exact(training.max_rate, "training max rate")
    one = Fraction(1)
    seen: set[Id] = set()
    shares: list[Fraction] = []
    weights: list[Fraction] = []
    missing: list[Fraction] = []
    for m in team.members:
        pid = m.person_id
        if pid in seen:
            bad.append(Violation(uid, pid, "bad_input", f"{_who(uid, pid)}: listed twice"))
        seen.add(pid)
        coef = coefs.get(m.post)
        if coef is None:
            bad.append(
                Violation(
                    uid,
                    pid,
                    "unknown_post",
                    f"{_who(uid, pid)}: post {m.post!r} has no coefficient",
                )
            )
            coef = one
        if m.score is None:
            bad.append(
                Violation(uid, pid, "missing_score", f"{_who(uid, pid)}: no appraisal score")
            )
            score = Fraction(0)
        else:
            score = exact(m.score, f"{_who(uid, pid)} score")
            if score < 0:
                bad.append(
                    Violation(uid, pid, "bad_input", f"{_who(uid, pid)}: negative score {score}")
                )
        att = m.attendance if m.attendance.__class__ is Fraction else exact(m.attendance)
        share = m.share if m.share.__class__ is Fraction else exact(m.share)
        if not 0 <= att <= 1:
            bad.append(
                Violation(uid, pid, "bad_input", f"{_who(uid, pid)}: attendance {att} not in 0..1")
            )
        if not 0 < share <= 1:
            bad.append(
                Violation(uid, pid, "bad_input", f"{_who(uid, pid)}: share {share} not in (0, 1]")
            )
        w = coef * score
        if att != 1:
            w *= att
        if share != 1:
            w *= share
        weights.append(w)
        shares.append(share)
        if m.training_hours is None:
            missing.append(Fraction(0))
        elif team.month is None:
            bad.append(
                Violation(uid, pid, "bad_input", f"unit {uid}: training hours given but no month")
            )
            missing.append(Fraction(0))
        else:
            missing.append(missing_training_hours(m.training_hours, team.month, training))
    if bad:
        return None, bad

    violations: list[Violation] = []
    fte = sum(shares, Fraction(0))
    floor_full = money(config.floor_cents, "floor")
    floors = [floor_full * s for s in shares]
    need = sum(math.ceil(f) for f in floors)
    if pool < need:
        violations.append(
            Violation(
                uid,
                None,
                "pool_below_floors",
                f"unit {uid}: pool {pool} cents is below the sum of floors {need} cents",
            )
        )
    k = exact(config.cap_multiple, "cap multiple")
    cap_cache: dict[Fraction, Fraction] = {}
    caps = []
    for s in shares:
        c = cap_cache.get(s)
        if c is None:
            c = cap_cache[s] = k * pool * s / fte if fte else Fraction(0)
        caps.append(c)

    fs = exact(config.formula_share, "formula share")
    formula_part, discretionary_part = split_exact(pool, [fs, 1 - fs])
    if sum(weights) == 0:
        if formula_part:
            return None, [
                *violations,
                Violation(
                    uid,
                    None,
                    "no_formula_weight",
                    f"unit {uid}: every formula weight is zero, nobody can take the formula part",
                ),
            ]
        gross = [0] * len(weights)
    else:
        gross = split_exact(formula_part, weights)

    rates = [min(per_hour * h, max_rate) if h else Fraction(0) for h in missing]
    deductions = [round_half_up(g * r) if r else 0 for g, r in zip(gross, rates, strict=True)]
    total_ded = sum(deductions)
    redistribution = [0] * len(weights)
    returned = 0
    if total_ded:
        takers = [i for i, h in enumerate(missing) if not h and weights[i]]
        if takers:
            for i, part in zip(
                takers, split_exact(total_ded, [weights[i] for i in takers]), strict=True
            ):
                redistribution[i] = part
        else:
            returned = total_ded
    return (
        _Base(
            formula_part,
            discretionary_part,
            shares,
            weights,
            gross,
            deductions,
            rates,
            missing,
            redistribution,
            returned,
            caps,
            floors,
            fte,
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
                Violation(uid, pid, "bad_input", f"{_who(uid, pid)}: not a member of the unit")
            )
    amounts: list[int] = []
    reasons: list[str] = []
    for m in team.members:
        a = allocations.get(m.person_id)
        cents, reason = (0, "") if a is None else (money(a.cents, "discretionary"), a.reason)
        if cents < 0:
            out.append(
                Violation(
                    uid,
                    m.person_id,
                    "bad_input",
                    f"{_who(uid, m.person_id)}: negative discretionary amount {cents}",
                )
            )
        if cents and not reason.strip():
            out.append(
                Violation(
                    uid,
                    m.person_id,
                    "missing_reason",
                    f"{_who(uid, m.person_id)}: discretionary {cents} cents without a reason",
                )
            )
        amounts.append(cents)
        reasons.append(reason.strip())
    given = sum(amounts)
    if given != base.discretionary_part:
        out.append(
            Violation(
                uid,
                None,
                "total",
                f"unit {uid}: discretionary amounts add up to {given} cents,"
                f" the discretionary part is {base.discretionary_part} cents",
            )
        )
    return amounts, reasons, out


def _rule_checks(team: Team, base: _Base, amounts: list[int]) -> list[Violation]:
    uid = team.unit_id
    out: list[Violation] = []
    for i, m in enumerate(team.members):
        pay = base.gross[i] + amounts[i] - base.deductions[i] + base.redistribution[i]
        if pay > base.caps[i]:
            out.append(
                Violation(
                    uid,
                    m.person_id,
                    "cap",
                    f"{_who(uid, m.person_id)}: {pay} cents is above the cap"
                    f" {math.floor(base.caps[i])} cents (k × team average × share)",
                )
            )
        if pay < base.floors[i]:
            out.append(
                Violation(
                    uid,
                    m.person_id,
                    "floor",
                    f"{_who(uid, m.person_id)}: {pay} cents is below the floor"
                    f" {math.ceil(base.floors[i])} cents",
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
    n = len(team.members)
    fixed = [base.gross[i] - base.deductions[i] + base.redistribution[i] for i in range(n)]
    lo = [max(0, math.ceil(base.floors[i]) - fixed[i]) for i in range(n)]
    hi = [math.floor(base.caps[i]) - fixed[i] for i in range(n)]
    problems = list(base.violations)
    for i, m in enumerate(team.members):
        if hi[i] < lo[i] or hi[i] < 0:
            problems.append(
                Violation(
                    uid,
                    m.person_id,
                    "cap",
                    f"{_who(uid, m.person_id)}: the formula part alone ({fixed[i]} cents)"
                    " leaves no room between floor and cap",
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
                f" floors ({sum(lo)}) and caps ({sum(hi)})",
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
            room = hi[i] - amounts[i]
            take = min(p, room)
            amounts[i] += take
            left += p - take
            if amounts[i] < hi[i]:
                still.append(i)
        open_ = still
    return {
        m.person_id: Allocation(amounts[i], reason if amounts[i] else "")
        for i, m in enumerate(team.members)
    }


_F_FORMULA = (
    "formula part × weight / Σ weights; weight = post coefficient × score × attendance × share"
)
_F_DISC = "discretionary amount set by the unit manager"
_F_DED = "− round_half_up(formula pay × min(rate per missing hour × missing hours, max rate))"
_F_RED = "Σ training deductions in the unit × weight / Σ weights of members with no shortfall"
_F_ALLOW = "round_half_up(monthly allowance × share of the month in the unit) — on top of the pool"


def _build(
    team: Team,
    base: _Base,
    amounts: list[int],
    reasons: list[str],
    config: DistributionConfig,
) -> Distribution:
    uid = team.unit_id
    allowance_items = {k: money(v, f"allowance {k}") for k, v in config.rural_allowances.items()}
    sum_w = sum(base.weights)
    people = []
    lines: list[PayLine] = []
    for i, m in enumerate(team.members):
        pid = m.person_id
        share = base.shares[i]
        allowances: dict[str, int] = {}
        if m.rural and allowance_items:
            for item, cents in allowance_items.items():
                allowances[item] = cents if share == 1 else round_half_up(cents * share)
        pp = PersonPay(
            pid,
            share,
            base.weights[i],
            base.gross[i],
            amounts[i],
            -base.deductions[i],
            base.redistribution[i],
            allowances,
            base.caps[i],
            base.floors[i],
        )
        people.append(pp)
        lines.append(
            PayLine(
                pid,
                uid,
                FORMULA,
                base.gross[i],
                Derivation(
                    _F_FORMULA,
                    {
                        "formula_part_cents": base.formula_part,
                        "post": m.post,
                        "score": m.score,
                        "attendance": m.attendance,
                        "share": share,
                        "weight": base.weights[i],
                        "sum_weights": sum_w,
                    },
                ),
            )
        )
        if amounts[i]:
            lines.append(
                PayLine(
                    pid,
                    uid,
                    DISCRETIONARY,
                    amounts[i],
                    Derivation(_F_DISC, {"discretionary_part_cents": base.discretionary_part}),
                    reason=reasons[i],
                )
            )
        if base.deductions[i]:
            lines.append(
                PayLine(
                    pid,
                    uid,
                    TRAINING_DEDUCTION,
                    -base.deductions[i],
                    Derivation(
                        _F_DED,
                        {
                            "formula_cents": base.gross[i],
                            "missing_hours": base.missing[i],
                            "rate": base.rates[i],
                        },
                    ),
                )
            )
        if base.redistribution[i]:
            lines.append(
                PayLine(
                    pid,
                    uid,
                    TRAINING_REDISTRIBUTION,
                    base.redistribution[i],
                    Derivation(
                        _F_RED,
                        {"deductions_cents": sum(base.deductions), "weight": base.weights[i]},
                    ),
                )
            )
        for item, cents in allowances.items():
            lines.append(
                PayLine(
                    pid,
                    uid,
                    ALLOWANCE,
                    cents,
                    Derivation(
                        _F_ALLOW,
                        {"monthly_cents": allowance_items[item], "share": share},
                    ),
                    item=item,
                )
            )
    return Distribution(
        uid,
        team.pool_cents,
        base.formula_part,
        base.discretionary_part,
        base.returned,
        tuple(people),
        tuple(lines),
    )
