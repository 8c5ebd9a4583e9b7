"""Pay pools (工资打包): each center's or county branch's payroll for a month.

A unit's pool grows with its budget tier and its appraisal score and shares in
the revenue it brought above budget; the company total is a hard ceiling, so when
the pools together ask for more, every pool is cut in the same proportion (never
raised when they ask for less: unspent money stays with the company).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from wangge.core.explain import Derivation, Words
from wangge.core.formatting import yuan
from wangge.core.money import split_exact
from wangge.core.pay import wording
from wangge.core.pay.common import (
    Exact,
    Id,
    PayError,
    Violation,
    Working,
    exact,
    money,
    round_half_up,
)

DEFAULT_TIER_COEFFICIENTS: Mapping[str, Exact] = {"A": "1.2", "B": "1.0", "C": "0.8"}


@dataclass(frozen=True)
class PoolConfig:
    """How pools are sized; every number is the shipped default and configurable.

    ``score_floor`` and ``score_cap`` clamp score / 100 so a weak unit keeps 60 %
    of its base and a strong one earns at most 120 %. ``revenue_share`` is the
    share of revenue above budget added to the pool (nothing below budget).
    """

    tier_coefficients: Mapping[str, Exact] = field(
        default_factory=lambda: dict(DEFAULT_TIER_COEFFICIENTS)
    )
    score_floor: Exact = "0.6"
    score_cap: Exact = "1.2"
    revenue_share: Exact = "0.1"


@dataclass(frozen=True)
class UnitAppraisal:
    """A unit's published appraisal for the month, as the pool needs it."""

    unit_id: Id
    base_cents: int
    tier: str
    score: Exact | None  # points out of 100; None when not published
    revenue_cents: int = 0
    revenue_budget_cents: int = 0


@dataclass(frozen=True)
class UnitPool:
    """One unit's pool: before the company ceiling and after it."""

    unit_id: Id
    unscaled_cents: int
    pool_cents: int
    working: Working

    @property
    def derivation(self) -> Derivation:
        """The pool explained with the project-wide derivation type."""
        return self.working.derivation(f"pool {self.unit_id}", self.pool_cents)


@dataclass(frozen=True)
class PoolResult:
    """All pools of a month, and whether the company ceiling cut them."""

    pools: tuple[UnitPool, ...]
    company_total_cents: int
    unscaled_total_cents: int
    scaled_down: bool

    @property
    def total_cents(self) -> int:
        return sum(p.pool_cents for p in self.pools)

    def by_unit(self) -> dict[Id, int]:
        return {p.unit_id: p.pool_cents for p in self.pools}


_POOL_FORMULA = (
    "round_half_up(base × tier coefficient × clamp(score / 100, floor, cap)"
    " + revenue share × max(0, revenue − budget))"
)


def unscaled_pool(appraisal: UnitAppraisal, config: PoolConfig) -> tuple[int, Working]:
    """One unit's pool before the company ceiling, rounded half-up to the cent."""
    a = appraisal
    problems = _check_appraisal(a, config)
    if problems:
        raise PayError(problems)
    tier_coef = exact(config.tier_coefficients[a.tier], "tier coefficient")
    floor, cap = exact(config.score_floor, "score floor"), exact(config.score_cap, "score cap")
    raw = exact(a.score, "score") / 100  # type: ignore[arg-type]
    factor = min(max(raw, floor), cap)
    above = max(0, a.revenue_cents - a.revenue_budget_cents)
    share = exact(config.revenue_share, "revenue share")
    value = a.base_cents * tier_coef * factor + share * above
    cents = round_half_up(value)
    return cents, Working(
        _POOL_FORMULA,
        {
            "base_cents": a.base_cents,
            "tier": a.tier,
            "tier_coefficient": tier_coef,
            "score": raw * 100,
            "score_factor": factor,
            "revenue_above_budget_cents": above,
            "revenue_share": share,
            "unscaled_cents": cents,
        },
    )


def _check_appraisal(a: UnitAppraisal, config: PoolConfig) -> list[Violation]:
    out: list[Violation] = []
    if a.score is None:
        out.append(
            Violation(
                a.unit_id,
                None,
                "missing_score",
                f"unit {a.unit_id}: no appraisal score",
                Words("violation.missing_score"),
            )
        )
    if a.tier not in config.tier_coefficients:
        out.append(
            Violation(
                a.unit_id,
                None,
                "unknown_tier",
                f"unit {a.unit_id}: budget tier {a.tier!r} has no coefficient"
                f" (configured: {', '.join(sorted(config.tier_coefficients))})",
                Words(
                    "violation.unknown_tier",
                    tier=str(a.tier),
                    known=", ".join(sorted(config.tier_coefficients)),
                ),
            )
        )
    money(a.base_cents, f"unit {a.unit_id} base")
    money(a.revenue_cents, f"unit {a.unit_id} revenue")
    money(a.revenue_budget_cents, f"unit {a.unit_id} revenue budget")
    if a.base_cents < 0:
        out.append(
            Violation(
                a.unit_id,
                None,
                "bad_input",
                f"unit {a.unit_id}: base is negative",
                Words("violation.base_negative"),
            )
        )
    return out


