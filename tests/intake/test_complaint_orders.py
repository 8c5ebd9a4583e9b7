"""An imported complaint still open becomes a work order for its customer's grid, once:
a re-import opens nothing new, a rollback takes back only orders nobody has touched."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.utils import timezone

from tests.intake.test_import import write
from tests.intake.test_import_storefiles import COMPLAINTS
from wangge.intake.services import RollbackRefused, rollback, run_import
from wangge.work.models import WorkOrder


def test_an_open_complaint_opens_one_order_for_the_grid_manager(city, tmp_path, settings):
    settings.STORE_DIR = tmp_path / "store"
    first = run_import("complaint", write(tmp_path, "投诉.csv", COMPLAINTS, "utf-8-sig"))
    assert first.ok, [str(p) for p in first.problems]
    # 张三's ticket was resolved on 11-02: no order; 李四's is open
    assert (first.orders_opened, first.orders_unassigned) == (1, 0)
    order = WorkOrder.objects.get()
    li = city["customers"]["li"]
    assert (order.kind, order.customer, order.unit, order.assignee) == (
        "complaint",
        li,
        city["units"]["y"],
        city["people"]["gm_y"],
    )
    assert "资费争议" in order.title and "李四" in order.title
    assert order.deadline_at == timezone.make_aware(datetime(2026, 11, 7, 23, 59, 59))
    assert order.status == "assigned" and f"#{first.run_id}" in order.description
    # next week's extract names the same open ticket again, and a new one for 王五,
    # whose grid has nobody to give it to: counted, not opened
    later = (
        "投诉单号,客户编码,用户编码,受理时间,要求完成时间,办结时间,投诉类别\n"
        "20261105002,K2,,20261105,2026-11-07,,资费争议（再次来电）\n"
        "20261109003,K3,,2026-11-09,,,信号差\n"
    )
    second = run_import("complaint", write(tmp_path, "投诉-第二周.csv", later))
    assert (second.orders_opened, second.orders_unassigned) == (0, 1)
    assert WorkOrder.objects.count() == 1


def test_a_rollback_takes_back_untouched_orders_and_is_refused_once_one_is_worked(
    city, tmp_path, settings
):
    settings.STORE_DIR = tmp_path / "store"
    first = run_import("complaint", write(tmp_path, "投诉.csv", COMPLAINTS, "utf-8-sig"))
    order = WorkOrder.objects.get()
    order.status = "accepted"
    order.save()
    with pytest.raises(RollbackRefused, match=f"work order #{order.pk}"):
        rollback(first.run_id)
    assert WorkOrder.objects.count() == 1
    order.status = "assigned"
    order.save()
    rollback(first.run_id)
    assert not WorkOrder.objects.exists()
    # imported again after the rollback, the ticket opens its order again
    again = run_import(
        "complaint", write(tmp_path, "投诉-重导.csv", COMPLAINTS + "\n", "utf-8-sig")
    )
    assert again.orders_opened == 1
