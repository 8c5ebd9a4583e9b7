"""Column mapping profiles: which of an operator's headers is which of our fields.

Every source system names its columns its own way (用户编码, 号码, 入网时间, 出账收入)
and words its codes its own way (状态 在用/拆机/销户). A profile records both once, per
source system and kind, so the next month's file maps itself. ``propose`` drafts a
profile from a file's headers: a header equal to one of the field's known names
wins, then the closest by similarity above a threshold; each header serves one
field at most.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from wangge.core.intake.kinds import Kind

SIMILARITY = 0.6


def normalise_header(header: Any) -> str:
    """Case, width, spaces and bracketed units do not make two headers different."""
    text = unicodedata.normalize("NFKC", str(header or "")).strip().lower()
    text = re.sub(r"[\s_\-:：]+", "", text)
    return re.sub(r"[(\[（【][^)\]）】]*[)\]）】]", "", text) or text


@dataclass(frozen=True)
class Profile:
    """Our field → the file's header, and per field the file's code words → ours."""

    kind: str
    columns: Mapping[str, str]
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "columns": dict(self.columns),
            "values": {k: dict(m) for k, m in self.values.items()},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Profile:
        return cls(
            kind=str(data["kind"]),
            columns={str(k): str(h) for k, h in dict(data.get("columns") or {}).items()},
            values={
                str(k): {str(a): str(b) for a, b in dict(m).items()}
                for k, m in dict(data.get("values") or {}).items()
            },
        )

    def problems(self, kind: Kind, headers: Iterable[str]) -> list[str]:
        """What keeps this profile from reading a file with these headers, in plain words."""
        present = {normalise_header(h) for h in headers}
        found: list[str] = []
        for name in self.columns:
            if name not in kind.by_name:
                found.append(f"profile maps unknown field {name!r} of kind {kind.name}")
        for name in kind.required:
            header = self.columns.get(name)
            if header is None:
                found.append(f"required field {name} ({kind.by_name[name].label}) is not mapped")
            elif normalise_header(header) not in present:
                found.append(f"column {header!r} for {name} is not in the file")
        return found


def _score(header: str, kind: Kind, name: str) -> float:
    f = kind.by_name[name]
    wanted = [normalise_header(n) for n in (f.label, *f.headers, f.name)]
    if header in wanted:
        return 1.0
    return max(difflib.SequenceMatcher(None, header, w).ratio() for w in wanted)


def propose(kind: Kind, headers: Iterable[Any], *, known: Profile | None = None) -> Profile:
    """Draft a profile for a file; a saved profile's choices are kept where they fit."""
    listed = [str(h) for h in headers if h is not None and str(h).strip()]
    by_norm = {normalise_header(h): h for h in listed}
    columns: dict[str, str] = {}
    used: set[str] = set()
    if known is not None:
        for name, header in known.columns.items():
            norm = normalise_header(header)
            if name in kind.by_name and norm in by_norm:
                columns[name] = by_norm[norm]
                used.add(norm)
    candidates = sorted(
        (
            (_score(norm, kind, f.name), order, f.name, norm)
            for order, f in enumerate(kind.fields)
            if f.name not in columns
            for norm in by_norm
            if norm not in used
        ),
        key=lambda c: (-c[0], c[1]),
    )
    for score, _order, name, norm in candidates:
        if score < SIMILARITY:
            break
        if name in columns or norm in used:
            continue
        columns[name] = by_norm[norm]
        used.add(norm)
    ordered = {f.name: columns[f.name] for f in kind.fields if f.name in columns}
    return Profile(kind=kind.name, columns=ordered, values=dict(known.values) if known else {})


def header_score(kind: Kind) -> Callable[[list[str]], int]:
    """How many cells of a row are known names of the kind's fields (finds the header row)."""
    known = {normalise_header(n) for f in kind.fields for n in (f.label, *f.headers, f.name)}

    def score(cells: list[str]) -> int:
        return sum(1 for c in cells if normalise_header(c) in known)

    return score