def compute_pools(
    appraisals: Sequence[UnitAppraisal],
    company_total_cents: int,
    config: PoolConfig | None = None,
) -> PoolResult:
    """Every unit's pool for a month, never exceeding ``company_total_cents``.

    If the unscaled pools add up to more than the company total, the company
    total is split over the units by ``split_exact`` with the unscaled pools as
    weights, so the pools then add up to the company total exactly. Refuses
    (``PayError``) a missing score, an unknown tier or a duplicate unit, listing
    every such problem at once.
    """
    config = config or PoolConfig()
    money(company_total_cents, "company total")
    problems: list[Violation] = []
    seen: set[Id] = set()
    for a in appraisals:
        problems.extend(_check_appraisal(a, config))
        if a.unit_id in seen:
            problems.append(
                Violation(
                    a.unit_id,
                    None,
                    "bad_input",
                    f"unit {a.unit_id}: appears twice",
                    Words("violation.unit_twice"),
                )
            )
        seen.add(a.unit_id)
    if company_total_cents < 0:
        problems.append(
            Violation(
                None,
                None,
                "bad_input",
                "company total is negative",
                Words("violation.company_negative"),
            )
        )
    if problems:
        raise PayError(problems)

    unscaled = [unscaled_pool(a, config) for a in appraisals]
    unscaled_total = sum(c for c, _ in unscaled)
    scaled_down = unscaled_total > company_total_cents
    if scaled_down:
        finals = split_exact(company_total_cents, [c for c, _ in unscaled])
    else:
        finals = [c for c, _ in unscaled]
    pools = []
    for a, (cents, der), final in zip(appraisals, unscaled, finals, strict=True):
        if scaled_down:
            der = Working(
                "split_exact(company total, by unscaled pools) — pools exceeded the company total;"
                f" unscaled: {der.formula}",
                {
                    **der.inputs,
                    "company_total_cents": company_total_cents,
                    "unscaled_total_cents": unscaled_total,
                    "pool_cents": final,
                },
            )
        pools.append(UnitPool(a.unit_id, cents, final, der))
    return PoolResult(tuple(pools), company_total_cents, unscaled_total, scaled_down)


def score_from_parts(
    unit_id: Id, parts: Mapping[Id, Exact], weights: Mapping[Id, Exact] | None = None
) -> tuple[Fraction, Working]:
    """A center's or county's score when the appraisal scores only its grids.

    The weighted mean of the grids' scores (equal weights by default, or e.g. the
    grids' households), exact. Refuses (``PayError``, rule ``missing_score``) a
    unit with no scored part or whose weights add up to zero, because a pool
    without a score must not be guessed.
    """
    if not parts:
        raise PayError(
            [
                Violation(
                    unit_id,
                    None,
                    "missing_score",
                    f"unit {unit_id}: no scored grid",
                    Words("violation.no_scored_grid"),
                )
            ]
        )
    ws = {k: exact(weights[k], f"weight of {k}") if weights else Fraction(1) for k in parts}
    total_w = sum(ws.values())
    if total_w <= 0 or any(w < 0 for w in ws.values()):
        raise PayError(
            [
                Violation(
                    unit_id,
                    None,
                    "missing_score",
                    f"unit {unit_id}: grid weights add up to 0",
                    Words("violation.grid_weights_zero"),
                )
            ]
        )
    score = sum(exact(v, f"score of {k}") * ws[k] for k, v in parts.items()) / total_w
    return score, Working(
        wording.SCORE_FROM_GRIDS,
        {"grids": len(parts), "sum_weights": total_w, "score": score},
    )


# --- inverted pyramid -----------------------------------------------------


@dataclass(frozen=True)
class LevelPay:
    """Total pay and head count at one level (county, city, province; front line...)."""

    level: str
    total_cents: int
    heads: int | Exact  # full-time equivalents may be fractional


@dataclass(frozen=True)
class PyramidReport:
    """Average pay per head by level and the breaks of the configured tilt."""

    averages: Mapping[str, Fraction]  # exact average cents per head
    averages_cents: Mapping[str, int]  # the same, rounded half-up for display
    tilt: tuple[str, ...]
    warnings: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.warnings


DEFAULT_TILT = ("county", "city", "province")


def check_inverted_pyramid(
    levels: Sequence[LevelPay], tilt: Sequence[str] = DEFAULT_TILT
) -> PyramidReport:
    """Report average pay per head by level and warn where the tilt is broken.

    ``tilt`` lists levels from the one that must be paid most per head to the one
    paid least (the inverted pyramid: county above city above province, or
    ``("front_line", "support")``). Each neighbouring pair must be strictly
    decreasing; a level with no heads or missing from ``levels`` is a warning too,
    since the tilt cannot then be shown to hold.
    """
    averages: dict[str, Fraction] = {}
    warnings: list[str] = []
    without_heads: set[str] = set()
    for lv in levels:
        heads = exact(lv.heads, f"heads at {lv.level}")
        if heads <= 0:
            without_heads.add(lv.level)
            warnings.append(Words("pyramid.no_heads", level=wording.level_words(lv.level)))
            continue
        averages[lv.level] = Fraction(money(lv.total_cents, f"{lv.level} total")) / heads
    for name in tilt:
        if name not in averages and name not in without_heads:
            warnings.append(Words("pyramid.no_pay", level=wording.level_words(name)))
    for upper, lower in itertools.pairwise(tilt):
        if upper in averages and lower in averages and not averages[upper] > averages[lower]:
            warnings.append(
                Words(
                    "pyramid.broken",
                    upper=wording.level_words(upper),
                    upper_pay=yuan(round_half_up(averages[upper])),
                    lower=wording.level_words(lower),
                    lower_pay=yuan(round_half_up(averages[lower])),
                )
            )
    return PyramidReport(
        averages,
        {k: round_half_up(v) for k, v in averages.items()},
        tuple(tilt),
        tuple(warnings),
    )
