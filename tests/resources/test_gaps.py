"""Requests and gaps: a unit asks (page and API), the month's requests in scope against
the allocation and the confirmed deliveries, the export, and the attacks (another
grid's request, a unit outside scope, a role without the action)."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

from tests.resources.conftest import OCT
from wangge.resources.models import DeliveryOrder, Plan, PlanLine, Request

JSON = {"content_type": "application/json"}


def _allocate(city):
    u = city["units"]
    plan = Plan.objects.create(month=OCT, status="accepted")
    lines = [("x", "sms", "growth", 30_000), ("x", "sms", "base", 20_000),
             ("y", "sms", "base", 20_000), ("x", "gift", "growth", 60_000)]  # fmt: skip
    for unit, kind, purpose, cents in lines:
        PlanLine.objects.create(plan=plan, unit=u[unit], kind=kind, purpose=purpose,
                                proposed_cents=cents, cents=cents)  # fmt: skip
    DeliveryOrder.objects.create(source=u["lixia"], grid=u["x"], stock=city["stock"], quantity=10,
                                 request=Request.objects.get(unit=u["x"], kind="gift"),
                                 value_cents=25_000, status="received")  # fmt: skip


def test_the_page_shows_each_unit_short_of_its_ask_and_exports_it(res_city, login):
    _allocate(res_city)
    director = login("director")
    page = director.get("/resources/requests/?month=2026-10").content.decode()
    # 网格Y: 200 of 800 yuan, under its least needed 300; 网格X: SMS 500 of 800
    assert "¥600.00" in page and "¥300.00" in page and "低于最低需求" in page
    sheet = director.get("/resources/requests/export/?month=2026-10")
    rows = list(load_workbook(BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert [(r[1], r[6]) for r in rows[1:]] == [("网格Y", 600), ("网格X", 300), ("网格X", 0)]
    assert rows[3][8] == 250  # the gifts delivered and confirmed
    gaps = director.get("/api/resources/gaps/?month=2026-10").json()
    assert [(g["unit_name"], g["gap_cents"], g["below_minimum"]) for g in gaps] == [
        ("网格Y", 60_000, True), ("网格X", 30_000, False), ("网格X", 0, False)]  # fmt: skip
    # 网格Y's manager sees 网格Y's request only
    mine = login("gm_y").get("/api/resources/gaps/?month=2026-10").json()
    assert [g["unit_name"] for g in mine] == ["网格Y"]
    assert "网格X" not in login("gm_y").get("/resources/requests/?month=2026-10").content.decode()


def test_asking_in_scope_on_the_page_and_the_api_and_the_attacks(res_city, login):
    u = res_city["units"]
    gm_y = login("gm_y")
    form = {"unit": u["y"].pk, "month": "2026-10", "kind": "material", "amount": "120.50",
            "least": "20", "reason": "社区活动"}  # fmt: skip
    assert gm_y.post("/resources/requests/new/", form).status_code == 302
    req = Request.objects.get(unit=u["y"], kind="material")
    assert (req.amount_cents, req.min_cents) == (12_050, 2_000)
    gm_y.post("/resources/requests/new/", {**form, "kind": "event", "least": "200"})
    assert not Request.objects.filter(kind="event").exists()  # least above the ask
    gm_y.post("/resources/requests/new/", {**form, "unit": u["x"].pk, "kind": "event"})
    assert not Request.objects.filter(kind="event").exists()  # another grid
    body = {"unit": u["x"].pk, "month": "2026-10", "kind": "sms", "amount_cents": 1}
    out = gm_y.post("/api/resources/requests/", body, **JSON)
    assert out.status_code == 400 and "unit" in out.json()
    out = gm_y.post("/api/resources/requests/", {**body, "unit": u["y"].pk, "kind": "event",
                                                  "amount_cents": 5_000}, **JSON)  # fmt: skip
    assert out.status_code == 201 and out.json()["amount_cents"] == 5_000
    listed = gm_y.get("/api/resources/requests/?month=2026-10").json()["results"]
    assert {r["unit"] for r in listed} == {u["y"].pk}
    # a front-line person neither reads the requests nor asks
    cm = login("cm_x")
    assert cm.get("/resources/requests/").status_code == 403
    assert cm.get("/api/resources/requests/").status_code == 403
    assert cm.post("/api/resources/requests/", body, **JSON).status_code == 403
    assert cm.post("/resources/requests/new/", form).status_code == 403
