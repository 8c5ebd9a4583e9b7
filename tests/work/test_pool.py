"""The ownership pool (公海): prospects nobody follows up return to the grid's pool
(idempotent, in the history), the grid manager gives them to a person of the grid from
the pool page or the API, and nobody reaches another grid's pool."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.conftest import D0
from wangge.customers.models import Customer, CustomerGrid
from wangge.work import pool
from wangge.work.models import Owner, Visit

JSON = {"content_type": "application/json"}


@pytest.fixture
def prospects(work_city):
    """张三 (网格X) a potential customer owned by 李社区 for 40 days; 李四 (网格Y) a
    competitor's customer owned by 赵网格; a new prospect of 网格X nobody owns."""
    c, p, u = work_city["customers"], work_city["people"], work_city["units"]
    Customer.objects.filter(pk__in=[c["zhang"].pk, c["li"].pk]).update(ownership="potential")
    long_ago = timezone.now() - timedelta(days=40)
    Owner.objects.create(
        unit=u["x"], customer=c["zhang"], person=p["cm_x"], since=long_ago, reason="given"
    )
    Owner.objects.create(
        unit=u["y"], customer=c["li"], person=p["gm_y"], since=long_ago, reason="given"
    )
    new = Customer.objects.create(code="K9", name="孙七", kind="individual", ownership="potential")
    CustomerGrid.objects.create(customer=new, grid=u["x"], valid_from=D0)
    return {**work_city, "new": new}


def owner_of(customer):
    return Owner.objects.get(customer=customer)


def test_prospects_left_alone_return_once_and_it_is_in_the_history(prospects):
    c = prospects["customers"]
    returned = pool.return_idle()
    assert {r.customer_id for r in returned} == {c["zhang"].pk, c["li"].pk}
    assert owner_of(c["zhang"]).person is None and owner_of(c["zhang"]).reason == "returned"
    assert pool.return_idle() == []  # idempotent
    history = list(owner_of(c["zhang"]).history.order_by("history_date"))
    assert [h.reason for h in history] == ["given", "returned"]
    assert history[0].person_id == prospects["people"]["cm_x"].pk


def test_a_follow_up_keeps_the_owner_and_in_network_customers_never_return(prospects):
    c, p, u = prospects["customers"], prospects["people"], prospects["units"]
    Visit.objects.create(
        person=p["cm_x"],
        unit=u["x"],
        customer=c["zhang"],
        in_lat=36.65,
        in_lon=117.05,
        checked_in_at=timezone.now() - timedelta(days=2),
    )
    Customer.objects.filter(pk=c["li"].pk).update(ownership="ours")
    assert pool.return_idle() == []
    assert pool.return_idle(days=1) != []  # the visit was two days ago


