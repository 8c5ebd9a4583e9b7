"""What-if: score the same month under the current and a draft scheme, side by side.

Before a marketing department changes weights or targets it wants to see who
gains and who loses. :func:`compare` runs both and lines the results up per
unit; a draft may change the scheme, the targets, or both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from wangge.core.scoring import Measurement, Scheme, ScoreCard, ScoreInput, score_run

__all__ = ["WhatIfRow", "compare", "with_targets"]


@dataclass(frozen=True)
class WhatIfRow:
    """One unit's old and new result. Deltas are new − old.

    ``rank_delta`` is negative when the unit moves up (rank 3 → 1 is −2).
    """

    unit_id: str
    label: str
    old_score: float
    new_score: float
    old_rank: float
    new_rank: float
    score_delta: float
    rank_delta: float
    old_card: ScoreCard
    new_card: ScoreCard


def with_targets(
    inputs: Sequence[ScoreInput], targets: Mapping[tuple[str, str], object]
) -> list[ScoreInput]:
    """Copy ``inputs`` with some targets replaced: ``{(unit_id, indicator): target}``."""
    out: list[ScoreInput] = []
    for inp in inputs:
        measurements = dict(inp.measurements)
        for (unit_id, key), target in targets.items():
            if unit_id != inp.unit_id:
                continue
            old = measurements.get(key, Measurement(None, None))
            measurements[key] = replace(old, target=target)
        out.append(replace(inp, measurements=measurements))
    return out


def compare(
    scheme: Scheme,
    draft: Scheme | None,
    inputs: Sequence[ScoreInput],
    *,
    draft_inputs: Sequence[ScoreInput] | None = None,
    places: int = 2,
) -> list[WhatIfRow]:
    """Score ``inputs`` under ``scheme`` and under ``draft`` (or the same scheme with
    ``draft_inputs``, e.g. from :func:`with_targets`); one row per unit, input order.

    Either run failing validation raises ``ValidationFailed`` (naming the scheme):
    a what-if on broken data would mislead. Score deltas are computed from the
    rounded totals, so they match what the table shows.
    """
    draft = draft or scheme
    new_inputs = list(draft_inputs) if draft_inputs is not None else list(inputs)
    old_cards = {c.unit_id: c for c in score_run(scheme, inputs, places=places)}
    new_cards = {c.unit_id: c for c in score_run(draft, new_inputs, places=places)}
    rows: list[WhatIfRow] = []
    for inp in inputs:
        old = old_cards[inp.unit_id]
        new = new_cards.get(inp.unit_id)
        if new is None:
            raise KeyError(f"unit {inp.unit_id} is missing from the draft inputs")
        rows.append(
            WhatIfRow(
                unit_id=inp.unit_id,
                label=inp.label,
                old_score=old.total,
                new_score=new.total,
                old_rank=old.rank,
                new_rank=new.rank,
                score_delta=float(Decimal(str(new.total)) - Decimal(str(old.total))),
                rank_delta=new.rank - old.rank,
                old_card=old,
                new_card=new,
            )
        )
    return rows
