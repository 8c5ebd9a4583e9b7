"""From alerts and risk to work: which customers get a work order, when it is due, the
reasons and the suggested action; which are held out so the effect can be measured.

Plain data in and out (the app writes the rows). A reason is a code and its figures;
the app words it (in Chinese first) through gettext, so a reason reads the same in the
risk list, the work order and the API.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from datetime import date, timedelta

from wangge.core.alerts.rules import (
    ARPU_DROP,
    ARREARS_AGEING,
    COMPLAINTS,
    CONTRACT_ENDING,
    GUARD,
    GUARD_LIST,
    NEW_SILENT,
    RED,
    RULES,
    USAGE_DROP,
    YELLOW,
)
from wangge.core.months import month_end

CHURN_RISK = "churn_risk"
#: every rule an alert row may carry: the rules, then the model's top-risk list
ALL_RULES = (*RULES, CHURN_RISK)
OUTCOMES = ("retained", "churned", "unreachable", "not_at_risk")

#: rule → the suggested retention action (an English msgid the app translates); a
#: company replaces any of them with its own text (``WANGGE_ALERT_ACTIONS``)
ACTIONS: dict[str, str] = {
    CONTRACT_ENDING: "Offer a renewal or an upgrade before the contract ends",
    ARREARS_AGEING: "Call about the overdue bill and agree a payment date",
    USAGE_DROP: "Call or visit: check network quality and needs, offer a fitting package",
    ARPU_DROP: "Ask whether a competitor's offer was taken; offer a loyalty package",
    COMPLAINTS: "Call back about the complaints and make sure they are resolved",
    NEW_SILENT: "Help the new user get started (activation, setup, first use)",
    CHURN_RISK: "Call to check satisfaction and offer a retention benefit",
    GUARD_LIST: "Keep in regular touch; offer the key-customer care package",
}


@dataclass(frozen=True)
class WorkOptions:
    """How alerts become work; defaults as the product ships them."""

    holdout_percent: int = 5
    """This share of the alerted customers gets no work order (the comparison group)."""
    top_risk_percent: int = 5
    """Per grid, this share of its scored customers with the highest risk is alerted."""
    top_risk_count: int = 0
    """...or, when above 0, this many per grid instead of the share."""
    risk_red_percent: int = 50
    """A top-risk customer whose churn probability is at least this is red, else yellow."""
    red_days: int = 3
    yellow_days: int = 7
    seed: int = 20261
    """Seed of the holdout draw: the same customer and month always fall the same way."""

    def __post_init__(self) -> None:
        for f in fields(self):
            v = getattr(self, f.name)
            if not isinstance(v, int) or isinstance(v, bool) or v < 0:
                raise ValueError(f"alert work option {f.name}: a whole number ≥ 0, not {v!r}")
        for name in ("holdout_percent", "top_risk_percent", "risk_red_percent"):
            if getattr(self, name) > 100:
                raise ValueError(f"alert work option {name}: at most 100")

    @classmethod
    def from_mapping(cls, raw: Mapping[str, object] | None) -> WorkOptions:
        raw = dict(raw or {})
        unknown = sorted(set(raw) - {f.name for f in fields(cls)})
        if unknown:
            raise ValueError(f"unknown alert work options: {', '.join(unknown)}")
        return cls(**raw)  # type: ignore[arg-type]

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def in_holdout(customer_id: int, month: date, options: WorkOptions) -> bool:
    """A reproducible draw per customer and month: the same answer on every re-run."""
    if options.holdout_percent <= 0:
        return False
    key = f"{options.seed}:{month:%Y-%m}:{customer_id}".encode()
    draw = int.from_bytes(hashlib.sha256(key).digest()[:8], "big") / 2**64
    return draw < options.holdout_percent / 100


def top_risk(
    scored: Iterable[tuple[int, int | None, float]], options: WorkOptions
) -> list[tuple[int, int, float]]:
    """(customer, grid, risk) of each grid's riskiest customers: ``top_risk_count`` per
    grid, or ceil(share × the grid's scored customers); ties by customer id. Customers
    with no grid have nobody to call them and are left out."""
    by_grid: dict[int, list[tuple[int, float]]] = {}
    for customer, grid, risk in scored:
        if grid is not None:
            by_grid.setdefault(int(grid), []).append((int(customer), float(risk)))
    out = []
    for grid in sorted(by_grid):
        rows = sorted(by_grid[grid], key=lambda r: (-r[1], r[0]))
        if options.top_risk_count > 0:
            n = options.top_risk_count
        else:
            n = math.ceil(len(rows) * options.top_risk_percent / 100)
        out.extend((c, grid, r) for c, r in rows[:n])
    return out


def risk_level(risk: float, options: WorkOptions) -> str:
    return RED if risk * 100 >= options.risk_red_percent else YELLOW


def due_days(levels: Iterable[str], options: WorkOptions) -> int | None:
    """Days to handle a customer's alerts: red's when any is red; none for a guard-list
    entry alone (the guard list is a list to keep in touch with, not a task)."""
    levels = set(levels)
    if RED in levels:
        return options.red_days
    if YELLOW in levels:
        return options.yellow_days
    return None


def due_on(month: date, levels: Iterable[str], options: WorkOptions, start: date) -> date | None:
    days = due_days(levels, options)
    return None if days is None else start + timedelta(days=days)


@dataclass(frozen=True)
class Reason:
    """A reason code and its figures, worded by the app."""

    code: str
    params: dict

    def as_dict(self) -> dict:
        return {"code": self.code, **self.params}


def rule_reason(rule: str, month: date, figure, baseline, on_date, guard_percent: int) -> Reason:
    """The reason of a rule alert, from its figures (see ``rules.FIGURES``)."""
    if rule == CONTRACT_ENDING:
        return Reason("contract_ending", {"days": (on_date - month_end(month)).days})
    if rule == ARREARS_AGEING:
        return Reason("arrears_ageing", {"cents": int(figure)})
    if rule in (USAGE_DROP, ARPU_DROP):
        # figure this month against the 3-month sum: the fall in whole percent
        months = 3
        fall = round(100 - 100 * figure * months / baseline) if baseline else 0
        return Reason(rule, {"percent": int(fall)})
    if rule == COMPLAINTS:
        return Reason("complaints", {"count": int(figure)})
    if rule == NEW_SILENT:
        return Reason("new_silent", {"days": (month_end(month) - on_date).days})
    if rule == GUARD_LIST:
        return Reason("guard_list", {"percent": guard_percent})
    raise KeyError(rule)


def model_reason(feature: str, value) -> Reason:
    """A model reason code (a feature that raised the risk) with the customer's value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return Reason(f"model_{feature}_missing", {})
    if feature == "contract_days":
        days = int(value)
        if days >= 0:
            return Reason("contract_ending", {"days": days})
        return Reason("contract_lapsed", {"days": -days})
    if feature in ("usage_trend", "billed_trend"):
        pct = round((1 - float(value)) * 100)
        code = "usage" if feature == "usage_trend" else "billed"
        if pct > 0:
            return Reason(f"model_{code}_down", {"percent": int(pct)})
        return Reason(f"model_{code}_up", {"percent": int(-pct)})
    if feature in ("arrears", "arrears_aged", "arrears_over_90", "billed", "customer_billed"):
        return Reason(f"model_{feature}", {"cents": int(value)})
    if feature == "tenure_months":
        return Reason("model_tenure", {"months": int(value)})
    if feature in ("complaints", "complaints_3m", "customer_lines", "usage"):
        return Reason(f"model_{feature}", {"count": int(value)})
    if feature == "suspended":
        return Reason("model_suspended", {})
    return Reason(f"model_{feature}", {"value": str(value)})


__all__ = [
    "ACTIONS",
    "ALL_RULES",
    "CHURN_RISK",
    "GUARD",
    "OUTCOMES",
    "Reason",
    "WorkOptions",
    "due_days",
    "in_holdout",
    "model_reason",
    "risk_level",
    "rule_reason",
    "top_risk",
]
