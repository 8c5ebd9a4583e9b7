"""``wangge analytics run``: argument parsing and the rich progress and summary.

Plain argparse and rich, no Django, so it is tested directly; the management
command only hands its arguments over.
"""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table

from wangge.analytics.run import RunReport, run
from wangge.console import progress_bars
from wangge.core import months
from wangge.core.rates import RateOptions
from wangge.engines import ENGINES, default_store


def parse_month(text: str) -> date:
    """``2026-10`` (or a full date inside the month) → the month's first day."""
    try:
        return months.parse_month(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"a month is written YYYY-MM, not {text!r}") from exc


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    r = sub.add_parser("run", help="compute the monthly figures of every level")
    r.add_argument("--month", type=parse_month, required=True, help="YYYY-MM")
    r.add_argument("--until", type=parse_month, help="last month of a range (YYYY-MM)")
    r.add_argument(
        "--engine", choices=ENGINES, default=None, help="default: $WANGGE_ENGINE or duckdb"
    )
    r.add_argument("--store", type=Path, default=None, help="default: $WANGGE_DATA_DIR/store")
    r.add_argument("--master", default=None, help="Spark master, default $WANGGE_SPARK_MASTER")
    r.add_argument("--memory-limit", default=None, help="DuckDB memory limit, e.g. 4GB")
    r.add_argument("--out", type=Path, default=None, help="write one Parquet per level here")
    r.add_argument("--growth-base", choices=("last_year", "previous_period"))
    r.add_argument("--churn-base", choices=("average", "opening"))
    r.add_argument("--churn-suspended-over-90", action="store_true")
    r.add_argument("--valid-add-month", type=int)
    r.add_argument("--input-output", choices=("ratio", "return"))
    r.add_argument("--attributable-revenue", choices=("all", "new_business"))


def options_from(ns: argparse.Namespace) -> RateOptions:
    given = {
        "growth_base": ns.growth_base,
        "churn_base": ns.churn_base,
        "valid_add_month": ns.valid_add_month,
        "input_output": ns.input_output,
        "attributable_revenue": ns.attributable_revenue,
    }
    kw = {k: v for k, v in given.items() if v is not None}
    if ns.churn_suspended_over_90:
        kw["churn_suspended_over_90"] = True
    return RateOptions(**kw)


STAGE_TEXT = {
    "bind": "binding Parquet files",
    "grid": "grid figures (scan, join, aggregate)",
    "center": "roll-up to centers",
    "city": "roll-up to cities",
    "person": "roll-up to persons",
}


def handle(ns: argparse.Namespace, console: Console | None = None) -> RunReport:
    console = console or Console()
    store = ns.store or default_store()
    with progress_bars(to=console) as report_progress:

        def progress(stage: str, state: str) -> None:
            report_progress(STAGE_TEXT.get(stage, stage), 0 if state == "start" else 1, 1)

        _, report = run(
            store,
            ns.month,
            ns.engine,
            end=ns.until,
            master=ns.master,
            memory_limit=ns.memory_limit,
            options=options_from(ns),
            out_dir=ns.out,
            progress=progress,
        )
    print_summary(report, console)
    return report


def print_summary(report: RunReport, console: Console) -> None:
    p = report.period
    span = f"{p.start:%Y-%m}" + (f"..{p.end:%Y-%m}" if p.end != p.start else "")
    read = Table(title=f"rows read ({report.engine}, {span})")
    read.add_column("table")
    read.add_column("rows", justify="right")
    for name, n in report.rows_read.items():
        read.add_row(name, f"{n:,}")
    console.print(read)
    took = Table(title="time per stage")
    took.add_column("stage")
    took.add_column("seconds", justify="right")
    took.add_column("rows out", justify="right")
    for stage, s in report.seconds.items():
        n = report.rows_out.get(stage)
        took.add_row(stage, f"{s:.2f}", "" if n is None else f"{n:,}")
    took.add_row("total", f"{report.total_seconds:.2f}", "")
    console.print(took)


def main(argv: list[str] | None = None) -> int:
    """Entry point without Django (``python -m wangge.analytics.cli run --month ...``)."""
    parser = argparse.ArgumentParser(prog="wangge analytics")
    add_arguments(parser)
    ns = parser.parse_args(argv)
    if ns.engine is None:
        ns.engine = os.environ.get("WANGGE_ENGINE")
    try:
        handle(ns)
    except (FileNotFoundError, ValueError, RuntimeError) as exc:
        parser.exit(2, f"wangge analytics: {exc}\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
