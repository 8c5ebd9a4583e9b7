"""Prepare the close benchmark: the demo city ×N, its organisation loaded, October's inputs.

    PYTHONPATH=src WANGGE_DATA_DIR=/tmp/wg-close-x10 \
      WANGGE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/wg_close_x10 \
      .venv/bin/python bench/close/setup.py --scale 10

Generates the demo store (seed 20261, 13 months to 2026-10: the growth base needs the
same month a year before) unless ``$WANGGE_DATA_DIR/store`` already holds one, loads
the organisation into a fresh database (files only: customers and subscriptions stay
in the store, as the demo does above ×2), seeds the default schemes and prepares
October 2026 as ``wangge.demo.appraisal`` does. Without ``WANGGE_DATABASE_URL`` the
database is SQLite under ``$WANGGE_DATA_DIR``. The benchmark then times the close.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

MONTH = date(2026, 10, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1)
    parser.add_argument("--months", type=int, default=13)
    args = parser.parse_args()
    data = Path(os.environ.setdefault("WANGGE_DATA_DIR", "/tmp/wg-close"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wangge.project.settings")
    data.mkdir(parents=True, exist_ok=True)
    store = data / "store"
    t0 = time.perf_counter()
    if not (store / "dims").is_dir():
        from wangge.core.demo import generate

        generate(store, scale=args.scale, seed=20261, months=args.months, end_month=MONTH)
    t1 = time.perf_counter()
    if not os.environ.get("WANGGE_DATABASE_URL"):
        db = data / "wangge.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from wangge.appraisal.schemes import seed_schemes
    from wangge.demo.appraisal import prepare_month
    from wangge.demo.load import create_demo_logins, load_store

    call_command("migrate", verbosity=0)
    with transaction.atomic():
        load_store(store, files_only=True)
        create_demo_logins()
    t2 = time.perf_counter()
    seed_schemes()
    prepare_month(MONTH, store=store)
    t3 = time.perf_counter()
    print(
        f"store {t1 - t0:.1f} s, load {t2 - t1:.1f} s, month inputs {t3 - t2:.1f} s; "
        "now time the close (see bench/close/README.md)",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
