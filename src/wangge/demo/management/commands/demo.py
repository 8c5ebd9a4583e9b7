"""``wangge demo``: build the demo city, load it, print the log-ins and serve it."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, transaction

from wangge.console import console, progress_bars
from wangge.core.months import parse_month
from wangge.demo.intake import import_operator_files
from wangge.demo.load import (
    DEMO_PASSWORD,
    StoreError,
    create_demo_logins,
    foreign_logins,
    load_store,
)
from wangge.demo.work import prepare_demo as prepare_work
from wangge.people.defaults import seed_defaults as seed_people


def month_arg(text: str) -> date:
    try:
        return parse_month(text)
    except ValueError as exc:
        raise CommandError(f"--end-month: expected YYYY-MM, got {text!r}") from exc


def store_months(store: Path) -> list[date]:
    """The months the store holds facts for, oldest first."""
    folder = store / "facts" / "subscription_month"
    return sorted(month_arg(p.name) for p in folder.iterdir() if p.is_dir())


def pending_migrations() -> bool:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


class Command(BaseCommand):
    help = "Generate the demo city (Jinan by default), load it and start the server."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="1 city, 10 large city, 100 province (default 1)",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=20261,
            help="random seed; same seed, same city (default 20261)",
        )
        parser.add_argument(
            "--months", type=int, default=24, help="months of facts, at least 13 (default 24)"
        )
        parser.add_argument(
            "--end-month",
            type=month_arg,
            default=None,
            help="last month of facts, YYYY-MM (default: last full month)",
        )
        parser.add_argument(
            "--store",
            type=Path,
            default=None,
            help="analytics store directory (default $WANGGE_DATA_DIR/store)",
        )
        parser.add_argument(
            "--files-only",
            action="store_true",
            help=(
                "write the store but load only the organisation and territory into the "
                "database (automatic above scale 2)"
            ),
        )
        parser.add_argument(
            "--appraisal-months",
            type=int,
            default=2,
            help=(
                "close and publish the appraisal of this many last months and pay the last "
                "(default 2; 0 skips both)"
            ),
        )
        parser.add_argument(
            "--regenerate",
            action="store_true",
            help="generate again even if the store already holds this city",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that holds log-ins the demo did not create",
        )
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help="stop after loading instead of starting the server",
        )
        parser.add_argument(
            "--addr",
            default="127.0.0.1:8000",
            help="address for the server (default 127.0.0.1:8000)",
        )

    def handle(self, *args, **options):
        scale, months = options["scale"], options["months"]
        if not 0 < scale <= 1000:
            raise CommandError(f"--scale must be between 0 and 1000, got {scale}")
        if not 13 <= months <= 120:
            raise CommandError(f"--months must be between 13 and 120, got {months}")
        store = (options["store"] or settings.STORE_DIR).resolve()
        try:
            connection.ensure_connection()
        except DatabaseError as exc:
            raise CommandError(f"database unreachable: {str(exc).strip().splitlines()[0]}") from exc
        if pending_migrations():
            call_command("migrate", verbosity=0, interactive=False)
        others = foreign_logins()
        if others and not options["force"]:
            raise CommandError(
                f"the database holds log-ins the demo did not create ({', '.join(others[:3])}); "
                "use --force to replace everything in it with the demo city"
            )
        try:
            self.generate(store, options)
            with progress_bars() as report:
                with transaction.atomic():
                    files_only = options["files_only"] or scale > 2
                    summary = load_store(
                        store,
                        progress=report,
                        files_only=files_only,
                        links_by_import=not files_only,
                    )
                    summary.counts["imports"] = import_operator_files(
                        store, report, links=not files_only
                    )
                    logins = create_demo_logins()
                    prepare_work()
                    seed_people()  # default checklist, courses, competency model, survey
                    self.appraise_and_pay(store, options["appraisal_months"], report)
        except StoreError as exc:
            raise CommandError(str(exc)) from exc
        except DatabaseError as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise CommandError(
                f"database refused the demo city, nothing was changed: {reason}"
            ) from exc
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise CommandError(f"disk full while writing {exc.filename or store}") from exc
            raise CommandError(f"{exc.filename or store}: {exc.strerror or exc}") from exc
        self.print_logins(summary.counts, logins, options["addr"])
        if not options["no_serve"]:
            self.serve(options["addr"])

    def generate(self, store: Path, options: dict) -> None:
        from wangge.core.demo import generate

        wanted = " ".join(f"{k}={options[k]}" for k in ("scale", "seed", "months", "end_month"))
        marker = store / "GENERATED"
        if not options["regenerate"] and marker.exists() and marker.read_text() == wanted:
            console.print(f"[dim]store {store} already holds this city; --regenerate to rebuild[/]")
            return
        partial = store.with_name(store.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.parent.mkdir(parents=True, exist_ok=True)
        with progress_bars() as report:
            generate(
                partial,
                scale=options["scale"],
                seed=options["seed"],
                months=options["months"],
                end_month=options["end_month"],
                progress=report,
            )
        (partial / "GENERATED").write_text(wanted)
        shutil.rmtree(store, ignore_errors=True)
        partial.rename(store)

    def appraise_and_pay(self, store: Path, count: int, report) -> None:
        """Publish the last months' appraisal and pay the last one, so every page has figures."""
        if count <= 0:
            return
        from wangge.demo.appraisal import prepare_demo as prepare_appraisal
        from wangge.demo.pay import prepare_demo as prepare_pay

        # revenue growth compares with the same month a year before: skip the first year
        months = store_months(store)[12:][-count:]
        if not months:
            return
        prepare_appraisal(months, store=store, progress=report)
        prepare_pay(months[-1], progress=report)

    def print_logins(self, counts: dict[str, int], logins, addr: str) -> None:
        from rich.table import Table

        out = console.__class__()
        out.print(
            "[bold]wangge demo city loaded[/] " + ", ".join(f"{k} {v:,}" for k, v in counts.items())
        )
        table = Table(title=f"Log-ins (password: {DEMO_PASSWORD})")
        for column in ("username", "role", "person", "unit"):
            table.add_column(column)
        for login in logins:
            table.add_row(login.username, login.role, login.person, login.unit)
        out.print(table)
        out.print(
            f"Open [bold]http://{addr}/[/]  ·  API schema http://{addr}/api/schema/  ·  docs http://{addr}/api/docs/"
        )

    def serve(self, addr: str) -> None:
        """Run the task worker beside the web server, and stop it with the server."""
        worker = subprocess.Popen(
            [sys.executable, "-m", "wangge.cli", "db_worker"],
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "wangge.project.settings"},
        )
        try:
            call_command("runserver", addr, use_reloader=False)
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=10)
