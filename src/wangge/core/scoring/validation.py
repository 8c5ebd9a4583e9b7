"""Checks before a run: the scheme's own definition, the month's inputs, the assignment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from wangge.core.scoring.basics import (
    ACTUAL,
    COMPLETION,
    DIRECTIONS,
    FORMS,
    LOWER,
    MEASURES,
    NOT_APPLICABLE_RULES,
    RATIO,
    SchemeError,
    _fmt,
    _opt_q,
    _q,
)
from wangge.core.scoring.curves import BandCurve, BaseStretch, FloorCap, RankCurve
from wangge.core.scoring.schemes import Indicator, Scheme, ScoreInput, Subject, select_scheme


@dataclass(frozen=True)
class Problem:
    """One reason a run can't proceed, naming scheme, unit and field."""

    scheme: str
    unit: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.scheme}" + (f" / {self.unit}" if self.unit else "")
        return f"{where} / {self.field}: {self.message}"


class ValidationFailed(ValueError):
    """Raised by :func:`score_run` when validation found problems (in ``.problems``)."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


# --- validation ----------------------------------------------------------------


def validate_scheme(scheme: Scheme) -> list[Problem]:
    """Problems in a scheme's own definition, before any unit is looked at."""
    out: list[Problem] = []

    def bad(fld: str, msg: str) -> None:
        out.append(Problem(scheme.code, "", fld, msg))

    keys = [i.key for i in scheme.indicators] + [q.key for q in scheme.qualitative]
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        bad(key, "item key used twice")
    quant = sum((i.weight for i in scheme.indicators), Fraction(0))
    qual = sum((q.max_points for q in scheme.qualitative), Fraction(0))
    if quant + qual != scheme.total_points:
        bad(
            "weights",
            f"quantitative {_fmt(quant)} + qualitative {_fmt(qual)} = {_fmt(quant + qual)}, "
            f"not {_fmt(scheme.total_points)}",
        )
    if qual > scheme.qualitative_cap:
        bad(
            "qualitative",
            f"qualitative items total {_fmt(qual)}, above the cap of "
            f"{_fmt(scheme.qualitative_cap)}",
        )
    if qual and qual * 2 >= scheme.total_points:
        bad(
            "qualitative",
            f"judgement worth {_fmt(qual)} of {_fmt(scheme.total_points)} would not be the "
            "minority of the points",
        )
    if (
        scheme.valid_from is not None
        and scheme.valid_to is not None
        and scheme.valid_from >= scheme.valid_to
    ):
        bad("valid_to", f"ends {scheme.valid_to}, not after it starts {scheme.valid_from}")
    for q in scheme.qualitative:
        if q.max_points <= 0:
            bad(q.key, "a qualitative item needs a positive maximum")
    for ind in scheme.indicators:
        out.extend(_indicator_problems(scheme.code, ind))
    if scheme.not_applicable not in NOT_APPLICABLE_RULES:
        bad("not_applicable", f"is one of {', '.join(NOT_APPLICABLE_RULES)}")
    return out


def _indicator_problems(code: str, ind: Indicator) -> list[Problem]:
    out: list[Problem] = []

    def bad(fld: str, msg: str) -> None:
        out.append(Problem(code, "", f"{ind.key}.{fld}", msg))

    if ind.weight <= 0:
        bad("weight", f"weight must be positive, got {_fmt(ind.weight)}")
    if ind.direction not in DIRECTIONS:
        bad("direction", f"must be one of {DIRECTIONS}, got {ind.direction!r}")
    if ind.form not in FORMS:
        bad("form", f"must be one of {FORMS}, got {ind.form!r}")
    if ind.measure not in MEASURES:
        bad("measure", f"must be one of {MEASURES}, got {ind.measure!r}")
    curve = ind.curve
    if isinstance(curve, FloorCap | BaseStretch) and ind.measure != COMPLETION:
        bad("measure", f"the {curve.kind} curve reads completion, not the actual")
    if isinstance(curve, FloorCap):
        if curve.floor < 0:
            bad("floor", f"floor must not be negative, got {_fmt(curve.floor)}")
        if curve.floor > curve.cap:
            bad("floor", f"floor {_fmt(curve.floor)} is above cap {_fmt(curve.cap)}")
        if curve.cap < 1:
            bad("cap", f"cap {_fmt(curve.cap)} below 1 would cut on-target scores")
    elif isinstance(curve, BaseStretch):
        if not curve.threshold < curve.base < curve.stretch:
            bad(
                "threshold",
                f"threshold {_fmt(curve.threshold)}, base {_fmt(curve.base)}, "
                f"stretch {_fmt(curve.stretch)} must be strictly increasing",
            )
        if curve.stretch_factor < 1:
            bad("stretch_factor", f"must be at least 1, got {_fmt(curve.stretch_factor)}")
    elif isinstance(curve, RankCurve):
        if not 0 <= curve.lo <= curve.hi:
            bad("lo", f"need 0 ≤ lo ≤ hi, got lo {_fmt(curve.lo)} hi {_fmt(curve.hi)}")
    elif isinstance(curve, BandCurve):
        if not curve.bands:
            bad("bands", "a band curve needs at least one band")
        bounds = [b.bound for b in curve.bands]
        if len(set(bounds)) != len(bounds):
            bad("bands", "two bands share a bound")
        for b in curve.bands:
            if b.share < 0:
                bad("bands", f"band {_fmt(b.bound)} pays a negative share")
    else:
        bad("curve", f"unknown curve {curve!r}")
    return out


