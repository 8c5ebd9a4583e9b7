"""The demo city opens its work pages on figures: work orders (one overdue), an
opportunity at every stage of a round and a visit in the grids of the demo log-ins."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from tests.demo.test_demo import small_store  # noqa: F401 (the session fixture)
from wangge.demo.load import create_demo_logins, load_store
from wangge.demo.work import prepare_demo
from wangge.work.models import Opportunity, Visit, WorkOrder


def test_the_demo_log_ins_find_work_orders_and_a_pipeline(db, small_store):  # noqa: F811
    load_store(small_store)
    create_demo_logins()
    made = prepare_demo()
    assert made["work_orders"] == WorkOrder.objects.count() > 0
    assert made["opportunities"] == Opportunity.objects.count() > 0
    assert Visit.objects.count() == made["visits"]
    gm = get_user_model().objects.get(username="gridmgr")
    assert WorkOrder.objects.visible_to(gm).exists()
    assert Opportunity.objects.visible_to(gm).filter(stage="convert").exists()
    assert any(o.overdue for o in WorkOrder.objects.all())
