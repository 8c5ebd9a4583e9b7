"""Opportunities (商机): the stage lifecycle, the pipeline and conversion by stage.

Stages run cultivate → mine → convert → realise → review → re-cultivate (培育、挖掘、
转化、实现、总结、再培育). Re-cultivation starts the next round: from it an opportunity
moves forward to mine again. Moving forward needs nothing; moving backwards needs a
reason (the board must say why a deal slipped). Re-cultivate is reached only after
the review.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

CULTIVATE = "cultivate"
MINE = "mine"
CONVERT = "convert"
REALISE = "realise"
REVIEW = "review"
RECULTIVATE = "recultivate"

STAGES = (CULTIVATE, MINE, CONVERT, REALISE, REVIEW, RECULTIVATE)
#: the stages a round passes through, in order, for the conversion rates
FUNNEL = (CULTIVATE, MINE, CONVERT, REALISE, REVIEW)

SINGLE_PRODUCT_KINDS = ("fixed_line", "broadband", "data_line")
PROJECT_KINDS = ("new_enterprise", "new_premises", "expansion", "integrated")
KINDS = SINGLE_PRODUCT_KINDS + PROJECT_KINDS

OPEN = "open"
WON = "won"
LOST = "lost"
OUTCOMES = (OPEN, WON, LOST)


def _rank(stage: str, *, as_source: bool) -> int:
    # re-cultivation is the start of the next round when moving on from it
    if stage == RECULTIVATE and as_source:
        return 0
    return STAGES.index(stage)


@dataclass(frozen=True)
class Refusal:
    rule: str  # "unknown_stage" | "same_stage" | "recultivate_after_review" | "reason_required"
    current: str
    target: str


def is_backwards(current: str, target: str) -> bool:
    return _rank(target, as_source=False) < _rank(current, as_source=True)


def check_move(current: str, target: str, reason: str = "") -> Refusal | None:
    """None when the opportunity may go from ``current`` to ``target`` with ``reason``."""
    if current not in STAGES or target not in STAGES:
        return Refusal("unknown_stage", current, target)
    if current == target:
        return Refusal("same_stage", current, target)
    if target == RECULTIVATE and current != REVIEW:
        return Refusal("recultivate_after_review", current, target)
    if is_backwards(current, target) and not reason.strip():
        return Refusal("reason_required", current, target)
    return None


def check_outcome(outcome: str, reason: str) -> str | None:
    """The rule broken by closing as ``outcome`` with ``reason``, or None."""
    if outcome not in (WON, LOST):
        return "unknown_outcome"
    if not reason.strip():
        return "reason_required"
    return None


@dataclass(frozen=True)
class StageFigures:
    stage: str
    count: int
    value_cents: int


def pipeline(rows: Iterable[tuple[str, int]]) -> list[StageFigures]:
    """(stage, value_cents) of each open opportunity → count and value per stage, every
    stage listed (an empty stage shows 0, not a gap)."""
    counts = dict.fromkeys(STAGES, 0)
    values = dict.fromkeys(STAGES, 0)
    for stage, value in rows:
        counts[stage] += 1
        values[stage] += int(value)
    return [StageFigures(s, counts[s], values[s]) for s in STAGES]


@dataclass(frozen=True)
class Conversion:
    """Of the opportunities that reached ``stage``, how many went on to the next."""

    kind: str | None  # None: every kind together
    stage: str
    reached: int
    advanced: int

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.advanced, self.reached) if self.reached else None


def furthest(stages_reached: Iterable[str]) -> int:
    """The index in ``FUNNEL`` of the furthest stage a round reached (re-cultivation
    counts as having passed the review); -1 for none."""
    best = -1
    for stage in stages_reached:
        best = max(best, len(FUNNEL) - 1 if stage == RECULTIVATE else FUNNEL.index(stage))
    return best


def conversion(rows: Iterable[tuple[str, Iterable[str]]]) -> list[Conversion]:
    """(kind, stages the opportunity has been in) → conversion from each funnel stage to
    the next, per kind and for all kinds (kind None), kinds in ``KINDS`` order.

    An opportunity that reached a later stage counts as having reached every earlier
    one (one entered straight at "convert" passed cultivate and mine).
    """
    reach: dict[str | None, list[int]] = {}
    for kind, stages in rows:
        top = furthest(stages)
        for key in (kind, None):
            reach.setdefault(key, []).append(top)
    out = []
    for key in [k for k in KINDS if k in reach] + [None]:
        tops = reach.get(key, [])
        for i, stage in enumerate(FUNNEL[:-1]):
            reached = sum(1 for t in tops if t >= i)
            advanced = sum(1 for t in tops if t >= i + 1)
            out.append(Conversion(key, stage, reached, advanced))
    return out