def validate_inputs(scheme: Scheme, inputs: Sequence[ScoreInput]) -> list[Problem]:
    """Problems with the month's data for a scheme: missing facts, unusable targets.

    Missing actuals (a month without billing facts) and missing judgements stop
    the run rather than scoring zero, because a zero would look like a result.
    """
    out: list[Problem] = []
    seen: set[str] = set()
    for inp in inputs:
        if inp.unit_id in seen:
            out.append(Problem(scheme.code, inp.unit_id, "unit_id", "unit listed twice"))
        seen.add(inp.unit_id)
        for ind in scheme.indicators:
            out.extend(_measurement_problems(scheme.code, inp, ind))
        for q in scheme.qualitative:
            j = inp.judgements.get(q.key)
            if j is None:
                out.append(Problem(scheme.code, inp.unit_id, q.key, "judgement missing"))
                continue
            if not j.reason or not j.reason.strip():
                out.append(
                    Problem(scheme.code, inp.unit_id, q.key, "a judgement needs a written reason")
                )
            try:
                pts = _q(j.points, "points")
            except SchemeError as exc:
                out.append(Problem(scheme.code, inp.unit_id, q.key, str(exc)))
                continue
            if not 0 <= pts <= q.max_points:
                out.append(
                    Problem(
                        scheme.code,
                        inp.unit_id,
                        q.key,
                        f"{_fmt(pts)} points is outside 0 … {_fmt(q.max_points)}",
                    )
                )
        known = {q.key for q in scheme.qualitative}
        for key in sorted(set(inp.judgements) - known):
            out.append(Problem(scheme.code, inp.unit_id, key, "no such qualitative item"))
    return out


def _measurement_problems(code: str, inp: ScoreInput, ind: Indicator) -> list[Problem]:
    def bad(msg: str) -> list[Problem]:
        return [Problem(code, inp.unit_id, ind.key, msg)]

    m = inp.measurements.get(ind.key)
    if m is not None and m.not_applicable:
        return []
    if m is None or m.actual is None:
        return bad("actual missing (no facts for the month?)")
    try:
        actual = _q(m.actual, "actual")
        target = _opt_q(m.target, "target")
    except SchemeError as exc:
        return bad(str(exc))
    if ind.measure == ACTUAL:
        return []
    if target is None:
        return bad("target missing")
    if target == 0:
        return bad("target is zero: completion has no denominator")
    if target < 0 and ind.form == RATIO:
        return bad(
            "negative target with the ratio form; use the negative_safe form ((A − T) + |T|) / |T|"
        )
    if ind.direction == LOWER and ind.form == RATIO and actual < 0:
        return bad("negative actual on a lower-is-better ratio; use the negative_safe form")
    return []


def validate_run(scheme: Scheme, inputs: Sequence[ScoreInput]) -> list[Problem]:
    """Everything :func:`score_run` checks: the scheme, then the month's inputs."""
    return validate_scheme(scheme) + validate_inputs(scheme, inputs)


def validate_assignment(
    subjects: Sequence[Subject], schemes: Sequence[Scheme], on: dt.date
) -> list[Problem]:
    """One problem per unit or person with no scheme (or two equally fitting) on ``on``."""
    out: list[Problem] = []
    for s in subjects:
        try:
            select_scheme(schemes, s, on)
        except LookupError as exc:
            out.append(Problem("", s.unit_id, "scheme", str(exc)))
    return out
