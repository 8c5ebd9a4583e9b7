"""``wangge appraisal``: close and publish a month, seed the default schemes, export.

wangge appraisal seed-schemes
wangge appraisal close --month 2026-10 [--engine duckdb|spark] [--publish]
wangge appraisal publish --month 2026-10
wangge appraisal export --month 2026-10 --out appraisal-2026-10.xlsx
wangge appraisal runs
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wangge.appraisal.close import CloseRefused, close_month, current_run, publish_month
from wangge.appraisal.excel import export_appraisal
from wangge.appraisal.management.commands.targets import month_arg, user_arg
from wangge.appraisal.models import AppraisalRun
from wangge.appraisal.schemes import seed_schemes
from wangge.console import progress_bars


class Command(BaseCommand):
    help = "Month-end appraisal: close, publish, seed the default schemes, export to Excel."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("seed-schemes", help="store the default schemes (idempotent)")
        c = sub.add_parser("close", help="compute the month's scores and ranks (a draft)")
        c.add_argument("--month", type=month_arg, required=True)
        c.add_argument("--engine", choices=["duckdb", "spark"], default=None)
        c.add_argument("--publish", action="store_true", help="publish at once")
        c.add_argument("--note", default="")
        c.add_argument("--user")
        c.add_argument("--quiet", action="store_true", help="no progress bars")
        p = sub.add_parser("publish", help="publish the month's draft (then immutable)")
        p.add_argument("--month", type=month_arg, required=True)
        p.add_argument("--user")
        e = sub.add_parser("export", help="the month's scores with a derivation sheet")
        e.add_argument("--month", type=month_arg, required=True)
        e.add_argument("--out", type=Path, required=True)
        sub.add_parser("runs", help="list the runs")

    def handle(self, *args, **o) -> None:
        action = o["action"].replace("-", "_")
        try:
            getattr(self, f"do_{action}")(o)
        except CloseRefused as exc:
            shown = exc.messages[:40]
            more = len(exc.messages) - len(shown)
            tail = [f"… and {more} more"] if more else []
            raise CommandError("refused:\n  " + "\n  ".join(shown + tail)) from exc

    def do_seed_schemes(self, o) -> None:
        created, existing = seed_schemes()
        self.stdout.write(f"schemes: {created} created, {existing} already there")

    def do_close(self, o) -> None:
        user = user_arg(o["user"])
        with progress_bars(enabled=not o["quiet"]) as report:
            run = close_month(
                o["month"],
                user=user,
                engine=o["engine"],
                publish=o["publish"],
                note=o["note"],
                progress=report,
            )
        cards = run.cards.count()
        self.stdout.write(
            f"{run.month:%Y-%m} version {run.version} {run.status}: {cards} score cards "
            f"in {run.seconds or 0:.1f} s"
        )
        if run.diff:
            changes, against = len(run.diff["changes"]), run.diff["against_version"]
            self.stdout.write(f"{changes} cards differ from version {against}")

    def do_publish(self, o) -> None:
        run = publish_month(o["month"], user=user_arg(o["user"]))
        self.stdout.write(f"{run.month:%Y-%m} version {run.version} published")

    def do_export(self, o) -> None:
        run = current_run(o["month"])
        if run is None:
            raise CommandError(f"{o['month']:%Y-%m} has not been closed")
        export_appraisal(run, run.cards.all(), o["out"])
        self.stdout.write(str(o["out"]))

    def do_runs(self, o) -> None:
        for run in AppraisalRun.objects.order_by("-month", "-version"):
            self.stdout.write(
                f"{run.month:%Y-%m} v{run.version} {run.status:<9} {run.cards.count():>5} cards "
                f"{run.created_at:%Y-%m-%d %H:%M}"
            )