def test_the_command_returns_them_and_says_so(prospects):
    out = StringIO()
    call_command("work", "pool", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert {r["customer"] for r in rows} == {"K1", "K2"}
    assert {r["previous_owner"] for r in rows} == {"S002", "S003"}
    out = StringIO()
    call_command("work", "pool", stdout=out)
    assert "0" in out.getvalue().splitlines()[-1]


def test_the_setting_sets_the_time(prospects, settings):
    settings.WANGGE_POOL_DAYS = 60
    assert pool.return_idle() == []
    settings.WANGGE_POOL_DAYS = 30
    assert len(pool.return_idle()) == 2


def test_a_customer_that_moved_grid_is_in_its_new_grids_pool(prospects):
    c, u = prospects["customers"], prospects["units"]
    zhang = c["zhang"]
    link = zhang.grid_links.get()
    link.valid_to = timezone.localdate()
    link.save()
    CustomerGrid.objects.create(customer=zhang, grid=u["y"], valid_from=timezone.localdate())
    director = prospects["people"]["director"].user
    assert zhang.pk in {r.pk for r in pool.pooled_customers(director, u["y"])}


def test_the_pool_page_lists_the_grids_pool_and_gives(prospects, login):
    c, p, u = prospects["customers"], prospects["people"], prospects["units"]
    pool.return_idle()
    client = login("gm_x")
    page = client.get("/work/pool/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "张三" in text and "孙七" in text and "李四" not in text
    assert {r.pk for r in page.context["people"]} == {p["cm_x"].pk, p["gm_x"].pk}
    r = client.post(
        "/work/pool/give/",
        {
            "unit": u["x"].pk,
            "person": p["gm_x"].pk,
            "customers": [c["zhang"].pk, prospects["new"].pk],
        },
    )
    assert r.status_code == 302
    assert owner_of(c["zhang"]).person_id == p["gm_x"].pk
    assert owner_of(prospects["new"]).reason == "given"
    assert "孙七" not in client.get("/work/pool/").content.decode()


def test_a_survey_that_creates_a_customer_makes_the_surveyor_its_owner(work_city):
    from wangge.work.surveys import record

    p, u = work_city["people"], work_city["units"]
    done = record(
        p["cm_x"].user,
        unit=u["x"],
        lat=36.65,
        lon=117.05,
        customer_data={"name": "新客户", "kind": "individual", "phone": "13700000000"},
    )
    assert owner_of(done.customer).person_id == p["cm_x"].pk
    assert owner_of(done.customer).reason == "surveyed"


def test_the_api_pools_gives_and_releases(prospects, login):
    c, p, u = prospects["customers"], prospects["people"], prospects["units"]
    client = login("gm_x")
    body = client.get("/api/work/owners/pool/").json()
    assert body["days"] == 30 and [r["code"] for r in body["customers"]] == ["K9"]
    r = client.post(
        "/api/work/owners/give/",
        {"unit": u["x"].pk, "person": p["cm_x"].pk, "customers": [prospects["new"].pk]},
        **JSON,
    )
    assert r.status_code == 200 and r.json() == {"customers": 1, "places": 0}
    r = client.post("/api/work/owners/release/", {"customer": c["zhang"].pk}, **JSON)
    assert r.status_code == 200 and r.json()["person"] is None
    owners = client.get("/api/work/owners/?pooled=true").json()["results"]
    assert [o["customer"] for o in owners] == [c["zhang"].pk]


# --- attacks ----------------------------------------------------------------------------


def test_a_seller_may_not_read_the_pool_or_give(prospects, login):
    c, p, u = prospects["customers"], prospects["people"], prospects["units"]
    client = login("cm_x")
    assert client.get("/work/pool/").status_code == 403
    assert (
        client.post(
            "/work/pool/give/",
            {"unit": u["x"].pk, "person": p["cm_x"].pk, "customers": [c["zhang"].pk]},
        ).status_code
        == 403
    )
    assert client.get("/api/work/owners/pool/").status_code == 403
    r = client.post(
        "/api/work/owners/give/",
        {"unit": u["x"].pk, "person": p["cm_x"].pk, "customers": [prospects["new"].pk]},
        **JSON,
    )
    assert r.status_code == 403
    assert not Owner.objects.filter(customer=prospects["new"]).exists()


def test_another_grids_pool_is_closed(prospects, login):
    c, p, u = prospects["customers"], prospects["people"], prospects["units"]
    pool.return_idle()
    client = login("gm_x")
    page = client.get(f"/work/pool/?unit={u['y'].pk}")
    assert page.status_code == 200 and "李四" not in page.content.decode()
    body = client.get(f"/api/work/owners/pool/?unit={u['y'].pk}").json()
    assert body["customers"] == [] and body["places"] == []
    assert c["li"].pk not in {
        o["customer"] for o in client.get("/api/work/owners/").json()["results"]
    }
    # giving 网格Y's customer, or to 网格Y's manager, is refused and writes nothing
    client.post(
        "/work/pool/give/", {"unit": u["y"].pk, "person": p["gm_y"].pk, "customers": [c["li"].pk]}
    )
    r = client.post(
        "/api/work/owners/give/",
        {"unit": u["x"].pk, "person": p["cm_x"].pk, "customers": [c["li"].pk]},
        **JSON,
    )
    assert r.status_code == 400 and "customers" in r.json()
    r = client.post(
        "/api/work/owners/give/",
        {"unit": u["x"].pk, "person": p["gm_y"].pk, "customers": [prospects["new"].pk]},
        **JSON,
    )
    assert r.status_code == 400 and "person" in r.json()
    r = client.post("/api/work/owners/release/", {"customer": c["li"].pk}, **JSON)
    assert r.status_code == 400
    assert owner_of(c["li"]).person is None and owner_of(c["li"]).reason == "returned"
    assert not Owner.objects.filter(customer=prospects["new"]).exists()


def test_giving_to_someone_outside_the_grid_writes_nothing(prospects, login):
    """The director sees both grids: 赵网格 works in 网格Y, not in 网格X; one bad row
    and none is given."""
    c, p, u = prospects["customers"], prospects["people"], prospects["units"]
    pool.return_idle()
    client = login("director")
    r = client.post(
        "/api/work/owners/give/",
        {"unit": u["x"].pk, "person": p["gm_y"].pk, "customers": [prospects["new"].pk]},
        **JSON,
    )
    assert r.status_code == 400 and "person" in r.json()
    r = client.post(
        "/api/work/owners/give/",
        {"unit": u["x"].pk, "person": p["cm_x"].pk, "customers": [prospects["new"].pk, c["li"].pk]},
        **JSON,
    )
    assert r.status_code == 400 and "customer" in r.json()
    assert not Owner.objects.filter(customer=prospects["new"]).exists()
    assert owner_of(c["li"]).person is None


@pytest.mark.parametrize("url", ["/work/pool/?unit=abc", "/work/pool/?unit=1e99"])
def test_a_bad_grid_on_the_pool_page_is_a_400(prospects, login, url):
    assert login("gm_x").get(url).status_code == 400
