"""Standardisation audit (标准化达标): a checklist of items, each worth at most its
points, grouped in sections weighted as the appraisal's audit scheme weighs them
(hardware environment 30, indicators 50, internal management 20; pass at 80).

A section's score is out of 100 (its points over its maximum), which is what the
appraisal's scheme reads as the section's actual against a target of 100; the total
is the sections' weighted sum, so an audit and its appraisal card agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

DEFAULT_SECTIONS = {"hardware": Fraction(30), "indicators": Fraction(50),
                    "internal_management": Fraction(20)}  # fmt: skip
DEFAULT_PASS_MARK = Fraction(80)
FULL = Fraction(100)


@dataclass(frozen=True)
class Item:
    key: str
    section: str
    max_points: Fraction


@dataclass(frozen=True)
class AuditProblem:
    """``code``: ``unknown_item``, ``missing``, ``negative``, ``above_max`` (a score
    above its item's maximum), ``unknown_section``, ``empty_section``."""

    code: str
    item: str
    points: Fraction | None = None
    max_points: Fraction | None = None


@dataclass(frozen=True)
class AuditResult:
    sections: Mapping[str, Fraction]
    total: Fraction
    passed: bool


def problems(items: Sequence[Item], scores: Mapping[str, Fraction],
             sections: Mapping[str, Fraction]) -> list[AuditProblem]:  # fmt: skip
    """Everything wrong with ``scores`` (item → points) for the checklist ``items``."""
    out: list[AuditProblem] = []
    known = {i.key for i in items}
    for key in scores:
        if key not in known:
            out.append(AuditProblem("unknown_item", key, scores[key]))
    for item in items:
        if item.section not in sections:
            out.append(AuditProblem("unknown_section", item.key))
            continue
        if item.key not in scores:
            out.append(AuditProblem("missing", item.key, None, item.max_points))
            continue
        points = scores[item.key]
        if points < 0:
            out.append(AuditProblem("negative", item.key, points, item.max_points))
        elif points > item.max_points:
            out.append(AuditProblem("above_max", item.key, points, item.max_points))
    for section in sections:
        if not any(i.section == section and i.max_points > 0 for i in items):
            out.append(AuditProblem("empty_section", section))
    return out


def score(items: Sequence[Item], scores: Mapping[str, Fraction],
          sections: Mapping[str, Fraction] | None = None,
          pass_mark: Fraction = DEFAULT_PASS_MARK) -> AuditResult:  # fmt: skip
    """Section scores out of 100 and the weighted total; refuses bad scores with
    ``ValueError`` listing the problems (the service checks ``problems`` first)."""
    sections = DEFAULT_SECTIONS if sections is None else sections
    found = problems(items, scores, sections)
    if found:
        raise ValueError(found)
    out: dict[str, Fraction] = {}
    for section in sections:
        mine = [i for i in items if i.section == section]
        top = sum((i.max_points for i in mine), Fraction(0))
        got = sum((scores[i.key] for i in mine), Fraction(0))
        out[section] = FULL * got / top
    weight = sum(sections.values(), Fraction(0))
    total = sum((sections[s] * out[s] / FULL for s in sections), Fraction(0))
    if weight != FULL:  # a company's weights that do not make 100: scale to 100
        total = total * FULL / weight
    return AuditResult(out, total, total >= pass_mark)
