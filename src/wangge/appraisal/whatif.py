"""What-if in the shell: re-score a closed month under edited weights or targets.

Uses the figures frozen on the run's cards, so a what-if never reads the store and
shows exactly the month the scores were computed on; only the scheme or the
targets differ. Nothing is saved unless the user saves the draft scheme.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext

from wangge.appraisal.close import gather_subjects, rate_options
from wangge.appraisal.models import AppraisalRun, ScoreCard
from wangge.base.words import say
from wangge.core import appraisal as core
from wangge.core import scoring
from wangge.core.whatif import compare


class WhatIfRefused(Exception):
    pass


def draft_scheme(scheme: scoring.Scheme, weights: dict[str, str]) -> scoring.Scheme:
    """The scheme with some indicator weights or qualitative maxima replaced."""
    data = scoring.scheme_to_dict(scheme)
    for ind in data["indicators"]:
        if ind["key"] in weights:
            ind["weight"] = str(weights[ind["key"]])
    for q in data["qualitative"]:
        if q["key"] in weights:
            q["max_points"] = str(weights[q["key"]])
    data["code"] = f"{scheme.code}-draft"
    return scoring.scheme_from_dict(data)


def run_whatif(
    run: AppraisalRun,
    scheme_code: str,
    *,
    weights: dict[str, str] | None = None,
    targets: dict[tuple[str, str], int] | None = None,
) -> list[dict[str, Any]]:
    """Old and new score and rank per subject of one scheme in ``run``.

    ``weights`` maps item key → new weight; ``targets`` maps (subject key,
    indicator key) → new stored target value. Refused (``WhatIfRefused``) when the
    draft does not validate, with the core's messages.
    """
    from wangge.appraisal.schemes import schemes_in_use

    cards = {
        (c.subject_kind, c.unit_id or c.person_id): c
        for c in ScoreCard.objects.filter(run=run, scheme_code=scheme_code)
    }
    if not cards:
        raise WhatIfRefused(
            gettext("No score card of scheme %(code)s in this month.") % {"code": scheme_code}
        )
    scheme = next((s for s in schemes_in_use() if s.code == scheme_code), None)
    if scheme is None:
        raise WhatIfRefused(gettext("Scheme %(code)s is no longer in use.") % {"code": scheme_code})
    options = rate_options()
    subjects = []
    for s in gather_subjects(run.month):
        card = cards.get((s.kind, s.ref))
        if card is not None:
            subjects.append(dataclasses.replace(s, figures=card.figures or None))
    inputs = [core.subject_inputs(s, scheme, options).inp for s in subjects]
    draft = draft_scheme(scheme, weights) if weights else None
    draft_inputs = None
    if targets:
        changed = []
        for s in subjects:
            new = dict(s.targets)
            for (key, indicator), value in targets.items():
                if key == s.key:
                    old = new.get(indicator)
                    measure = old.measure if old else "count"
                    new[indicator] = core.TargetValue(value, measure, "what-if")
            changed.append(dataclasses.replace(s, targets=new))
        draft_inputs = [core.subject_inputs(s, draft or scheme, options).inp for s in changed]
    try:
        rows = compare(scheme, draft, inputs, draft_inputs=draft_inputs)
    except scoring.ValidationFailed as exc:
        raise WhatIfRefused("; ".join(say(p.words()) for p in exc.problems)) from exc
    except KeyError as exc:
        raise WhatIfRefused(str(exc)) from exc
    return [
        {
            "subject": r.unit_id,
            "label": r.label,
            "old_score": r.old_score,
            "new_score": r.new_score,
            "score_delta": r.score_delta,
            "old_rank": r.old_rank,
            "new_rank": r.new_rank,
            "rank_delta": r.rank_delta,
        }
        for r in rows
    ]


@dataclasses.dataclass(frozen=True)
class Outcome:
    """Which way a what-if moved the subjects: how many gain, lose or keep their score,
    and the largest gain and loss (label, score change, rank change)."""

    up: int
    down: int
    same: int
    best: dict[str, Any] | None
    worst: dict[str, Any] | None


def outcome(rows: list[dict[str, Any]]) -> Outcome:
    """The direction of a comparison, so the page can say it before the table."""
    up = [r for r in rows if r["score_delta"] > 0]
    down = [r for r in rows if r["score_delta"] < 0]
    return Outcome(
        up=len(up),
        down=len(down),
        same=len(rows) - len(up) - len(down),
        best=max(up, key=lambda r: r["score_delta"], default=None),
        worst=min(down, key=lambda r: r["score_delta"], default=None),
    )


def target_indicators(scheme: scoring.Scheme) -> list[str]:
    """The keys of the scheme's items scored on completion of a target: the ones a
    what-if target can change."""
    return [i.key for i in scheme.indicators if i.measure == scoring.COMPLETION]


def scheme_weights(scheme: scoring.Scheme) -> list[tuple[str, str, Fraction, str]]:
    """(key, label, weight, kind) of every item, for the what-if form."""
    return [(i.key, i.label, i.weight, "quantitative") for i in scheme.indicators] + [
        (q.key, q.label, q.max_points, "qualitative") for q in scheme.qualitative
    ]
