"""Derivations: how each number the product shows came to be.

A grid manager who loses points asks "why?". Every figure on a page, in the API
or in an Excel export can therefore carry a ``Derivation``: its value, the
formula written out with the actual numbers, and the inputs it was built from
(other derivations, or ``Fact`` leaves read from billing, CRM or a person's
entry). The same tree renders three ways: indented text for a tooltip or a log
(labels may be translated by passing a mapping), a JSON-able dict for the REST
API, and flat rows for an Excel "derivation" sheet.

Sentences are data too. A label, formula or note may be ``Words``: a rule key and
its figures (``{"rule": "completion.lower_ratio", "target": "1.1", "actual":
"1.1724", "completion": "0.9383"}``). A ``Words`` *is* its English sentence (a
``str``), so logs, tests and old callers read it as before; its rule and figures
travel in the JSON form, and a page words them in the viewer's language by
translating the rule's English template (named placeholders) through the
catalogue. The templates live next to the code that chooses the rule (e.g.
``wangge.core.scoring.wording``) and register here with :func:`define_wording`.

Values may be ints, floats, Decimals, Fractions, dates or strings; the renderers
turn exact numbers into short decimal strings so nothing unreadable like
``7/3`` reaches a person, while the dict keeps enough digits to recompute.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

__all__ = [
    "WORDING",
    "Derivation",
    "Fact",
    "Words",
    "define_wording",
    "format_number",
    "jsonable",
    "term",
    "word",
]

#: rule key → English template with named placeholders (``%(target)s``); the catalogue
#: carries each template as a msgid, so a page translates the template, then fills it
WORDING: dict[str, str] = {}

#: the rule of a single word or phrase from the catalogue ("churn rate", "broadband")
TERM = "term"


def define_wording(table: Mapping[str, str]) -> None:
    """Register rule keys and their English templates; a key means one thing only."""
    for rule, template in table.items():
        if WORDING.get(rule, template) != template:
            raise ValueError(f"wording rule {rule!r} is defined twice, differently")
        WORDING[rule] = template


def _same(text: str) -> str:
    return text


def word(data: Mapping[str, Any] | str, translate: Callable[[str], str] = _same) -> str:
    """The sentence of a structured explanation, through ``translate`` (gettext on a page).

    ``data`` is a ``Words``' dict form (or a plain string, translated as it is). A
    figure that is itself worded (a nested dict) is worded first. An unknown rule
    (an old row, a rule since removed) falls back to its stored English ``text``.
    """
    if isinstance(data, Words):
        data = data.as_dict()
    elif isinstance(data, str):
        return translate(data)
    rule = data.get("rule", "")
    if rule == TERM:
        return translate(str(data.get("text", "")))
    template = WORDING.get(rule)
    if template is None:
        return str(data.get("text", rule))
    args = {k: _arg(v, translate) for k, v in data.items() if k != "rule"}
    return translate(template) % args


def _arg(value: Any, translate: Callable[[str], str]) -> Any:
    """A figure filled into a template: nested words worded, a list joined with ", "."""
    if isinstance(value, Mapping | Words):
        return word(value, translate)
    if isinstance(value, list | tuple):
        return ", ".join(str(_arg(v, translate)) for v in value)
    return value


class Words(str):
    """A sentence as data: a rule key and its figures; the ``str`` is the English words.

    Figures are strings already formatted (exact numbers through
    :func:`format_number`), codes, or nested ``Words`` for parts that need
    translating themselves (a label, a curve's description).
    """

    rule: str
    args: dict[str, Any]

    def __new__(cls, rule: str, **args: Any) -> Words:
        if rule != TERM and rule not in WORDING:
            raise KeyError(f"no wording for rule {rule!r}")
        data = {"rule": rule, **args}
        obj = super().__new__(cls, word(_plain(data)))
        obj.rule = rule
        obj.args = dict(args)
        return obj

    def as_dict(self) -> dict[str, Any]:
        """JSON form: ``{"rule": ..., figure: value, ...}`` (nested words as dicts)."""
        return _plain({"rule": self.rule, **self.args})

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Words | str:
        """Rebuild stored words; an unknown rule comes back as its stored text."""
        data = dict(data)
        rule = data.pop("rule", "")
        if rule != TERM and rule not in WORDING:
            return str(data.get("text", rule))
        return cls(rule, **{k: _read_arg(v) for k, v in data.items()})

    def __reduce__(self) -> tuple[Any, ...]:
        return (_words_from_dict, (self.as_dict(),))


def _read_arg(value: Any) -> Any:
    if isinstance(value, Mapping):
        return Words.from_dict(value)
    if isinstance(value, list):
        return [_read_arg(v) for v in value]
    return value


def _words_from_dict(data: Mapping[str, Any]) -> Words | str:
    return Words.from_dict(data)


def _plain(data: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in data.items():
        out[k] = _plain_value(v)
    return out


def _plain_value(v: Any) -> Any:
    if isinstance(v, Words):
        return v.as_dict()
    if isinstance(v, Mapping):
        return _plain(v)
    if isinstance(v, list | tuple):
        return [_plain_value(x) for x in v]
    return v


def term(text: str) -> Words:
    """A word or phrase the catalogue translates as a whole ("churn rate", "broadband");
    text that is already ``Words`` stays as it is."""
    if isinstance(text, Words):
        return text
    return Words(TERM, text=str(text))


def _words_field(value: Any) -> Any:
    """The stored form of a field that may be worded: its dict, or None for plain text."""
    return value.as_dict() if isinstance(value, Words) else None


def _words_entry(fields: Mapping[str, Any]) -> dict[str, Any]:
    """``{"words": {field: words dict}}`` for the fields that are worded, else nothing.

    ``notes`` is a list aligned with the notes (None where a note is plain text)."""
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if isinstance(value, tuple | list):
            if any(isinstance(v, Words) for v in value):
                out[name] = [_words_field(v) for v in value]
        elif isinstance(value, Words):
            out[name] = value.as_dict()
    return {"words": out} if out else {}


def _read_words(plain: Any, stored: Any) -> Any:
    """A field read back: the words when stored (and still known), else the plain text."""
    if isinstance(stored, Mapping):
        return Words.from_dict(stored)
    return plain


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
            **_words_entry({"label": self.label, "source": self.source, "value": self.value}),
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
            **_words_entry({"label": self.label, "formula": self.formula, "notes": self.notes}),
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
                words = item.get("words") or {}
                inputs.append(
                    Fact(
                        _read_words(item["label"], words.get("label")),
                        _read_words(item["value"], words.get("value")),
                        _read_words(item.get("source", ""), words.get("source")),
                        item.get("unit", ""),
                    )
                )
            else:
                inputs.append(cls.from_dict(item))
        words = data.get("words") or {}
        stored_notes = words.get("notes") or []
        notes = [
            _read_words(n, stored_notes[i] if i < len(stored_notes) else None)
            for i, n in enumerate(data.get("notes", ()))
        ]
        return cls(
            label=_read_words(data["label"], words.get("label")),
            value=data["value"],
            formula=_read_words(data.get("formula", ""), words.get("formula")),
            inputs=tuple(inputs),
            notes=tuple(notes),
            unit=data.get("unit", ""),
            reason=data.get("reason"),
        )
