"""Derivations: how each number the product shows came to be.

A grid manager who loses points asks "why?". Every figure on a page, in the API
or in an Excel export can therefore carry a ``Derivation``: its value, the
formula written out with the actual numbers, and the inputs it was built from
(other derivations, or ``Fact`` leaves read from billing, CRM or a person's
entry). The same tree renders three ways: indented text for a tooltip or a log
(labels may be translated by passing a mapping), a JSON-able dict for the REST
API, and flat rows for an Excel "derivation" sheet.

Values may be ints, floats, Decimals, Fractions, dates or strings; the renderers
turn exact numbers into short decimal strings so nothing unreadable like
``7/3`` reaches a person, while the dict keeps enough digits to recompute.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

__all__ = ["Derivation", "Fact", "format_number", "jsonable"]


def format_number(value: Any, places: int = 4) -> str:
    """Show a number the way a person reads it: half-up, trailing zeros trimmed.

    Exact values (Fraction, Decimal) are rounded to ``places`` decimals; ints are
    shown as they are. Non-numbers are passed through ``str``.
    """
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Fraction | Decimal | float):
        if isinstance(value, float) and (value != value or value in (float("inf"), -float("inf"))):
            return str(value)
        exact = (
            Decimal(value.numerator) / Decimal(value.denominator)
            if isinstance(value, Fraction)
            else Decimal(str(value))
        )
        quantum = Decimal(1).scaleb(-places)
        text = format(exact.quantize(quantum, rounding=ROUND_HALF_UP), "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def jsonable(value: Any) -> Any:
    """Turn a derivation value into something ``json.dumps`` accepts.

    Fractions and Decimals become decimal strings with 6 places (exact enough to
    recompute a score to 2 decimals, and never a float that drifts); dates become
    ISO strings; containers are converted element-wise.
    """
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, Fraction | Decimal):
        return format_number(value, places=6)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return str(value)


@dataclass(frozen=True)
class Fact:
    """A leaf of a derivation: a value taken as given, with where it came from.

    ``source`` names the origin a person can check ("billing 2026-10",
    "target sheet v3", "entered by Wang Li"); ``unit`` is a display unit such
    as "%", "yuan" or "subscribers".
    """

    label: str
    value: Any
    source: str = ""
    unit: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form; ``kind`` tells a client a leaf from a derivation."""
        return {
            "kind": "fact",
            "label": self.label,
            "value": jsonable(self.value),
            "source": self.source,
            "unit": self.unit,
        }


@dataclass(frozen=True)
class Derivation:
    """A computed value with its formula (numbers filled in) and its inputs.

    ``formula`` is meant to be read by a person, e.g.
    ``"2.0 / 1.8 = 1.1111"``; ``notes`` hold the choices that applied
    ("lower is better", "capped at 1.2"). ``inputs`` nest arbitrarily deep.
    """

    label: str
    value: Any
    formula: str = ""
    inputs: tuple[Derivation | Fact, ...] = ()
    notes: tuple[str, ...] = ()
    unit: str = ""
    reason: Mapping[str, str] | None = None
    """Why there is no value, as data a page words in its own language:
    ``{"key": "month_missing", "month": "2025-09"}``, ``{"key": "no_base_revenue", ...}``."""

    def __post_init__(self) -> None:
        # accept lists from callers, store tuples so derivations stay hashable-ish
        object.__setattr__(self, "inputs", tuple(self.inputs))
        object.__setattr__(self, "notes", tuple(self.notes))

    # --- renderers ---------------------------------------------------------

    def to_text(self, labels: Mapping[str, str] | None = None, *, places: int = 4) -> str:
        """Indented, human-readable text; ``labels`` translates labels (e.g. to Chinese).

        A label missing from ``labels`` is shown as it is, so a partial
        dictionary still renders.
        """
        lines: list[str] = []
        self._text_lines(lines, 0, labels or {}, places)
        return "\n".join(lines)

    def _text_lines(
        self, lines: list[str], depth: int, labels: Mapping[str, str], places: int
    ) -> None:
        pad = "  " * depth
        unit = f" {self.unit}" if self.unit else ""
        head = (
            f"{pad}{labels.get(self.label, self.label)} = {format_number(self.value, places)}{unit}"
        )
        if self.formula:
            head += f"  [{self.formula}]"
        lines.append(head)
        for note in self.notes:
            lines.append(f"{pad}  · {labels.get(note, note)}")
        for item in self.inputs:
            if isinstance(item, Derivation):
                item._text_lines(lines, depth + 1, labels, places)
            else:
                unit = f" {item.unit}" if item.unit else ""
                source = f" ({item.source})" if item.source else ""
                lines.append(
                    f"{pad}  {labels.get(item.label, item.label)} = "
                    f"{format_number(item.value, places)}{unit}{source}"
                )

    def to_dict(self) -> dict[str, Any]:
        """JSON-able nested dict for the REST API (``kind`` = "derivation")."""
        return {
            "kind": "derivation",
            "label": self.label,
            "value": jsonable(self.value),
            "formula": self.formula,
            "unit": self.unit,
            "notes": list(self.notes),
            "inputs": [item.to_dict() for item in self.inputs],
            **({"reason": dict(self.reason)} if self.reason else {}),
        }

    def to_rows(
        self, labels: Mapping[str, str] | None = None, *, places: int = 4
    ) -> list[dict[str, Any]]:
        """Flat rows, depth-first, for a spreadsheet: one row per derivation or fact.

        Keys: ``depth`` (0 = this value), ``label``, ``value`` (display string),
        ``unit``, ``formula``, ``source``, ``notes`` (joined with "; ").
        """
        rows: list[dict[str, Any]] = []
        self._rows(rows, 0, labels or {}, places)
        return rows

    def _rows(
        self, rows: list[dict[str, Any]], depth: int, labels: Mapping[str, str], places: int
    ) -> None:
        rows.append(
            {
                "depth": depth,
                "label": labels.get(self.label, self.label),
                "value": format_number(self.value, places),
                "unit": self.unit,
                "formula": self.formula,
                "source": "",
                "notes": "; ".join(labels.get(n, n) for n in self.notes),
            }
        )
        for item in self.inputs:
            if isinstance(item, Derivation):
                item._rows(rows, depth + 1, labels, places)
            else:
                rows.append(
                    {
                        "depth": depth + 1,
                        "label": labels.get(item.label, item.label),
                        "value": format_number(item.value, places),
                        "unit": item.unit,
                        "formula": "",
                        "source": item.source,
                        "notes": "",
                    }
                )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Derivation:
        """Rebuild a derivation stored as JSON (values come back as stored strings)."""
        inputs: list[Derivation | Fact] = []
        for item in data.get("inputs", ()):
            if item.get("kind") == "fact":
                inputs.append(
                    Fact(item["label"], item["value"], item.get("source", ""), item.get("unit", ""))
                )
            else:
                inputs.append(cls.from_dict(item))
        return cls(
            label=data["label"],
            value=data["value"],
            formula=data.get("formula", ""),
            inputs=tuple(inputs),
            notes=tuple(data.get("notes", ())),
            unit=data.get("unit", ""),
            reason=data.get("reason"),
        )
