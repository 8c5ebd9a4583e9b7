"""``wangge analytics run --month 2026-10 [--engine duckdb|spark] [--store DIR]``."""

from __future__ import annotations

import argparse
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wangge.analytics import cli
from wangge.analytics.dims import write_org_dims


class Command(BaseCommand):
    help = "Compute the monthly figures (grid, center, city, person) on DuckDB or Spark."

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        cli.add_arguments(parser)

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        # the store the demo command and the loader use, unless told otherwise
        if options.get("store") is None and getattr(settings, "STORE_DIR", None):
            options["store"] = Path(settings.STORE_DIR)
        if options.get("store") is not None and options.get("action") == "run":
            write_org_dims(options["store"])
        try:
            cli.handle(argparse.Namespace(**options))
        except (FileNotFoundError, ValueError, RuntimeError) as exc:
            raise CommandError(str(exc)) from exc
