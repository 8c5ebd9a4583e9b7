"""Prepare the month-end close benchmark: the demo city ×1, loaded, with October's inputs.

    WANGGE_DATA_DIR=/tmp/wangge-bench-appraisal .venv/bin/python bench/appraisal/setup.py

Generates the demo store (scale 1, seed 20261, 24 months to 2026-10) unless it is
already there, loads the organisation into a fresh SQLite database, seeds the
default schemes and prepares October 2026 (targets, entered figures, judgements)
as ``wangge.demo.appraisal`` does. The benchmark then times the close alone.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import date
from pathlib import Path

MONTH = date(2026, 10, 1)


def main() -> None:
    data = Path(os.environ.setdefault("WANGGE_DATA_DIR", "/tmp/wangge-bench-appraisal"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wangge.project.settings")
    data.mkdir(parents=True, exist_ok=True)
    store = data / "store"
    t0 = time.perf_counter()
    if not (store / "dims").is_dir():
        from wangge.core.demo import generate

        generate(store, scale=1, seed=20261, months=24, end_month=MONTH)
    t1 = time.perf_counter()
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
        f"now time: WANGGE_DATA_DIR={data} "
        ".venv/bin/wangge appraisal close --month 2026-10 --quiet",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
