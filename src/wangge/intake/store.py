"""A month's partition of the analytics store, replaced as a whole or not at all.

A facts import writes the new month beside the live one
(``facts/subscription_month/.YYYY-MM.new-TOKEN/``), the database records the run
(with ``TOKEN``) and commits, and only then are the directories swapped: the live
one is renamed to ``.YYYY-MM.old-TOKEN`` (kept: a rollback puts it back) and the
staged one to ``YYYY-MM``. Readers bind whole directories, so they see either the
old month or the new one.

A process killed at any point leaves at most a staged or a set-aside directory;
``recover`` (run before every import and rollback) finishes the swap of a run the
database committed and discards or restores what an uncommitted one left, so the
store ends as the database says it is.
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from wangge.core import schema

FACTS = ("facts", "subscription_month")
_AUX = re.compile(r"^\.(\d{4}-\d{2})\.(new|old|gone)-([0-9a-f]{32})$")


def facts_dir(store: Path) -> Path:
    return Path(store).joinpath(*FACTS)


def new_token() -> str:
    return uuid.uuid4().hex


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory handles
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class StagedMonth:
    """The new month's Parquet file, written in batches beside the live month."""

    def __init__(self, store: Path, month: date, token: str) -> None:
        self.root = facts_dir(store)
        self.month = month
        self.token = token
        self.dir = self.root / f".{month:%Y-%m}.new-{token}"
        self.dir.mkdir(parents=True, exist_ok=False)
        self.path = self.dir / "part-00000.parquet"
        self._writer = pq.ParquetWriter(self.path, schema.SUBSCRIPTION_MONTH)
        self.rows = 0

    def write(self, rows: dict[str, list]) -> None:
        table = pa.Table.from_pydict(rows, schema=schema.SUBSCRIPTION_MONTH)
        self._writer.write_table(table)
        self.rows += table.num_rows

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
            with self.path.open("rb") as handle:
                os.fsync(handle.fileno())
            _fsync_dir(self.dir)

    def discard(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        shutil.rmtree(self.dir, ignore_errors=True)


def live(store: Path, month: date) -> Path:
    return facts_dir(store) / f"{month:%Y-%m}"


def swap_in(store: Path, month: date, token: str) -> str:
    """Put the staged month live; returns the set-aside old directory's name."""
    root = facts_dir(store)
    staged = root / f".{month:%Y-%m}.new-{token}"
    current = live(store, month)
    old = root / f".{month:%Y-%m}.old-{token}"
    if current.exists():
        os.replace(current, old)
    else:
        # an empty month stands for "there was none", so a rollback has one rule
        old.mkdir(exist_ok=True)
    os.replace(staged, current)
    _fsync_dir(root)
    return old.name


def swap_back(store: Path, month: date, token: str) -> None:
    """Undo ``swap_in`` of run ``token``: the month as it was before (or no month)."""
    root = facts_dir(store)
    current = live(store, month)
    old = root / f".{month:%Y-%m}.old-{token}"
    gone = root / f".{month:%Y-%m}.gone-{token}"
    if current.exists():
        os.replace(current, gone)
    if old.exists():
        os.replace(old, current)
    _fsync_dir(root)
    shutil.rmtree(gone, ignore_errors=True)


def recover(store: Path, state: Callable[[str], str | None]) -> list[str]:
    """Bring the store in line with the database after a killed import or rollback.

    ``state(token)`` is the recorded run's status for that token (``"done"``,
    ``"rolled_back"``) or None when no run committed. Returns what was done, in words.
    """
    root = facts_dir(store)
    if not root.is_dir():
        return []
    done: list[str] = []
    for entry in sorted(root.iterdir()):
        match = _AUX.match(entry.name)
        if not match:
            continue
        month_text, what, token = match.groups()
        month = date.fromisoformat(month_text + "-01")
        status = state(token)
        current = live(store, month)
        if what == "new":
            if status == "done":
                swap_in(store, month, token)
                done.append(f"{month_text}: finished putting run {token[:8]} live")
            else:
                shutil.rmtree(entry, ignore_errors=True)
                done.append(f"{month_text}: discarded the staging of an unfinished import")
        elif what == "old":
            if status == "rolled_back" or (status is None and not current.exists()):
                # a rollback (or a swap the database never recorded) stopped half-way
                if current.exists():
                    os.replace(current, root / f".{month_text}.gone-{token}")
                os.replace(entry, current)
                done.append(f"{month_text}: put the earlier month back")
            elif not current.exists():
                os.replace(entry, current)
                done.append(f"{month_text}: put the set-aside month back")
        elif what == "gone":
            shutil.rmtree(entry, ignore_errors=True)
    return done
