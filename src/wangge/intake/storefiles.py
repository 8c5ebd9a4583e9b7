"""The kinds that live in the analytics store as one file: a month's marketing inputs
(``facts/marketing_input/YYYY-MM.parquet``), the complaints (``facts/complaint.parquet``)
and the business-registry extract (``registry/registry.parquet``).

Each is written whole beside the live file (``.NAME.new-TOKEN.parquet``) while the
file is checked; the database records the run and commits; only then is the new
file renamed over the live one, the live one set aside as ``.NAME.old-TOKEN.parquet``
(a rollback puts it back; a zero-byte one stands for "there was none"). A month's
marketing inputs are replaced as a whole; complaints and registry entries are merged
by their id, so a later extract adds to the earlier ones and a corrected row replaces
its earlier version. Ids come from the operator's own codes (``stable_id``), so the
same ticket or credit code is the same row on every import.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from wangge.core import schema

_AUX = re.compile(r"^\.(?P<stem>[^.]+)\.(?P<what>new|old|gone)-(?P<token>[0-9a-f]{32})\.parquet$")


def stable_id(code: str) -> int:
    """A positive 63-bit id for an operator's code: digits as they are, else a hash."""
    if code.isdigit() and len(code) <= 18:
        return int(code)
    digest = hashlib.blake2b(code.encode("utf-8"), digest_size=8).digest()
    return (int.from_bytes(digest, "big") >> 1) | (1 << 61)


@dataclass(frozen=True)
class StoreFile:
    kind: str
    schema: pa.Schema
    key: str  # the column a row is known by
    merge: bool  # keep the live rows the file does not name
    place: Callable[[Path, date | None], Path]
    stage: Callable  # (records, resolve, month) → iterable of row dicts


def _marketing_place(store: Path, month: date | None) -> Path:
    return Path(store) / "facts" / "marketing_input" / f"{month:%Y-%m}.parquet"


def _complaint_place(store: Path, month: date | None) -> Path:
    return Path(store) / "facts" / "complaint.parquet"


def _registry_place(store: Path, month: date | None) -> Path:
    return Path(store) / "registry" / "registry.parquet"


def _grid_codes() -> dict[str, int]:
    from wangge.intake.staging import codes
    from wangge.org.models import Unit

    return codes(Unit, kind__in=("grid", "virtual"))


def stage_marketing(records, resolve, month) -> Iterable[dict]:
    grids = _grid_codes()
    for r in records:
        grid = resolve(r, "grid_code", grids, "grid")
        if grid is None:
            continue
        yield {
            "month": r["month"],
            "grid_id": grid,
            "commission_cents": r["commission_cents"] or 0,
            "subsidy_cents": r["subsidy_cents"] or 0,
            "promotion_cents": r["promotion_cents"] or 0,
            "labour_cents": r["labour_cents"] or 0,
        }


def stage_complaints(records, resolve, month) -> Iterable[dict]:
    from wangge.customers.models import Customer, Subscription
    from wangge.intake.staging import codes

    customers = codes(Customer)
    subscriptions = codes(Subscription, code__isnull=False)
    for r in records:
        customer = resolve(r, "customer_code", customers, "customer")
        subscription = resolve(r, "subscription_code", subscriptions, "subscription")
        if customer is None or (r["subscription_code"] is not None and subscription is None):
            continue
        yield {
            "complaint_id": stable_id(r["code"]),
            "customer_id": customer,
            "subscription_id": subscription,
            "opened_at": r["opened_at"],
            "due_at": r["due_at"],
            "resolved_at": r["resolved_at"],
            "category": r["category"],
        }


def stage_registry(records, resolve, month) -> Iterable[dict]:
    for r in records:
        yield {
            "registry_id": stable_id(r["credit_code"] or r["name"]),
            "credit_code": r["credit_code"],
            "name": r["name"],
            "address": r["address"],
            "industry": r["industry"],
            "registered_on": r["registered_on"],
            "capital_cents": r["capital_cents"],
            "legal_person": r["legal_person"],
            "phone": r["phone"],
        }


