"""Pay as people read it: month labels, rule and component names, message wording,
the team table of a version.

The core's violations carry their words (a rule key and its figures in yuan, see
``wangge.core.pay.wording``); ``describe`` words them in the page's language after the
unit and person it names.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wangge.base.words import say
from wangge.core import pay as core
from wangge.pay.config import config
from wangge.pay.models import (
    Distribution,
)


def label(month: date) -> str:
    return f"{month:%Y-%m}"


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


def _detail(v: core.Violation) -> str:
    """What is wrong, in the page's language: the core's words (a rule key and its
    figures, yuan already formatted), or its message as it is when it has none."""
    if v.words is not None:
        return say(v.words)
    return str(v.message)


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
        if ln.component in core.POOL_PAY:
            r["pool_pay"] += int(ln.amount_cents)
    out = list(rows.values())
    avg = core.average_pool_pay(r["pool_pay"] for r in out)
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
