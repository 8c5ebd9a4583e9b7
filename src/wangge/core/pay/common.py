"""Shared pieces of the pay core: exact numbers, workings, rule violations.

Money is always ``int`` cents. Coefficients, scores and shares are exact
fractions: callers may hand them in as ``Fraction``, ``Decimal``, ``int`` or a
decimal string ("1.2"), never as ``float``, because a binary float such as 0.1
is not the number a person typed and its error would leak into someone's pay.

The only rounding outside ``split_exact`` is :func:`round_half_up`, to the cent.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from wangge.core.explain import Derivation, Fact

Id = Hashable
"""A unit or person identifier (the data contract uses int64; tests use strings)."""

Exact = Fraction | Decimal | int | str
"""What a coefficient, score or share may be given as: anything exact."""


class PayError(ValueError):
    """Pay input that the rules refuse; ``violations`` lists every broken rule."""

    def __init__(self, violations: list[Violation] | tuple[Violation, ...]):
        self.violations = tuple(violations)
        lines = "; ".join(f"[{v.rule}] {v.message}" for v in self.violations)
        super().__init__(f"{len(self.violations)} pay rule(s) broken: {lines}")


@dataclass(frozen=True)
class Violation:
    """One broken rule, named so a page can put it next to the right person.

    ``rule`` is a short stable key (see ``RULES``); ``person_id`` is ``None`` when
    the rule concerns the whole unit (the pool, the discretionary total).
    """

    unit_id: Id
    person_id: Id | None
    rule: str
    message: str
    #: what is wrong as ``Words`` (a rule key and its figures, yuan formatted), without
    #: the unit and person: a page names them itself and words this in its language
    words: Any = None


RULES = (
    "cap",  # a person above k x the team average
    "floor",  # a person below the minimum (pro rata to days in the unit)
    "total",  # discretionary amounts do not add up to the discretionary part
    "missing_reason",  # a non-zero discretionary amount without a written reason
    "pool_below_floors",  # the pool cannot pay every floor
    "missing_score",  # no appraisal score for a person
    "unknown_post",  # a post with no configured coefficient
    "unknown_tier",  # a budget tier with no configured coefficient
    "bad_input",  # negative amounts, shares outside (0, 1], duplicate people
    "no_formula_weight",  # every formula weight is zero, the formula part has no taker
)


@dataclass(frozen=True, slots=True)
class Working:
    """How one number came to be, in compact form: a formula in words and its inputs.

    A province has hundreds of thousands of payslip lines, so each line keeps just
    this (a shared formula string and a small mapping) and turns it into the
    project-wide :class:`wangge.core.explain.Derivation` only when someone asks
    (:meth:`derivation`, ``PayLine.derivation``), for a tooltip, the API or Excel.
    """

    formula: str
    inputs: Mapping[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        """The formula followed by its inputs, for a payslip or a tooltip."""
        if not self.inputs:
            return self.formula
        shown = ", ".join(f"{k} = {_show(v)}" for k, v in self.inputs.items())
        return f"{self.formula}  [{shown}]"

    def derivation(
        self, label: str, value: Any, *, unit: str = "cents", notes: tuple[str, ...] = ()
    ) -> Derivation:
        """The same working as an ``explain.Derivation``: each input becomes a ``Fact``."""
        facts = tuple(
            Fact(k, v, unit="cents" if k.endswith("_cents") else "") for k, v in self.inputs.items()
        )
        return Derivation(label, value, self.formula, facts, notes, unit)


def _show(value: Any) -> str:
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        # a fraction with a terminating decimal form reads better as a decimal
        d = value.denominator
        for p in (2, 5):
            while d % p == 0:
                d //= p
        if d == 1:
            return str(Decimal(value.numerator) / Decimal(value.denominator))
        return f"{value.numerator}/{value.denominator}"
    return str(value)


# --- payslip lines ----------------------------------------------------------

FORMULA = "formula"
DISCRETIONARY = "discretionary"
TRAINING_DEDUCTION = "training_deduction"
TRAINING_REDISTRIBUTION = "training_redistribution"
ALLOWANCE = "allowance"
POINTS = "points"
CLAWBACK = "clawback"
COMPONENTS = (
    FORMULA,
    DISCRETIONARY,
    TRAINING_DEDUCTION,
    TRAINING_REDISTRIBUTION,
    ALLOWANCE,
    POINTS,
    CLAWBACK,
)
#: The components paid out of the pool: what the cap and floor bound and the team
#: average counts (allowances, points and clawbacks are outside the pool).
POOL_PAY = (FORMULA, DISCRETIONARY, TRAINING_DEDUCTION, TRAINING_REDISTRIBUTION)


@dataclass(frozen=True, slots=True)
class PayLine:
    """One line of a person's payslip for a month.

    ``component`` is one of ``COMPONENTS``; ``item`` tells lines of one component
    apart (the allowance item such as "food", the points scheme, the clawed-back
    subscription id). ``reason`` carries the manager's written reason for a
    discretionary amount, or the event behind a clawback. ``unit_id`` is ``None``
    for lines that do not come out of a unit's pool (points, clawbacks).
    """

    person_id: Id
    unit_id: Id | None
    component: str
    cents: int
    working: Working
    item: str = ""
    reason: str = ""

    @property
    def derivation(self) -> Derivation:
        """This line explained with the project-wide derivation type."""
        label = f"{self.component}:{self.item}" if self.item else self.component
        return self.working.derivation(
            label, self.cents, notes=(self.reason,) if self.reason else ()
        )


def exact(value: Exact, what: str = "value") -> Fraction:
    """Take a coefficient, score or share exactly; refuse floats and junk."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(
            f"{what} must be exact (Fraction, Decimal, int or a decimal string), got {value!r}"
        )
    if isinstance(value, int | Decimal):
        return Fraction(value)
    if isinstance(value, str):
        try:
            return Fraction(Decimal(value.strip()))
        except ArithmeticError as exc:
            raise ValueError(f"{what} is not a number: {value!r}") from exc
    raise TypeError(f"{what} must be exact (Fraction, Decimal, int or str), got {value!r}")


def round_half_up(value: Fraction) -> int:
    """Round an exact amount to whole cents, halves away from zero.

    The one rounding rule of the pay core besides ``split_exact``: used where a
    single amount (not a split) must become cents, e.g. an unscaled pool or a
    fixed points value. Away from zero keeps a negative amount the mirror image of
    its positive twin.
    """
    if value >= 0:
        return int(value + Fraction(1, 2))
    return -int(-value + Fraction(1, 2))


def money(value: int, what: str) -> int:
    """Check that ``value`` is an int number of cents."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{what} must be int cents, got {value!r}")
    return value
