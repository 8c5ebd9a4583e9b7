"""Deliver instead of collect: only to a grid that asked; the grid confirms receipt."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from tests.resources.conftest import OCT
from wangge.resources import delivery, evaluation
from wangge.resources.models import DeliveryOrder, Result, Stock
from wangge.resources.refusals import ResourcesRefused


def test_a_delivery_to_a_grid_that_did_not_ask_is_refused_and_nothing_moves(res_city):
    support = res_city["people"]["support"].user
    with pytest.raises(ResourcesRefused) as refused:
        delivery.send(support, res_city["stock"], res_city["units"]["y"], 10, OCT)
    assert refused.value.field == "grid" and "网格Y" in refused.value.message
    assert Stock.objects.get().quantity == 100 and not DeliveryOrder.objects.exists()


def test_more_than_the_stock_holds_is_refused(res_city):
    support = res_city["people"]["support"].user
    with pytest.raises(ResourcesRefused) as refused:
        delivery.send(support, res_city["stock"], res_city["units"]["x"], 101, OCT)
    assert refused.value.field == "quantity"


def test_the_grid_confirms_receipt_then_uses_the_gifts_on_a_customer(res_city):
    p, u = res_city["people"], res_city["units"]
    order = delivery.send(p["support"].user, res_city["stock"], u["x"], 10, OCT)
    assert order.value_cents == 25_000 and Stock.objects.get().quantity == 90
    # the sender, the other grid's manager and the front line do not confirm
    with pytest.raises(PermissionDenied):
        delivery.receive(p["support"].user, order)
    with pytest.raises(PermissionDenied):
        delivery.receive(p["gm_y"].user, order)
    with pytest.raises(ResourcesRefused):  # not yet received: not usable
        delivery.record_use(p["cm_x"].user, u["x"], "gift", date(2026, 10, 5), 2500,
                            customer=res_city["customers"]["zhang"], delivery=order)  # fmt: skip
    delivery.receive(p["gm_x"].user, order)
    order.refresh_from_db()
    assert order.status == "received" and order.received_by == p["gm_x"]
    with pytest.raises(ResourcesRefused):
        delivery.receive(p["gm_x"].user, order)
    delivery.record_use(p["cm_x"].user, u["x"], "gift", date(2026, 10, 5), 2500,
                        customer=res_city["customers"]["zhang"], delivery=order)  # fmt: skip
    Result.objects.create(unit=u["x"], kind="retained", day=date(2026, 10, 20),
                          revenue_cents=1_000, customer=res_city["customers"]["zhang"])  # fmt: skip
    rows = evaluation.month_rows(p["gm_x"].user, OCT)
    assert [(r.unit.name, r.evaluation.spent_cents, r.evaluation.output_cents) for r in rows] == [
        ("网格X", 2500, 1000)
    ]
    assert rows[0].evaluation.flagged  # 0.4 < 1
    assert evaluation.month_rows(p["gm_y"].user, OCT) == []
