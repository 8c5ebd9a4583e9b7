"""``wangge alerts``: the month's customer early warning.

wangge alerts run --month YYYY-MM [--engine duckdb|spark] [--store DIR] [--json]

Evaluates the alert rules on the month's facts, scores churn risk with the approved
model version (if there is one; a missing feature column or too little history is said
and the rules still run), and turns the alerts and each grid's top-risk customers into
work orders for their owners, keeping the holdout share without one. All or nothing;
re-running a month updates it and creates no duplicate work order.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wangge.core import months


def month_arg(text: str):
    try:
        return months.parse_month(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"a month is written YYYY-MM, not {text!r}") from exc


class Command(BaseCommand):
    help = "Customer early warning: run the month's alert rules and churn risk into work orders."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="the month's alerts, risk and work orders (idempotent)")
        run.add_argument("--month", type=month_arg, required=True, help="YYYY-MM")
        run.add_argument(
            "--engine", choices=("duckdb", "spark"), help="default: $WANGGE_ENGINE or duckdb"
        )
        run.add_argument("--store", type=Path, help="default: $WANGGE_DATA_DIR/store")
        run.add_argument("--json", action="store_true", help="print the counts as JSON")

    def handle(self, *args, **options):
        from wangge.alerts.monthly import run_month

        try:
            result = run_month(options["month"], options["store"], options["engine"])
        except (FileNotFoundError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "month": f"{options['month']:%Y-%m}",
                        "counts": result.counts,
                        "notes": result.notes,
                    },
                    ensure_ascii=False,
                )
            )
            return
        for note in result.notes:
            self.stdout.write(f"  · {note}")
        for key, n in result.counts.items():
            self.stdout.write(f"{key:24}{n:>10,}")
