"""``wangge analytics run --month 2026-10 [--engine duckdb|spark] [--store DIR]``."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from wangge.analytics import cli


class Command(BaseCommand):
    help = "Compute the monthly figures (grid, center, city, person) on DuckDB or Spark."

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        cli.add_arguments(parser)

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        import argparse

        cli.handle(argparse.Namespace(**options))
