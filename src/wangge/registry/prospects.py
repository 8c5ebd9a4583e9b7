"""Registry entries that are nobody's customer become prospects (潜在客户) of their grid.

They are brought in as an operator's customer file is, through the one import path
(``wangge.intake.services.run_import``, kind ``customer``): the run is recorded,
each row has its history (``import #ID``) and the whole can be rolled back. A
prospect's code comes from its registry key (``GS`` and the credit code), so the
same entry is the same prospect on every extract; one already in the database is
left alone (what the front line did with it since is theirs). An entry whose grid
cannot be found (no place, no coordinates inside a grid, no place named in its
address) is counted and left out.
"""

from __future__ import annotations

import csv
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone

from wangge.core.matching.review import GridArea, Locator, prospect_code

HEADER = ("客户编码", "客户名称", "客户类型", "在网状态", "所属网格编码", "场所编码")
HEADER += ("联系电话", "证件号码", "行业", "地址", "生效日期")


@dataclass
class Prospects:
    found: int = 0  # entries with no customer
    known: int = 0  # already prospects (or customers) from an earlier extract
    no_grid: int = 0
    how: dict[str, int] = field(default_factory=dict)  # place / boundary / address → count
    outcome: object | None = None  # the customer import's Outcome


def locator() -> Locator:
    from wangge.org.models import Unit
    from wangge.territory.models import PlaceGrid

    links = PlaceGrid.objects.as_of().values_list("place__code", "place__name", "grid__code")
    place_grids = {code: grid for code, _name, grid in links}
    place_names = {name: grid for _code, name, grid in links}
    areas = [
        GridArea(code, boundary)
        for code, boundary in Unit.objects.filter(
            kind__in=("grid", "virtual"), boundary__isnull=False
        ).values_list("code", "boundary")
    ]
    return Locator(place_grids, place_names, areas)


def make_prospects(rows: list[dict], user=None, store: Path | None = None) -> Prospects:
    """``rows``: the unmatched registry entries (name, credit_code, address, phone,
    industry, place_code, lon, lat, registry_key)."""
    from wangge.customers.models import Customer
    from wangge.intake.services import run_import

    result = Prospects(found=len(rows))
    where = locator()
    existing = set(
        Customer.objects.filter(
            code__in=[prospect_code(r["registry_key"]) for r in rows]
        ).values_list("code", flat=True)
    )
    lines, seen = [], set()
    today = timezone.localdate()
    for r in rows:
        code = prospect_code(r["registry_key"])
        if code in existing or code in seen:
            result.known += 1
            continue
        grid, how = where.grid(r.get("place_code"), r.get("lon"), r.get("lat"), r.get("address"))
        if grid is None:
            result.no_grid += 1
            continue
        seen.add(code)
        result.how[how] = result.how.get(how, 0) + 1
        place = r.get("place_code") if how == "place" else None
        lines.append(
            (code, (r["name"] or "")[:100], "政企", "潜在", grid, place or "",
             r.get("phone") or "", (r.get("credit_code") or "")[:20],
             (r.get("industry") or "")[:50], (r.get("address") or "")[:200], f"{today:%Y-%m-%d}")
        )  # fmt: skip
    if not lines:
        return result
    with tempfile.TemporaryDirectory(prefix="wangge-prospects-") as folder:
        path = Path(folder) / f"工商登记潜在客户-{today:%Y%m%d}.csv"
        with path.open("w", newline="", encoding="utf-8-sig") as out:
            w = csv.writer(out)
            w.writerow(HEADER)
            w.writerows(lines)
        result.outcome = run_import("customer", path, user=user, store=store)
    return result
