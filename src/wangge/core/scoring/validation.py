"""Checks before a run: the scheme's own definition, the month's inputs, the assignment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from wangge.core.explain import Words, term
from wangge.core.scoring import wording as _wording  # noqa: F401  (registers the rules)
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
    """``Words`` (a rule key and its figures) for the checks here; plain text from elsewhere."""

    def __str__(self) -> str:
        return str(self.words())

    def words(self) -> Words:
        """The whole problem as words: where (scheme, unit, field) and what is wrong."""
        message = self.message if isinstance(self.message, Words) else term(str(self.message))
        if self.unit:
            return Words(
                "check.at_unit",
                scheme=str(self.scheme),
                unit=str(self.unit),
                field=self.field,
                message=message,
            )
        return Words("check.at", scheme=str(self.scheme), field=self.field, message=message)


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
        bad(key, Words("check.key_twice"))
    quant = sum((i.weight for i in scheme.indicators), Fraction(0))
    qual = sum((q.max_points for q in scheme.qualitative), Fraction(0))
    if quant + qual != scheme.total_points:
        bad(
            "weights",
            Words(
                "check.weights_total",
                quant=_fmt(quant),
                qual=_fmt(qual),
                sum=_fmt(quant + qual),
                total=_fmt(scheme.total_points),
            ),
        )
    if qual > scheme.qualitative_cap:
        bad(
            "qualitative",
            Words("check.qualitative_cap", qual=_fmt(qual), cap=_fmt(scheme.qualitative_cap)),
        )
    if qual and qual * 2 >= scheme.total_points:
        bad(
            "qualitative",
            Words("check.judgement_minority", qual=_fmt(qual), total=_fmt(scheme.total_points)),
        )
    if (
        scheme.valid_from is not None
        and scheme.valid_to is not None
        and scheme.valid_from >= scheme.valid_to
    ):
        bad(
            "valid_to",
            Words("check.dates", end=str(scheme.valid_to), start=str(scheme.valid_from)),
        )
    for q in scheme.qualitative:
        if q.max_points <= 0:
            bad(q.key, Words("check.positive_maximum"))
    for ind in scheme.indicators:
        out.extend(_indicator_problems(scheme.code, ind))
    if scheme.not_applicable not in NOT_APPLICABLE_RULES:
        bad("not_applicable", Words("check.one_of", choices=", ".join(NOT_APPLICABLE_RULES)))
    return out


def _indicator_problems(code: str, ind: Indicator) -> list[Problem]:
    out: list[Problem] = []

    def bad(fld: str, msg: str) -> None:
        out.append(Problem(code, "", f"{ind.key}.{fld}", msg))

    if ind.weight <= 0:
        bad("weight", Words("check.weight_positive", got=_fmt(ind.weight)))
    if ind.direction not in DIRECTIONS:
        bad("direction", Words("check.must_be", choices=str(DIRECTIONS), got=repr(ind.direction)))
    if ind.form not in FORMS:
        bad("form", Words("check.must_be", choices=str(FORMS), got=repr(ind.form)))
    if ind.measure not in MEASURES:
        bad("measure", Words("check.must_be", choices=str(MEASURES), got=repr(ind.measure)))
    curve = ind.curve
    if isinstance(curve, FloorCap | BaseStretch) and ind.measure != COMPLETION:
        bad("measure", Words("check.curve_reads_completion", kind=curve.kind))
    if isinstance(curve, FloorCap):
        if curve.floor < 0:
            bad("floor", Words("check.floor_negative", got=_fmt(curve.floor)))
        if curve.floor > curve.cap:
            bad(
                "floor",
                Words("check.floor_above_cap", floor=_fmt(curve.floor), cap=_fmt(curve.cap)),
            )
        if curve.cap < 1:
            bad("cap", Words("check.cap_below_one", cap=_fmt(curve.cap)))
    elif isinstance(curve, BaseStretch):
        if not curve.threshold < curve.base < curve.stretch:
            bad(
                "threshold",
                Words(
                    "check.increasing",
                    threshold=_fmt(curve.threshold),
                    base=_fmt(curve.base),
                    stretch=_fmt(curve.stretch),
                ),
            )
        if curve.stretch_factor < 1:
            bad("stretch_factor", Words("check.at_least_one", got=_fmt(curve.stretch_factor)))
    elif isinstance(curve, RankCurve):
        if not 0 <= curve.lo <= curve.hi:
            bad("lo", Words("check.lo_hi", lo=_fmt(curve.lo), hi=_fmt(curve.hi)))
    elif isinstance(curve, BandCurve):
        if not curve.bands:
            bad("bands", Words("check.one_band"))
        bounds = [b.bound for b in curve.bands]
        if len(set(bounds)) != len(bounds):
            bad("bands", Words("check.bands_share_bound"))
        for b in curve.bands:
            if b.share < 0:
                bad("bands", Words("check.band_negative", bound=_fmt(b.bound)))
    else:
        bad("curve", Words("check.unknown_curve", curve=repr(curve)))
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
            out.append(Problem(scheme.code, inp.unit_id, "unit_id", Words("check.unit_twice")))
        seen.add(inp.unit_id)
        for ind in scheme.indicators:
            out.extend(_measurement_problems(scheme.code, inp, ind))
        for q in scheme.qualitative:
            j = inp.judgements.get(q.key)
            if j is None:
                out.append(
                    Problem(scheme.code, inp.unit_id, q.key, Words("check.judgement_missing"))
                )
                continue
            if not j.reason or not j.reason.strip():
                out.append(
                    Problem(scheme.code, inp.unit_id, q.key, Words("check.judgement_reason"))
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
                        Words("check.points_outside", points=_fmt(pts), max=_fmt(q.max_points)),
                    )
                )
        known = {q.key for q in scheme.qualitative}
        for key in sorted(set(inp.judgements) - known):
            out.append(Problem(scheme.code, inp.unit_id, key, Words("check.no_such_item")))
    return out


def _measurement_problems(code: str, inp: ScoreInput, ind: Indicator) -> list[Problem]:
    def bad(msg: str) -> list[Problem]:
        return [Problem(code, inp.unit_id, ind.key, msg)]

    m = inp.measurements.get(ind.key)
    if m is not None and m.not_applicable:
        return []
    if m is None or m.actual is None:
        return bad(Words("check.actual_missing"))
    try:
        actual = _q(m.actual, "actual")
        target = _opt_q(m.target, "target")
    except SchemeError as exc:
        return bad(str(exc))
    if ind.measure == ACTUAL:
        return []
    if target is None:
        return bad(Words("check.target_missing"))
    if target == 0:
        return bad(Words("check.target_zero"))
    if target < 0 and ind.form == RATIO:
        return bad(Words("check.negative_target"))
    if ind.direction == LOWER and ind.form == RATIO and actual < 0:
        return bad(Words("check.negative_actual"))
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
