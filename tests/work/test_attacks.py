"""The attacks of the security review: a seller of 网格X cannot read or change 网格Y's
work orders, opportunities or visits through the pages, the API or the admin, and a
foreign key outside the poster's scope is refused on every write."""

from __future__ import annotations

import pytest

from tests.conftest import D0
from wangge.work.models import Opportunity, StageMove, Visit, WorkOrder


@pytest.fixture
def foreign(work_city):
    return work_city["orders"]["order_y"], work_city["opps"]["y"]


def test_pages_of_another_grid_are_not_found(work_city, login, foreign):
    order, opp = foreign
    client = login("cm_x")
    assert client.get(f"/work/orders/{order.pk}/").status_code == 404
    assert client.post(f"/work/orders/{order.pk}/move/", {"status": "accepted"}).status_code == 404
    assert client.get(f"/work/opportunities/{opp.pk}/").status_code == 404
    assert (
        client.post(f"/work/opportunities/{opp.pk}/stage/", {"stage": "realise"}).status_code == 404
    )
    assert (
        client.post(
            f"/work/opportunities/{opp.pk}/close/", {"outcome": "won", "reason": "x"}
        ).status_code
        == 404
    )
    order.refresh_from_db()
    opp.refresh_from_db()
    assert (order.status, opp.stage, opp.outcome) == ("assigned", "convert", "open")


def test_the_api_of_another_grid_is_not_found_and_not_listed(work_city, login, foreign):
    order, opp = foreign
    client = login("cm_x")
    assert order.pk not in {r["id"] for r in client.get("/api/work/orders/").json()["results"]}
    assert opp.pk not in {r["id"] for r in client.get("/api/work/opportunities/").json()["results"]}
    assert client.get(f"/api/work/orders/{order.pk}/").status_code == 404
    assert client.get(f"/api/work/opportunities/{opp.pk}/").status_code == 404
    json = {"content_type": "application/json"}
    assert (
        client.post(
            f"/api/work/orders/{order.pk}/move/", {"status": "accepted"}, **json
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/api/work/opportunities/{opp.pk}/stage/", {"stage": "realise"}, **json
        ).status_code
        == 404
    )
    # filtering by the other grid finds nothing rather than confirming what is there
    assert client.get(f"/api/work/orders/?unit={order.unit_id}").json()["results"] == []


def test_the_admin_of_another_grid_is_closed_and_nothing_is_changed_there(
    work_city, login, foreign
):
    order, opp = foreign
    client = login("cm_x")
    for model, row in ((WorkOrder, order), (Opportunity, opp)):
        name = model._meta.model_name
        assert client.get(f"/admin/work/{name}/{row.pk}/change/").status_code in (302, 403, 404)
        assert client.post(
            f"/admin/work/{name}/{row.pk}/change/", {"title": "x", "name": "x"}
        ).status_code in (302, 403, 404)
    own = work_city["orders"]["complaint_x"]
    assert client.get(f"/admin/work/workorder/{own.pk}/change/").status_code == 200
    assert (
        client.post(f"/admin/work/workorder/{own.pk}/change/", {"title": "改"}).status_code == 403
    )
    order.refresh_from_db()
    assert order.title == "合约到期客户续约"


def test_a_posted_foreign_key_outside_scope_is_refused_on_the_pages(work_city, login):
    u, p, c = work_city["units"], work_city["people"], work_city["customers"]
    client = login("gm_x")
    before = WorkOrder.objects.count(), Opportunity.objects.count(), Visit.objects.count()
    page = client.post(
        "/work/orders/new/",
        {"kind": "other", "title": "t", "unit": u["y"].pk, "assignee": p["gm_y"].pk},
    )
    assert {"unit", "assignee"} <= set(page.context["form"].errors)
    page = client.post(
        "/work/orders/new/",
        {
            "kind": "other",
            "title": "t",
            "unit": u["x"].pk,
            "assignee": p["cm_x"].pk,
            "customer": c["li"].pk,
        },
    )
    assert "customer" in page.context["form"].errors
    page = client.post(
        "/work/opportunities/new/",
        {
            "name": "n",
            "kind": "broadband",
            "unit": u["x"].pk,
            "team": [p["gm_y"].pk],
            "stage": "mine",
        },
    )
    assert "team" in page.context["form"].errors
    page = client.post(
        "/work/check-in/", {"customer": c["wang"].pk, "lat": "36.65", "lon": "117.05"}
    )
    assert "customer" in page.context["form"].errors
    assert (WorkOrder.objects.count(), Opportunity.objects.count(), Visit.objects.count()) == before


