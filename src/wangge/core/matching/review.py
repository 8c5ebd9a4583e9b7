"""What a reviewer decided, and where a registry entry with no customer belongs.

A registry entry is known across extracts by ``registry_key``: its unified social
credit code when it has a valid one, else its normalised name with its address's
district and road (an extract's row numbers change every time). A reviewer's
verdict on a pair (registry key, customer code) is kept and applied to every later
extract: an accepted pair is a link whatever its score, a rejected one is never
proposed again.

An entry that links to no customer is a prospect (潜在客户) of the grid it lies in:
the grid of the place the extract names, else the grid whose boundary contains its
coordinates, else the grid of the place whose name its address contains (the
longest name found, so 华润中心二期 wins over 华润中心). No Django here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from wangge.core.matching.normalise import clean, credit_code, normalise_name, tokenise_address

ACCEPT_WORDS = frozenset({"是", "同意", "接受", "匹配", "确认", "accept", "match", "yes", "y", "1"})
REJECT_WORDS = frozenset(
    {"否", "不同意", "拒绝", "不匹配", "reject", "no-match", "no", "n", "0", "nomatch"}
)
PROSPECT_PREFIX = "GS"  # 工商: the customer code of a prospect found in the registry


def registry_key(name: str | None, credit: str | None, address: str | None = None) -> str:
    """The entry's identity across extracts (see the module docstring)."""
    code = credit_code(credit)
    if code:
        return code
    core = normalise_name(name).core
    a = tokenise_address(address)
    return f"名:{core}|{a.district}|{a.road}"


def verdict(word: str | None) -> bool | None:
    """A reviewer's word as accepted (True), rejected (False) or not decided (None).

    Raises ValueError for a word that is neither, so a typo is not read as a decision.
    """
    text = clean(word).lower()
    if not text:
        return None
    if text in ACCEPT_WORDS:
        return True
    if text in REJECT_WORDS:
        return False
    raise ValueError(word)


def decisions_for_rows(
    keys: Mapping[str, str], stored: Mapping[tuple[str, str], bool]
) -> dict[tuple[str, str], bool]:
    """The stored verdicts (registry key, customer code) as verdicts on this extract's
    rows (row id, customer code), for ``matcher.match``; ``keys`` is row id → key."""
    rows_of: dict[str, list[str]] = {}
    for row, key in keys.items():
        rows_of.setdefault(key, []).append(row)
    out: dict[tuple[str, str], bool] = {}
    for (key, customer), accepted in stored.items():
        for row in rows_of.get(key, ()):
            out[(row, customer)] = accepted
    return out


def prospect_code(key: str) -> str:
    """The customer code of the prospect a registry entry becomes (stable across extracts)."""
    if not key.startswith("名:"):
        return f"{PROSPECT_PREFIX}{key}"
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()
    return f"{PROSPECT_PREFIX}-{digest}"


@dataclass(frozen=True)
class GridArea:
    grid_code: str
    boundary: dict | None  # GeoJSON geometry (WGS-84 lon/lat)


class Locator:
    """Finds the grid a registry entry lies in (see the module docstring)."""

    def __init__(
        self,
        place_grids: Mapping[str, str],  # place code → grid code
        place_names: Mapping[str, str],  # place name → grid code
        areas: Iterable[GridArea],
    ) -> None:
        from shapely import STRtree
        from shapely.geometry import shape

        self.place_grids = dict(place_grids)
        self.names = sorted(
            ((clean(n), g) for n, g in place_names.items() if len(clean(n)) >= 3),
            key=lambda item: -len(item[0]),
        )
        shapes = [(a.grid_code, shape(a.boundary)) for a in areas if a.boundary]
        self.grid_codes = [code for code, _g in shapes]
        self.tree = STRtree([g for _c, g in shapes]) if shapes else None

    def grid(
        self,
        place_code: str | None = None,
        lon: float | None = None,
        lat: float | None = None,
        address: str | None = None,
    ) -> tuple[str | None, str]:
        """(grid code or None, how it was found: "place", "boundary", "address" or "")."""
        if place_code and place_code in self.place_grids:
            return self.place_grids[place_code], "place"
        if lon is not None and lat is not None and self.tree is not None:
            from shapely.geometry import Point

            hits = self.tree.query(Point(lon, lat), predicate="intersects")
            if len(hits):
                return self.grid_codes[int(min(hits))], "boundary"
        text = clean(address)
        if text:
            for name, grid in self.names:
                if name in text:
                    return grid, "address"
        return None, ""
