"""The JSON form of curves and schemes (stored in a JSONField, written by hand)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from wangge.core.explain import format_number
from wangge.core.scoring.basics import COMPLETION, HIGHER, RATIO, REWEIGHT, SchemeError
from wangge.core.scoring.curves import (
    DEFAULT_SATISFACTION_BANDS,
    Band,
    BandCurve,
    BaseStretch,
    Curve,
    FloorCap,
    RankCurve,
)
from wangge.core.scoring.schemes import Indicator, QualitativeItem, Scheme

# --- JSON form -------------------------------------------------------------------------


def _s(x: Fraction) -> str:
    """Exact string for JSON: a plain decimal when finite, else "p/q"."""
    d = x.denominator
    while d % 2 == 0:
        d //= 2
    while d % 5 == 0:
        d //= 5
    if d == 1:
        return format_number(x, places=12)
    return f"{x.numerator}/{x.denominator}"


def curve_to_dict(curve: Curve) -> dict[str, Any]:
    """JSON-able curve (numbers as exact strings)."""
    if isinstance(curve, FloorCap):
        return {"kind": curve.kind, "floor": _s(curve.floor), "cap": _s(curve.cap)}
    if isinstance(curve, BaseStretch):
        return {
            "kind": curve.kind,
            "threshold": _s(curve.threshold),
            "base": _s(curve.base),
            "stretch": _s(curve.stretch),
            "stretch_factor": _s(curve.stretch_factor),
        }
    if isinstance(curve, RankCurve):
        return {"kind": curve.kind, "lo": _s(curve.lo), "hi": _s(curve.hi)}
    return {
        "kind": curve.kind,
        "bands": [
            {"bound": _s(b.bound), "share": _s(b.share), "label": b.label} for b in curve.bands
        ],
    }


def curve_from_dict(data: Mapping[str, Any] | None) -> Curve:
    """Read a curve; missing parameters take their defaults, unknown keys are refused."""
    if data is None:
        return FloorCap()
    data = dict(data)
    kind = data.pop("kind", "floor_cap")
    classes: dict[str, Any] = {
        "floor_cap": FloorCap,
        "base_stretch": BaseStretch,
        "rank": RankCurve,
    }
    if kind == "band":
        bands = data.pop("bands", None)
        if data:
            raise SchemeError(f"band curve: unknown keys {sorted(data)}")
        if bands is None:
            return DEFAULT_SATISFACTION_BANDS
        return BandCurve(tuple(Band(b["bound"], b["share"], b.get("label", "")) for b in bands))
    if kind not in classes:
        raise SchemeError(f"unknown curve kind {kind!r}")
    try:
        return classes[kind](**data)
    except TypeError as exc:
        raise SchemeError(f"{kind} curve: {exc}") from exc


def scheme_to_dict(scheme: Scheme) -> dict[str, Any]:
    """JSON-able scheme for storage (e.g. a Django JSONField); exact numbers as strings."""
    return {
        "code": scheme.code,
        "name": scheme.name,
        "role": scheme.role,
        "grid_class": scheme.grid_class,
        "phase": scheme.phase,
        "valid_from": scheme.valid_from.isoformat() if scheme.valid_from else None,
        "valid_to": scheme.valid_to.isoformat() if scheme.valid_to else None,
        "total_points": _s(scheme.total_points),
        "qualitative_cap": _s(scheme.qualitative_cap),
        "pass_mark": None if scheme.pass_mark is None else _s(scheme.pass_mark),
        "description": scheme.description,
        "not_applicable": scheme.not_applicable,
        "indicators": [
            {
                "key": i.key,
                "label": i.label,
                "weight": _s(i.weight),
                "direction": i.direction,
                "form": i.form,
                "measure": i.measure,
                "unit": i.unit,
                "curve": curve_to_dict(i.curve),
            }
            for i in scheme.indicators
        ],
        "qualitative": [
            {"key": q.key, "label": q.label, "max_points": _s(q.max_points)}
            for q in scheme.qualitative
        ],
    }


def _date(value: Any, what: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise SchemeError(f"{what} must be an ISO date, got {value!r}") from exc


def scheme_from_dict(data: Mapping[str, Any]) -> Scheme:
    """Read a scheme stored by :func:`scheme_to_dict` (or written by hand).

    Numbers may be ints, floats or strings ("0.6", "3/10"); omitted optional
    fields take the defaults. This only reads: call :func:`validate_scheme` to
    check the content.
    """
    try:
        indicators = tuple(
            Indicator(
                key=i["key"],
                label=i.get("label", i["key"]),
                weight=i["weight"],
                direction=i.get("direction", HIGHER),
                curve=curve_from_dict(i.get("curve")),
                form=i.get("form", RATIO),
                measure=i.get("measure", COMPLETION),
                unit=i.get("unit", ""),
            )
            for i in data.get("indicators", ())
        )
        qualitative = tuple(
            QualitativeItem(q["key"], q.get("label", q["key"]), q["max_points"])
            for q in data.get("qualitative", ())
        )
        return Scheme(
            code=data["code"],
            name=data.get("name", data["code"]),
            role=data["role"],
            indicators=indicators,
            qualitative=qualitative,
            grid_class=data.get("grid_class"),
            phase=data.get("phase"),
            valid_from=_date(data.get("valid_from"), "valid_from"),
            valid_to=_date(data.get("valid_to"), "valid_to"),
            total_points=data.get("total_points", 100),
            qualitative_cap=data.get("qualitative_cap", 20),
            pass_mark=data.get("pass_mark"),
            description=data.get("description", ""),
            not_applicable=data.get("not_applicable", REWEIGHT),
        )
    except KeyError as exc:
        raise SchemeError(f"scheme is missing {exc.args[0]!r}") from exc
