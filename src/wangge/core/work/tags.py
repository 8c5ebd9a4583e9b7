"""Customer tags from rules (segments a seller picks a list by): each rule reads a
customer's plain facts and says whether the tag holds today. Imported tags come from
the operator's own segments and are kept as they came; rule tags are recomputed.

* ``contract_ends_this_quarter``: an active subscription's contract or promotion, or
  the competitor's contract the last survey noted, ends in the current quarter;
* ``competitor_broadband``: the last survey found the broadband with a competitor, or
  the customer is a competitor's and has no active broadband of ours;
* ``high_arpu_family``: a household whose active subscriptions bring at least
  ``high_arpu_cents`` a month (default ¥200).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from wangge.core.work.surveys import COMPETITORS

CONTRACT_ENDS_THIS_QUARTER = "contract_ends_this_quarter"
COMPETITOR_BROADBAND = "competitor_broadband"
HIGH_ARPU_FAMILY = "high_arpu_family"

#: the rule tags, in the order pages list them
RULES = (CONTRACT_ENDS_THIS_QUARTER, COMPETITOR_BROADBAND, HIGH_ARPU_FAMILY)

ACTIVE = "active"


@dataclass(frozen=True)
class Line:
    """One subscription as the rules read it."""

    product_line: str
    status: str
    monthly_fee_cents: int = 0
    contract_end: date | None = None


@dataclass(frozen=True)
class Facts:
    kind: str
    ownership: str
    lines: tuple[Line, ...] = ()
    #: the last survey's provider per product line ("" unknown), and its contract end
    surveyed: Mapping[str, str] = field(default_factory=dict)
    surveyed_contract_end: date | None = None


@dataclass(frozen=True)
class TagOptions:
    high_arpu_cents: int = 20_000
    family_kinds: frozenset[str] = frozenset({"household"})


def quarter_of(day: date) -> tuple[date, date]:
    """The first and last day of ``day``'s quarter."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    end = date(day.year + 1, 1, 1) if first_month == 10 else date(day.year, first_month + 3, 1)
    return start, date.fromordinal(end.toordinal() - 1)


def _contract_ends(facts: Facts, day: date, options: TagOptions) -> bool:
    start, end = quarter_of(day)
    ends = [ln.contract_end for ln in facts.lines if ln.status == ACTIVE]
    ends.append(facts.surveyed_contract_end)
    return any(e is not None and start <= e <= end for e in ends)


def _competitor_broadband(facts: Facts, day: date, options: TagOptions) -> bool:
    if facts.surveyed.get("broadband") in COMPETITORS:
        return True
    ours = any(ln.product_line == "broadband" and ln.status == ACTIVE for ln in facts.lines)
    return facts.ownership == "competitor" and not ours and not facts.surveyed.get("broadband")


def _high_arpu_family(facts: Facts, day: date, options: TagOptions) -> bool:
    if facts.kind not in options.family_kinds:
        return False
    monthly = sum(ln.monthly_fee_cents for ln in facts.lines if ln.status == ACTIVE)
    return monthly >= options.high_arpu_cents


_CHECKS: Mapping[str, Callable[[Facts, date, TagOptions], bool]] = {
    CONTRACT_ENDS_THIS_QUARTER: _contract_ends,
    COMPETITOR_BROADBAND: _competitor_broadband,
    HIGH_ARPU_FAMILY: _high_arpu_family,
}


def rule_tags(facts: Facts, day: date, options: TagOptions | None = None) -> frozenset[str]:
    """The rule tags that hold for a customer on ``day``."""
    options = options or TagOptions()
    return frozenset(code for code in RULES if _CHECKS[code](facts, day, options))
