"""A grid's second card: its standardisation audit, scored by the audit scheme.

The month-end close scores every grid on the grid scheme of its class. A grid that
was audited in the month also holds the audit's section scores as figures entered for
the month (``wangge people feed`` writes them: ``hardware``, ``indicators``,
``internal_management``, each out of 100); this module turns those grids into a
second subject of the close, with the role of the audit scheme, so that the close
scores and ranks them on that scheme beside their ordinary card.

Choices (documented for the product):

* Only grids with at least one of the audit scheme's section figures that month get
  the second card: a grid nobody audited is not scored 0 on an audit that did not
  happen. A grid with some sections but not all is left for the close to refuse,
  naming the grid and the missing section (the audit service always writes all).
* A section without a target is scored against full marks (100): the sections are
  out of 100 by definition.
* No audit scheme in force on the month's last day: no second card (a company that
  does not audit is not refused).
* The second subject's key is the grid's key followed by ``· standardisation audit``,
  so ranks and refusals name it apart from the grid's ordinary card.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from wangge.core.appraisal import Subject, TargetValue
from wangge.core.months import month_end
from wangge.core.scoring import Scheme

ROLE = "standardisation_audit"
KEY_SUFFIX = " · standardisation audit"
FULL_MARKS = 100
POINTS = "points"


def audit_sections(schemes: Sequence[Scheme], on: dt.date, role: str = ROLE) -> set[str]:
    """The section keys of the audit schemes in force on ``on`` (empty: none in force)."""
    return {i.key for s in schemes if s.role == role and s.in_force(on) for i in s.indicators}


def audit_subjects(
    month: dt.date, subjects: Sequence[Subject], schemes: Sequence[Scheme], role: str = ROLE
) -> list[Subject]:
    """One audit subject per grid of ``subjects`` that holds audit figures for ``month``."""
    sections = audit_sections(schemes, month_end(month), role)
    if not sections:
        return []
    out = []
    for s in subjects:
        if s.kind != "unit" or s.role != "grid":
            continue
        manual = {k: v for k, v in s.manual.items() if k in sections}
        if not manual:
            continue
        targets = {k: v for k, v in s.targets.items() if k in sections}
        for key in sections - set(targets):
            targets[key] = TargetValue(FULL_MARKS, POINTS, "full marks")
        out.append(
            replace(
                s,
                key=s.key + KEY_SUFFIX,
                role=role,
                phase=None,
                manual=manual,
                targets=targets,
                judgements={},
            )
        )
    return out


def with_audit_cards(
    month: dt.date, subjects: Sequence[Subject], schemes: Sequence[Scheme]
) -> list[Subject]:
    """``subjects`` followed by the audited grids' second subjects (the close's hook)."""
    return [*subjects, *audit_subjects(month, subjects, schemes)]
