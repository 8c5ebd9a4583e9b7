"""Time loading a generated store into a fresh SQLite database, as ``wangge demo`` does.

    python bench/demo/generate.py --scale 1 --out /tmp/wangge-bench/x1 --keep
    python bench/demo/load.py --store /tmp/wangge-bench/x1 [--full]

Migrates a new SQLite file beside the store, then loads the organisation and
territory (and customers and subscriptions with ``--full``, which the demo does
up to scale 2) in one transaction. Prints one line of seconds and row counts.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path


def load(args) -> None:
    db = args.store.parent / f"{args.store.name}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    os.environ["WANGGE_DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wangge.project.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from wangge.demo.load import create_demo_logins, load_store

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    with transaction.atomic():
        summary = load_store(args.store, files_only=not args.full)
        create_demo_logins()
    seconds = time.perf_counter() - t0
    print(
        f"load full={args.full}: {seconds:.1f} s, "
        + ", ".join(f"{k} {v:,}" for k, v in summary.counts.items())
    )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--full", action="store_true", help="load customers and subscriptions too")
    load(parser.parse_args(argv))


if __name__ == "__main__":
    main(sys.argv[1:])
