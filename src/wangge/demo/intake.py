"""The demo city's operator-style files brought in through the import path: the same
parse → map → check → stage → swap every real operator's file takes, so every demo
exercises it and records its runs on the intake page.

Besides each month's marketing inputs (written by the generator), the dated grid
history of the places and the customers (which grid each was in, from when to when)
is written here from the generated store as the CRM exports it (``网格归属-场所.csv``,
``网格归属-客户.csv``: GBK, codes, days) and imported as kind ``grid_link``: the
database's grid links of a demo are the ones an operator's file gives.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq

from wangge.core.demo.operator_files import OPERATOR_DIR
from wangge.core.months import parse_month
from wangge.demo.load import StoreError

Progress = Callable[[str, int, int], None]
LINK_FILES = {"place": "网格归属-场所.csv", "customer": "网格归属-客户.csv"}
LINK_HEADER = {"place": "场所编码", "customer": "客户编码"}


def _codes(path: Path, id_column: str) -> dict[int, str]:
    table = pq.read_table(path, columns=[id_column, "code"])
    return dict(zip(table[id_column].to_pylist(), table["code"].to_pylist(), strict=True))


def write_link_files(store: Path) -> list[Path]:
    """The places' and customers' grid history from the store's dims as operator CSVs."""
    dims = Path(store) / "dims"
    units = _codes(dims / "unit.parquet", "unit_id")
    written = []
    for what, name in LINK_FILES.items():
        source = dims / f"{what}_grid.parquet"
        if not source.exists():
            raise StoreError(f"{source}: missing from the store")
        subjects = _codes(dims / f"{what}.parquet", f"{what}_id")
        path = Path(store) / OPERATOR_DIR / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="gbk", newline="") as handle:
            out = csv.writer(handle)
            out.writerow((LINK_HEADER[what], "网格编码", "生效日期", "失效日期"))
            for batch in pq.ParquetFile(source).iter_batches(batch_size=50_000):
                cols = batch.to_pydict()
                for child, grid, since, until in zip(
                    cols[f"{what}_id"], cols["grid_id"], cols["valid_from"], cols["valid_to"],
                    strict=True,
                ):  # fmt: skip
                    out.writerow(
                        (subjects[child], units[grid], f"{since:%Y-%m-%d}",
                         f"{until:%Y-%m-%d}" if until else "")
                    )  # fmt: skip
        written.append(path)
    return written


def import_operator_files(
    store: Path, progress: Progress | None = None, *, links: bool = False
) -> int:
    """Import the grid history (with ``links``: the loader left the links to it) and every
    month's marketing inputs; returns the runs made. A file the import refuses stops
    the demo with its first problem (nothing of it is written)."""
    from wangge.intake.errors import problem_text
    from wangge.intake.services import run_import

    jobs: list[tuple[str, Path, object]] = []
    if links:
        jobs += [("grid_link", path, None) for path in write_link_files(store)]
    for path in sorted((Path(store) / OPERATOR_DIR).glob("营销投入-*.csv")):
        jobs.append(("marketing_input", path, parse_month(path.stem.removeprefix("营销投入-"))))
    for done, (kind, path, month) in enumerate(jobs, start=1):
        outcome = run_import(kind, path, month=month, store=store)
        if not outcome.ok:
            raise StoreError(problem_text(outcome.problems[0]))
        if progress:
            progress("imports", done, len(jobs))
    return len(jobs)
