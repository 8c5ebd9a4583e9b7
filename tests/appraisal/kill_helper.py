"""Run by test_appraisal_kill.py in a child process against a file database.

python kill_helper.py DATA_DIR setup   # tiny city, store, inputs; close and publish v1
python kill_helper.py DATA_DIR kill    # re-close; stops inside the write transaction
python kill_helper.py DATA_DIR state   # print the runs and cards as JSON
python kill_helper.py DATA_DIR rerun   # close again, print the new run's cards
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import time
from datetime import date
from pathlib import Path

OCT = date(2026, 10, 1)
D0 = date(2025, 1, 1)


def _helpers():
    spec = importlib.util.spec_from_file_location(
        "appraisal_store", Path(__file__).with_name("appraisal_store.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _city() -> dict:
    from wangge.customers.models import Customer, CustomerGrid, Subscription
    from wangge.org.models import Assignment, Person, Unit, UnitLink

    def unit(code, name, kind, parent=None, **kw):
        u = Unit.objects.create(code=code, name=name, kind=kind, **kw)
        if parent is not None:
            UnitLink.objects.create(unit=u, parent=parent, valid_from=D0)
        return u

    c = unit("JN", "济南市", "city")
    lixia = unit("LX", "历下中心", "center", c)
    shizhong = unit("SZ", "市中中心", "center", c)
    x = unit("LX-G01", "网格X", "grid", lixia, grid_class="A")
    y = unit("LX-G02", "网格Y", "grid", lixia, grid_class="B")
    z = unit("SZ-G01", "网格Z", "grid", shizhong, grid_class="B")

    def person(staff_no, name, post, role, where):
        p = Person.objects.create(staff_no=staff_no, name=name, post=post, role=role)
        Assignment.objects.create(person=p, unit=where, post=post, valid_from=D0)
        return p

    people = {
        "gm_x": person("S001", "王网格", "grid_manager", "grid_manager", x),
        "cm_x": person("S002", "李社区", "community_manager", "frontline", x),
        "gm_y": person("S003", "赵网格", "grid_manager", "grid_manager", y),
    }

    def customer(code, name, grid):
        cu = Customer.objects.create(code=code, name=name, kind="individual", ownership="ours")
        CustomerGrid.objects.create(customer=cu, grid=grid, valid_from=D0)
        Subscription.objects.create(
            customer=cu,
            product_line="mobile",
            product="p",
            number="1",
            start_date=D0,
            status="active",
            monthly_fee_cents=1,
        )
        return cu

    customers = {
        "zhang": customer("K1", "张三", x),
        "li": customer("K2", "李四", y),
        "wang": customer("K3", "王五", z),
    }
    units = {"city": c, "lixia": lixia, "shizhong": shizhong, "x": x, "y": y, "z": z}
    return {"units": units, "people": people, "customers": customers}


def _state() -> dict:
    from wangge.appraisal.models import AppraisalRun, ItemScore, ScoreCard

    return {
        "runs": [
            list(r) for r in AppraisalRun.objects.order_by("pk").values_list("version", "status")
        ],
        "cards": sorted(
            [r, label, str(t), str(k)]
            for r, label, t, k in ScoreCard.objects.values_list(
                "run__version", "label", "total", "rank"
            )
        ),
        "items": ItemScore.objects.count(),
    }


def main() -> None:
    data, mode = Path(sys.argv[1]), sys.argv[2]
    os.environ["WANGGE_DATA_DIR"] = str(data)
    os.environ.pop("WANGGE_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wangge.project.settings")
    import django

    django.setup()
    from django.conf import settings

    from wangge.appraisal import close as close_mod

    store = data / "store"
    settings.STORE_DIR = store
    if mode == "setup":
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        helpers = _helpers()
        city = _city()
        helpers.build_store(store, city)
        helpers.fill_month(city)
        close_mod.close_month(OCT)
        close_mod.publish_month(OCT)
    elif mode == "kill":
        real = close_mod._write_items

        def stall(result, cards):
            real(result, cards)
            print("WRITING", flush=True)  # the parent kills us now, mid-transaction
            time.sleep(120)

        close_mod._write_items = stall
        close_mod.close_month(OCT)
    elif mode == "rerun":
        close_mod.close_month(OCT)
    print(json.dumps(_state(), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