def test_a_posted_foreign_key_outside_scope_is_refused_on_the_api(work_city, login):
    u, p, c = work_city["units"], work_city["people"], work_city["customers"]
    client = login("gm_x")
    json = {"content_type": "application/json"}
    before = WorkOrder.objects.count(), Opportunity.objects.count(), StageMove.objects.count()
    r = client.post(
        "/api/work/orders/",
        {"kind": "other", "title": "t", "unit": u["y"].pk, "assignee": p["cm_x"].pk},
        **json,
    )
    assert r.status_code == 400 and "unit" in r.json()
    r = client.post(
        "/api/work/orders/",
        {"kind": "other", "title": "t", "unit": u["x"].pk, "assignee": p["gm_y"].pk},
        **json,
    )
    assert r.status_code == 400 and "assignee" in r.json()
    r = client.post(
        "/api/work/opportunities/",
        {"name": "n", "kind": "broadband", "unit": u["x"].pk, "owner": p["gm_y"].pk},
        **json,
    )
    assert r.status_code == 400 and "owner" in r.json()
    r = client.post(
        "/api/work/visits/", {"customer": c["li"].pk, "lat": 36.65, "lon": 117.05}, **json
    )
    assert r.status_code == 400 and "customer" in r.json()
    assert (
        WorkOrder.objects.count(),
        Opportunity.objects.count(),
        StageMove.objects.count(),
    ) == before


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "other", "title": "t", "unit": "abc", "assignee": 1},
        {"kind": "other", "title": "t", "unit": 2**70, "assignee": 1},
        {"kind": "planet", "title": "t"},
        {"kind": "other", "title": "t", "unit": 1, "assignee": 1, "due_at": "tomorrow"},
    ],
)
def test_bad_input_on_the_api_is_a_400_naming_the_field(work_city, login, body):
    r = login("gm_x").post("/api/work/orders/", body, content_type="application/json")
    assert r.status_code == 400


def test_a_seller_may_not_assign_through_the_api(work_city, login):
    u, p = work_city["units"], work_city["people"]
    r = login("cm_x").post(
        "/api/work/orders/",
        {"kind": "other", "title": "t", "unit": u["x"].pk, "assignee": p["cm_x"].pk},
        content_type="application/json",
    )
    assert r.status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/work/?status=lost",
        "/work/board/?unit=abc",
        "/work/pipeline/?stage=won",
        "/work/?unit=1e99",
    ],
)
def test_a_bad_filter_on_a_page_is_a_400_not_a_500(work_city, login, url):
    assert login("director").get(url).status_code == 400


def test_bad_posts_on_the_pages_are_messages_not_500s(work_city, login):
    order, opp = work_city["orders"]["complaint_x"], work_city["opps"]["x"]
    client = login("cm_x")
    assert client.post(f"/work/orders/{order.pk}/move/", {"status": "lost"}).status_code == 302
    assert client.post(f"/work/opportunities/{opp.pk}/stage/", {}).status_code == 302
    assert client.post(f"/work/opportunities/{opp.pk}/close/", {"outcome": "x"}).status_code == 302
    assert client.post("/work/visits/999999/check-out/", {}).status_code == 404
    assert client.post("/work/check-in/", {"customer": "abc"}).status_code == 200


# --- surveys ----------------------------------------------------------------------------


@pytest.fixture
def survey_y(work_city):
    from wangge.work.surveys import record

    return record(
        work_city["people"]["gm_y"].user,
        lat=36.65,
        lon=117.05,
        customer=work_city["customers"]["li"],
        needs="商铺要专线",
    )


def test_a_seller_of_grid_x_cannot_list_grid_ys_surveys(work_city, login, survey_y):
    from wangge.work.models import Survey

    client = login("cm_x")
    assert client.get("/api/work/surveys/").json()["results"] == []
    assert client.get(f"/api/work/surveys/{survey_y.pk}/").status_code == 404
    assert (
        client.get(f"/api/work/surveys/?unit={work_city['units']['y'].pk}").json()["results"] == []
    )
    assert "商铺要专线" not in client.get("/work/survey/").content.decode()
    assert Survey.objects.count() == 1


@pytest.mark.parametrize("field", ["unit", "place", "customer"])
def test_a_survey_for_another_grid_is_refused_on_the_page_and_the_api(work_city, login, field):
    from wangge.territory.models import Place, PlaceGrid
    from wangge.work.models import Survey

    y = work_city["units"]["y"]
    shop_y = Place.objects.create(
        code="P9", name="万达商铺", kind="building", lon=117.06, lat=36.66
    )
    PlaceGrid.objects.create(place=shop_y, grid=y, valid_from=D0)
    foreign = {"unit": y, "place": shop_y, "customer": work_city["customers"]["li"]}[field]
    client = login("cm_x")
    post = {field: foreign.pk, "lat": "36.65", "lon": "117.05"}
    page = client.post("/work/survey/", post)
    assert page.status_code == 200 and field in page.context["form"].errors
    response = client.post("/api/work/surveys/", post, content_type="application/json")
    assert response.status_code == 400 and field in response.json()
    assert not Survey.objects.exists()


def test_a_customer_of_grid_x_cannot_be_surveyed_into_grid_y(work_city, login):
    """The grid manager of 网格Y sees only 网格Y: 张三 (网格X) is not a choice for him."""
    from wangge.work.models import Survey

    client = login("gm_y")
    post = {
        "unit": work_city["units"]["y"].pk,
        "customer": work_city["customers"]["zhang"].pk,
        "lat": "36.65",
        "lon": "117.05",
    }
    assert "customer" in client.post("/work/survey/", post).context["form"].errors
    response = client.post("/api/work/surveys/", post, content_type="application/json")
    assert response.status_code == 400 and "customer" in response.json()
    assert not Survey.objects.exists()
