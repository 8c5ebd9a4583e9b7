"""The attacks: a grid's people cannot allocate, cannot read or confirm another grid's
deliveries, and the pages and the API answer the same; bad input is a 400, never a 500."""

from __future__ import annotations

import pytest

from tests.resources.conftest import OCT
from wangge.resources import delivery, planning
from wangge.resources.models import DeliveryOrder, PlanEdit, PlanLine

JSON = {"content_type": "application/json"}


@pytest.fixture
def sent(res_city):
    return delivery.send(res_city["people"]["support"].user, res_city["stock"],
                         res_city["units"]["x"], 5, OCT)  # fmt: skip


@pytest.fixture
def plan(res_city):
    return planning.propose(res_city["people"]["marketing"].user, OCT)


def test_a_grid_manager_cannot_allocate_by_page_or_api(res_city, plan, login):
    client = login("gm_x")
    line = PlanLine.objects.filter(plan=plan).first()
    assert client.get("/resources/").status_code == 403
    assert client.post("/resources/propose/", {"month": "2026-10"}).status_code == 403
    edit = {"amount": "0", "reason": "自己改"}
    assert client.post(f"/resources/lines/{line.pk}/edit/", edit).status_code == 403
    assert client.post(f"/resources/plans/{plan.pk}/accept/").status_code == 403
    assert client.get("/api/resources/lines/").status_code == 403
    body = {"cents": 0, "reason": "x"}
    assert client.post(f"/api/resources/lines/{line.pk}/edit/", body, **JSON).status_code == 403
    assert client.post(f"/api/resources/plans/{plan.pk}/accept/").status_code == 403
    assert not PlanEdit.objects.exists() and PlanLine.objects.get(pk=line.pk).cents == line.cents


def test_another_grids_delivery_is_neither_listed_nor_confirmed(res_city, sent, login):
    client = login("gm_y")
    assert f"delivery-{sent.pk}" not in client.get("/resources/deliveries/").content.decode()
    assert client.post(f"/resources/deliveries/{sent.pk}/receive/").status_code == 404
    assert sent.pk not in {
        r["id"] for r in client.get("/api/resources/deliveries/").json()["results"]
    }
    assert client.post(f"/api/resources/deliveries/{sent.pk}/receive/").status_code == 404
    assert DeliveryOrder.objects.get().status == "sent"


def test_the_sender_sees_its_delivery_but_does_not_confirm_it(res_city, sent, login):
    client = login("support")
    assert f"delivery-{sent.pk}" in client.get("/resources/deliveries/").content.decode()
    assert client.post(f"/resources/deliveries/{sent.pk}/receive/").status_code == 403
    assert client.get("/resources/loop/").status_code == 403  # back office: deliveries only


def test_the_grid_confirms_through_the_api(res_city, sent, login):
    client = login("gm_x")
    answer = client.post(f"/api/resources/deliveries/{sent.pk}/receive/")
    assert answer.status_code == 200 and answer.json()["status"] == "received"
    again = client.post(f"/api/resources/deliveries/{sent.pk}/receive/")
    assert again.status_code == 400 and "status" in again.json()


def test_the_department_edits_through_the_api_and_bad_input_is_a_400(res_city, plan, login):
    client = login("marketing")
    line = PlanLine.objects.get(plan=plan, unit=res_city["units"]["x"], kind="sms",
                                purpose="growth")  # fmt: skip
    over = client.post(f"/api/resources/lines/{line.pk}/edit/",
                       {"cents": line.cents + 1, "reason": "多一分"}, **JSON)  # fmt: skip
    assert over.status_code == 400 and "预算" in over.json()["cents"][0]
    bad = client.post(f"/api/resources/lines/{line.pk}/edit/", {"cents": "x"}, **JSON)
    assert bad.status_code == 400
    page = client.post(f"/resources/lines/{line.pk}/edit/", {"amount": "1.234", "reason": "r"})
    assert page.status_code == 302 and not PlanEdit.objects.exists()
    ok = client.post(f"/api/resources/lines/{line.pk}/edit/",
                     {"cents": line.cents - 100, "reason": "少一元"}, **JSON)  # fmt: skip
    assert ok.status_code == 200 and ok.json()["edits"][0]["reason"] == "少一元"
    assert client.get("/api/resources/evaluation/?month=2026-13").status_code == 400
    assert client.get("/api/resources/evaluation/?month=2026-10").status_code == 200


def test_the_pages_answer_in_chinese(res_city, plan, sent, login):
    page = login("marketing").get("/resources/?month=2026-10").content.decode()
    assert "提议与上期对比" in page and "确认分配方案" in page and "短信" in page
