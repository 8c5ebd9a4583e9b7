"""Customer satisfaction (满意度): a questionnaire answered by a grid's customers.

* A questionnaire has questions, each with a weight, answered on a scale of 0 …
  ``scale`` (10 by default, the ten-point scale of operators' surveys).
* A response's score is out of 100: ``100 × Σ weight × answer / (Σ weight × scale)``.
* A grid's score for the month is the exact mean of its responses' scores (every
  customer counted once); a person's is the mean over the responses of every grid
  under the units they are assigned to (pooled, so a large grid weighs more).
* The score is banded as the appraisal's satisfaction curve bands it (*practice*):
  90–100 very satisfied, 80–90 satisfied, 70–80 fairly satisfied, below that not
  satisfied; the appraisal's ``satisfaction`` item reads the score itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from wangge.core.scoring import DEFAULT_SATISFACTION_BANDS

FULL = Fraction(100)
DEFAULT_SCALE = 10
#: below the lowest band
NOT_SATISFIED = "not satisfied"


@dataclass(frozen=True)
class Question:
    key: str
    weight: Fraction = Fraction(1)


@dataclass(frozen=True)
class AnswerProblem:
    """``code``: ``unknown_question``, ``missing``, ``not_whole``, ``out_of_range``,
    ``no_questions`` (the questionnaire has no question of positive weight)."""

    code: str
    question: str
    value: object = None


def problems(questions: Sequence[Question], answers: Mapping[str, object],
             scale: int = DEFAULT_SCALE) -> list[AnswerProblem]:  # fmt: skip
    """Everything wrong with ``answers`` (question key → whole number 0 … scale)."""
    out: list[AnswerProblem] = []
    if not any(q.weight > 0 for q in questions):
        return [AnswerProblem("no_questions", "")]
    known = {q.key for q in questions}
    out.extend(
        AnswerProblem("unknown_question", k, v) for k, v in answers.items() if k not in known
    )
    for q in questions:
        if q.key not in answers or answers[q.key] is None:
            out.append(AnswerProblem("missing", q.key))
            continue
        value = answers[q.key]
        if isinstance(value, bool) or not isinstance(value, int):
            out.append(AnswerProblem("not_whole", q.key, value))
        elif not 0 <= value <= scale:
            out.append(AnswerProblem("out_of_range", q.key, value))
    return out


def response_score(questions: Sequence[Question], answers: Mapping[str, int],
                   scale: int = DEFAULT_SCALE) -> Fraction:  # fmt: skip
    """The response's score out of 100; ``ValueError`` listing the problems if any."""
    found = problems(questions, answers, scale)
    if found:
        raise ValueError(found)
    weight = sum((q.weight for q in questions), Fraction(0))
    got = sum((q.weight * answers[q.key] for q in questions), Fraction(0))
    return FULL * got / (weight * scale)


def mean(scores: Iterable[Fraction]) -> Fraction | None:
    """The exact mean, None when there is nothing to average."""
    values = list(scores)
    return sum(values, Fraction(0)) / len(values) if values else None


def band(score: Fraction | None) -> str:
    """The band the score falls in (the appraisal's satisfaction bands), '' for None."""
    if score is None:
        return ""
    for b in sorted(DEFAULT_SATISFACTION_BANDS.bands, key=lambda b: b.bound, reverse=True):
        if score >= b.bound:
            return _name(b.label)
    return NOT_SATISFIED


def _name(label: str) -> str:
    """``very satisfied 90–100`` → ``very satisfied``."""
    return " ".join(w for w in label.split(" ") if not w[:1].isdigit())


@dataclass(frozen=True)
class Answered:
    grid: int
    customer: object  # a customer id, or a response id when no customer is named
    score: Fraction


@dataclass(frozen=True)
class GridResult:
    grid: int
    responses: int
    score: Fraction

    @property
    def band(self) -> str:
        return band(self.score)


def by_grid(responses: Iterable[Answered]) -> list[GridResult]:
    """Each surveyed grid's mean score, one response per customer (the last given)."""
    rows: dict[int, dict[object, Fraction]] = defaultdict(dict)
    for r in responses:
        rows[r.grid][r.customer] = r.score
    return [GridResult(g, len(rows[g]), mean(rows[g].values())) for g in sorted(rows)]


def pooled(results: Sequence[GridResult], grids: Iterable[int]) -> Fraction | None:
    """The mean over every response of ``grids`` (a person's, a center's score)."""
    mine = set(grids)
    chosen = [r for r in results if r.grid in mine]
    n = sum(r.responses for r in chosen)
    if not n:
        return None
    return sum((r.score * r.responses for r in chosen), Fraction(0)) / n