FILES: dict[str, StoreFile] = {
    f.kind: f
    for f in (
        StoreFile(
            "marketing_input",
            schema.MARKETING_INPUT,
            "grid_id",
            False,
            _marketing_place,
            stage_marketing,
        ),
        StoreFile(
            "complaint", schema.COMPLAINT, "complaint_id", True, _complaint_place, stage_complaints
        ),
        StoreFile(
            "registry", schema.REGISTRY, "registry_id", True, _registry_place, stage_registry
        ),
    )
}


def _aside(target: Path, what: str, token: str) -> Path:
    return target.with_name(f".{target.stem}.{what}-{token}.parquet")


def _fsync_dir(path: Path) -> None:
    from wangge.intake.store import _fsync_dir as sync

    sync(path)


class StagedFile:
    """The new version of one store file, checked and counted before anything is live."""

    def __init__(self, spec: StoreFile, store: Path, month: date | None, token: str) -> None:
        self.spec = spec
        self.target = spec.place(store, month)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.path = _aside(self.target, "new", token)
        self.rows: list[dict] = []

    def counts(self) -> tuple[int, int, int]:
        """(added, changed, unchanged) against the live file, by the spec's key."""
        live = self._live()
        before = {r[self.spec.key]: r for r in live.to_pylist()} if live is not None else {}
        added = changed = unchanged = 0
        for row in self.rows:
            old = before.get(row[self.spec.key])
            if old is None:
                added += 1
            elif old != row:
                changed += 1
            else:
                unchanged += 1
        return added, changed, unchanged

    def _live(self) -> pa.Table | None:
        if not self.target.exists():
            return None
        return pq.read_table(self.target, schema=self.spec.schema)

    def write(self) -> int:
        """Write the new file aside (merged with the live rows the file does not name)."""
        table = pa.Table.from_pylist(self.rows, schema=self.spec.schema)
        live = self._live() if self.spec.merge else None
        if live is not None and live.num_rows:
            import pyarrow.compute as pc

            named = pa.array([r[self.spec.key] for r in self.rows], type=pa.int64())
            kept = live.filter(pc.invert(pc.is_in(live[self.spec.key], value_set=named)))
            table = pa.concat_tables([kept, table])
        pq.write_table(table, self.path)
        with self.path.open("rb") as handle:
            os.fsync(handle.fileno())
        _fsync_dir(self.path.parent)
        return table.num_rows

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def swap_in(target: Path, token: str) -> None:
    staged, old = _aside(target, "new", token), _aside(target, "old", token)
    if not staged.exists():
        return
    if not old.exists():
        if target.exists():
            os.replace(target, old)
        else:
            old.touch()  # zero bytes: there was no file
    os.replace(staged, target)
    _fsync_dir(target.parent)


def swap_back(target: Path, token: str) -> None:
    old = _aside(target, "old", token)
    if not old.exists():
        return
    if old.stat().st_size == 0:
        target.unlink(missing_ok=True)
        old.unlink()
    else:
        os.replace(old, target)
    _fsync_dir(target.parent)


def recover(store: Path, state: Callable[[str], str | None]) -> list[str]:
    """The store files as the database says they are, after a killed import or rollback."""
    done: list[str] = []
    folders = {Path(store) / "facts" / "marketing_input", Path(store) / "facts"}
    folders.add(Path(store) / "registry")
    for folder in sorted(folders):
        if not folder.is_dir():
            continue
        for entry in sorted(folder.iterdir()):
            match = _AUX.match(entry.name)
            if not match:
                continue
            target = folder / f"{match['stem']}.parquet"
            token, what = match["token"], match["what"]
            status = state(token)
            if what == "new":
                if status == "done":
                    swap_in(target, token)
                    done.append(f"{target.name}: finished putting run {token[:8]} live")
                else:
                    entry.unlink(missing_ok=True)
                    if not target.exists() and _aside(target, "old", token).exists():
                        swap_back(target, token)
                    done.append(f"{target.name}: discarded the staging of an unfinished import")
            elif what == "old" and status in ("rolled_back", None):
                swap_back(target, token)
                done.append(f"{target.name}: put the earlier file back")
            elif what == "gone":
                shutil.rmtree(entry, ignore_errors=True)
    return done
