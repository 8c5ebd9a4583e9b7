"""Targets, schemes, judgement scores and the month-end appraisal runs.

The arithmetic lives in ``wangge.core`` (targets, scoring, explain); these models
keep what it was fed and what it produced, so every published figure can be shown
again exactly as it was, with its derivation, years later.

A run (``AppraisalRun``) is one attempt at closing a month. It is a draft until it
is published; a published run and everything under it is immutable (the models
refuse to save or delete it). A correction after publication is a new run of the
same month with the next version number; the pages show what moved between them.

One module per business: ``schemes`` (the indicator catalogue and the schemes),
``targets`` (plans, targets, adjustments), ``entries`` (judgement scores and entered
figures), ``runs`` (runs, score cards, item scores), ``subjects`` (the scope of rows
about a unit or a person). Import from here: ``from wangge.appraisal.models import X``.
"""

from wangge.appraisal.choices import (
    Direction,
    Measure,
    RunStatus,
    SchemeStatus,
    SubjectKind,
    TargetSource,
)
from wangge.appraisal.models.entries import (
    FIGURE_LIMIT,
    POINTS_LIMIT,
    EnteredFigure,
    MonthlyEntry,
    QualitativeScore,
    QualitativeScoreQuerySet,
    figure_problem,
    judgement_maxima,
    judgement_problem,
)
from wangge.appraisal.models.runs import (
    AppraisalRun,
    AppraisalRunQuerySet,
    ItemScore,
    ItemScoreQuerySet,
    PublishedRunError,
    ScoreCard,
    ScoreCardQuerySet,
)
from wangge.appraisal.models.schemes import Indicator, Scheme
from wangge.appraisal.models.subjects import SubjectQuerySet
from wangge.appraisal.models.targets import Target, TargetAdjustment, TargetPlan

__all__ = [
    "FIGURE_LIMIT",
    "POINTS_LIMIT",
    "AppraisalRun",
    "AppraisalRunQuerySet",
    "Direction",
    "EnteredFigure",
    "Indicator",
    "ItemScore",
    "ItemScoreQuerySet",
    "Measure",
    "MonthlyEntry",
    "PublishedRunError",
    "QualitativeScore",
    "QualitativeScoreQuerySet",
    "RunStatus",
    "Scheme",
    "SchemeStatus",
    "ScoreCard",
    "ScoreCardQuerySet",
    "SubjectKind",
    "SubjectQuerySet",
    "Target",
    "TargetAdjustment",
    "TargetPlan",
    "TargetSource",
    "figure_problem",
    "judgement_maxima",
    "judgement_problem",
]
