"""Monthly appraisal: scoring indicators on curves, scorecards, ranking.

A scheme (考核方案) belongs to a role or post, optionally a grid class (A/B) and
a phase, and is in force between two dates. It lists quantitative indicators
(weight, direction, completion form, curve) and qualitative items (judgement
points entered by a director with a written reason). A run scores every unit
or person of one scheme at once, because the "rank" curve and the final ranking
need all peers.

Arithmetic is exact (``Fraction``) from the inputs to the points; only the
points shown are rounded, to ``places`` decimals (2 by default) half-up, so
the same inputs always give the same figures on every machine. A card's total
is the sum of its *rounded* item points, so the page adds up to what it shows.

Choices we made (documented here and in the tests):

* Completion, higher is better: ``A / T`` (form "ratio") or
  ``((A − T) + |T|) / |T|`` (form "negative_safe"; equals ``A / T`` when T > 0).
* Completion, lower is better: ``T / A`` ("ratio") or ``((T − A) + |T|) / |T|``
  ("negative_safe"; note for T > 0 this is ``2 − A/T``, a gentler slope than
  ``T / A``).
* A zero actual on a lower-is-better ratio indicator (no churn at all) is not
  an error: completion is unbounded and the curve pays its maximum (the cap,
  or the stretch level). It is shown as "∞ (no actual: best possible)".
* A zero target can't be a denominator: validation refuses it for every form.
  A negative target is refused for the "ratio" form (A / T flips meaning);
  use "negative_safe". A negative actual on a lower-is-better "ratio"
  indicator is refused for the same reason.
* Base/stretch: 0 below the threshold; from the threshold to the base the
  points rise linearly from 0 to w; from base to stretch linearly from w to
  1.2 w (the stretch factor); capped at 1.2 w above the stretch.
* Ranking: a higher total ranks first; equal totals (after rounding) share
  the average of the places they occupy (two units tied for first are both 1.5).
"""

from __future__ import annotations

from wangge.core.scoring.basics import (
    ACTUAL,
    COMPLETION,
    HIGHER,
    LOWER,
    NEGATIVE_SAFE,
    RATIO,
    SchemeError,
    round_points,
)
from wangge.core.scoring.curves import (
    DEFAULT_SATISFACTION_BANDS,
    Band,
    BandCurve,
    BaseStretch,
    Completion,
    FloorCap,
    RankCurve,
    completion,
    rank_average,
)
from wangge.core.scoring.jsonform import (
    curve_from_dict,
    curve_to_dict,
    scheme_from_dict,
    scheme_to_dict,
)
from wangge.core.scoring.run import ItemScore, ScoreCard, score_run, score_run_iter
from wangge.core.scoring.schemes import (
    Indicator,
    Judgement,
    LinePart,
    Measurement,
    QualitativeItem,
    Scheme,
    ScoreInput,
    Subject,
    average_ratings,
    reverse_appraisal_input,
    select_scheme,
    split_indicator_by_line,
)
from wangge.core.scoring.validation import (
    Problem,
    ValidationFailed,
    validate_assignment,
    validate_inputs,
    validate_run,
    validate_scheme,
)

__all__ = [
    "ACTUAL",
    "COMPLETION",
    "DEFAULT_SATISFACTION_BANDS",
    "HIGHER",
    "LOWER",
    "NEGATIVE_SAFE",
    "RATIO",
    "Band",
    "BandCurve",
    "BaseStretch",
    "Completion",
    "FloorCap",
    "Indicator",
    "ItemScore",
    "Judgement",
    "LinePart",
    "Measurement",
    "Problem",
    "QualitativeItem",
    "RankCurve",
    "Scheme",
    "SchemeError",
    "ScoreCard",
    "ScoreInput",
    "Subject",
    "ValidationFailed",
    "average_ratings",
    "completion",
    "curve_from_dict",
    "curve_to_dict",
    "rank_average",
    "reverse_appraisal_input",
    "round_points",
    "scheme_from_dict",
    "scheme_to_dict",
    "score_run",
    "score_run_iter",
    "select_scheme",
    "split_indicator_by_line",
    "validate_assignment",
    "validate_inputs",
    "validate_run",
    "validate_scheme",
]
