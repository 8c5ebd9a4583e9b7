"""The demo city's operator-style files brought in through the import path: the same
parse → map → check → stage → swap every real operator's file takes, so every demo
exercises it and records its runs on the intake page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from wangge.core.demo.operator_files import OPERATOR_DIR
from wangge.core.months import parse_month
from wangge.demo.load import StoreError

Progress = Callable[[str, int, int], None]


def import_operator_files(store: Path, progress: Progress | None = None) -> int:
    """Import every month's marketing inputs; returns the runs made. A file the import
    refuses stops the demo with its first problem (nothing of it is written)."""
    from wangge.intake.errors import problem_text
    from wangge.intake.services import run_import

    files = sorted((Path(store) / OPERATOR_DIR).glob("营销投入-*.csv"))
    for done, path in enumerate(files, start=1):
        month = parse_month(path.stem.removeprefix("营销投入-"))
        outcome = run_import("marketing_input", path, month=month, store=store)
        if not outcome.ok:
            raise StoreError(problem_text(outcome.problems[0]))
        if progress:
            progress("imports", done, len(files))
    return len(files)
