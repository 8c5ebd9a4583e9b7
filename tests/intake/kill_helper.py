"""Run by test_intake_kill.py in a child process against a file database and store.

python kill_helper.py DATA_DIR setup        # tiny city; November's facts from old.csv
python kill_helper.py DATA_DIR kill-stage   # import new.csv; stops while staging the month
python kill_helper.py DATA_DIR kill-swap    # import new.csv; stops after the commit, pre-swap
python kill_helper.py DATA_DIR state        # (after recovery) runs and the live month, as JSON
python kill_helper.py DATA_DIR rerun        # import new.csv again
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import date
from pathlib import Path

NOV = date(2026, 11, 1)
D0 = date(2025, 1, 1)
HEADER = "账期,用户编码,状态,出账收入,实收,欠费,90天以上欠费,流量(MB)\n"


def facts(billed: str, rows: int = 3000) -> str:
    lines = [HEADER]
    for i in range(rows):
        lines.append(f"202611,U{i:05d},在用,{billed},{billed},0,0,{i}\n")
    return "".join(lines)


def _city() -> None:
    from wangge.customers.models import Customer, CustomerGrid, Subscription
    from wangge.org.models import Unit, UnitLink

    city = Unit.objects.create(code="JN", name="济南市", kind="city")
    grid = Unit.objects.create(code="LX-G01", name="网格X", kind="grid", grid_class="A")
    UnitLink.objects.create(unit=grid, parent=city, valid_from=D0)
    customers = Customer.objects.bulk_create(
        Customer(code=f"K{i:05d}", name=f"客户{i}", kind="individual", ownership="ours")
        for i in range(3000)
    )
    CustomerGrid.objects.bulk_create(
        CustomerGrid(customer=cu, grid=grid, valid_from=D0) for cu in customers
    )
    Subscription.objects.bulk_create(
        Subscription(
            code=f"U{i:05d}",
            customer=cu,
            product_line="mobile",
            product="畅享",
            start_date=D0,
            status="active",
        )
        for i, cu in enumerate(customers)
    )


def _state(store: Path) -> dict:
    import pyarrow.parquet as pq

    from wangge.engines import month_files
    from wangge.intake.models import ImportRun
    from wangge.intake.services import recover

    recovered = recover(store)
    files = month_files(store, NOV)
    billed = sorted({v for f in files for v in pq.read_table(f).column("billed_cents").to_pylist()})
    rows = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
    hidden = sorted(
        p.name
        for p in (store / "facts" / "subscription_month").iterdir()
        if p.name.startswith(".") and ".new-" in p.name
    )
    return {
        "runs": list(ImportRun.objects.order_by("pk").values_list("file_name", "status")),
        "billed": billed,
        "rows": rows,
        "staging_left": hidden,
        "recovered": recovered,
    }


def main() -> None:
    data, mode = Path(sys.argv[1]), sys.argv[2]
    os.environ["WANGGE_DATA_DIR"] = str(data)
    os.environ.pop("WANGGE_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wangge.project.settings")
    import django

    django.setup()
    from django.conf import settings

    from wangge.intake import services
    from wangge.intake import store as facts_store

    store = data / "store"
    settings.STORE_DIR = store
    old, new = data / "old.csv", data / "new.csv"
    if mode == "setup":
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        _city()
        old.write_bytes(facts("10.00").encode("gb18030"))
        new.write_bytes(facts("12.34").encode("gb18030"))
        assert services.run_import("subscription_month", old, month=NOV).ok
    elif mode == "kill-stage":
        real = facts_store.StagedMonth.write

        def stall(self, rows):
            real(self, rows)
            print("STAGING", flush=True)  # the parent kills us now, half-staged
            time.sleep(120)

        facts_store.StagedMonth.write = stall
        services.run_import("subscription_month", new, month=NOV)
    elif mode == "kill-swap":

        def stall(*args):
            print("COMMITTED", flush=True)  # the run is recorded; the month not swapped yet
            time.sleep(120)

        facts_store.swap_in = stall
        services.run_import("subscription_month", new, month=NOV)
    elif mode == "rerun":
        outcome = services.run_import("subscription_month", new, month=NOV)
        assert outcome.ok
    print(json.dumps(_state(store), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
