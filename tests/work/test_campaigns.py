"""Name-list campaigns: built from the customer filter or an Excel (all or nothing, bad
rows named), split to the people of the grids (owners keep theirs, the rest balanced),
every name tracked to an outcome, rates per grid and person; nobody reaches another
grid's names or builds without the right."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.conftest import D0
from wangge.customers.lists import CustomerFilter
from wangge.customers.models import Customer, CustomerGrid
from wangge.work import campaigns
from wangge.work.models import Campaign, CampaignName, Owner
from wangge.work.refusals import WorkRefused
from wangge.work.uploads import UploadRefused

JSON = {"content_type": "application/json"}


def xlsx(codes, header="客户编码") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append([header])
    for c in codes:
        sheet.append([c])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def listed(city):
    """Four more customers in 网格X (K4..K7) and one in 网格Y (K8); 张三 owned by 王网格."""
    u, p = city["units"], city["people"]
    for i, grid in ((4, "x"), (5, "x"), (6, "x"), (7, "x"), (8, "y")):
        cu = Customer.objects.create(
            code=f"K{i}", name=f"客户{i}", kind="household", ownership="potential"
        )
        CustomerGrid.objects.create(customer=cu, grid=u[grid], valid_from=D0)
    Owner.objects.create(
        unit=u["x"], customer=city["customers"]["zhang"], person=p["gm_x"], reason="given"
    )
    return city


def director(city):
    return city["people"]["director"].user


def test_a_list_from_the_filter_is_split_owners_first_then_balanced(listed):
    u, p = listed["units"], listed["people"]
    c = campaigns.build_from_filter(director(listed), "冬季宽带", CustomerFilter())
    # the director sees 网格X and 网格Y: 张三, 李四 and K4..K8
    assert c.names.count() == 7 and c.unit == u["lixia"]
    done = campaigns.split(director(listed), c)
    assert (done.assigned, done.unplaced) == (7, 0)
    by = {n.customer.code: n.person_id for n in c.names.select_related("customer")}
    assert by["K1"] == p["gm_x"].pk  # the owner keeps it
    x_people = [by[k] for k in ("K1", "K4", "K5", "K6", "K7")]
    # 网格X: 王网格 owns 张三 and carries nothing else; 李社区 carries two work orders? no:
    # five names over two people level out at 3 / 2 (loads equal after the split ± 1)
    counts = {pid: x_people.count(pid) for pid in set(x_people)}
    assert sorted(counts.values()) == [2, 3]
    assert by["K2"] == by["K8"] == p["gm_y"].pk
    assert campaigns.split(director(listed), c).assigned == 0  # nothing left to give


def test_workload_counts(listed):
    from wangge.work.models import WorkOrder

    u, p = listed["units"], listed["people"]
    for i in range(3):
        WorkOrder.objects.create(kind="other", title=f"t{i}", unit=u["x"], assignee=p["cm_x"])
    c = campaigns.build_from_filter(director(listed), "续约", CustomerFilter())
    campaigns.split(director(listed), c)
    x = c.names.filter(unit=u["x"])
    # 李社区 already has three open orders: 王网格 takes K1 (owned) and most of the rest
    assert x.filter(person=p["cm_x"]).count() == 1
    assert x.filter(person=p["gm_x"]).count() == 4


def test_a_list_from_an_excel_all_or_nothing(listed):
    d = director(listed)
    c = campaigns.build_from_upload(d, "名单", BytesIO(xlsx(["K4", "K5", "K8"])), "a.xlsx")
    assert sorted(c.names.values_list("customer__code", flat=True)) == ["K4", "K5", "K8"]
    with pytest.raises(UploadRefused) as refused:
        campaigns.build_from_upload(
            d, "坏名单", BytesIO(xlsx(["K4", "K404", "K4", "K3", ""])), "b.xlsx"
        )
    text = "\n".join(refused.value.problems)
    assert "K404" in text and "K3" in text  # K3 (王五) is 网格Z's: unknown to the director
    assert "第 3 行" in text or "row 3" in text
    assert len(refused.value.problems) == 3
    assert Campaign.objects.count() == 1
    with pytest.raises(UploadRefused):
        campaigns.build_from_upload(d, "x", BytesIO(xlsx(["K4"], header="编号")), "c.xlsx")


def test_outcomes_and_rates(listed):
    u, p = listed["units"], listed["people"]
    c = campaigns.build_from_filter(director(listed), "冬季宽带", CustomerFilter())
    campaigns.split(director(listed), c)
    gm_x = p["gm_x"].user
    mine = list(c.names.filter(person=p["gm_x"]).order_by("id"))
    with pytest.raises(WorkRefused) as refused:
        campaigns.record(gm_x, mine[0], "converted")
    assert refused.value.field == "order_ref"
    campaigns.record(gm_x, mine[0], "converted", order_ref="DD-20261203-1")
    campaigns.record(gm_x, mine[1], "refused")
    f = campaigns.figures(director(listed), c)
    assert (f["total"].names, f["total"].executed, f["total"].converted) == (7, 2, 1)
    grid_x = next(r for r in f["grids"] if r["id"] == u["x"].pk)
    assert grid_x["progress"].execution_rate == pytest.approx(2 / 5)
    assert f["outcomes"]["converted"] == 1
    # a grid manager reads his grid's part only
    f_x = campaigns.figures(gm_x, c)
    assert f_x["total"].names == 5


def test_pages_build_split_track_and_my_list(listed, login):
    p = listed["people"]
    client = login("director")
    r = client.post("/work/campaigns/new/", {"name": "高ARPU", "ownership": "potential"})
    c = Campaign.objects.get()
    assert r.status_code == 302 and c.names.count() == 5
    assert client.post(f"/work/campaigns/{c.pk}/split/").status_code == 302
    page = client.get(f"/work/campaigns/{c.pk}/")
    assert page.status_code == 200 and "执行率" in page.content.decode()
    assert "冬季" not in client.get("/work/campaigns/").content.decode()
    seller = login("cm_x")
    names = seller.get("/work/my-list/").context["rows"]
    assert names and all(n.person_id == p["cm_x"].pk for n in names)
    r = seller.post(f"/work/names/{names[0].pk}/outcome/", {"outcome": "interested"})
    assert r.status_code == 302
    assert CampaignName.objects.get(pk=names[0].pk).outcome == "interested"
    up = SimpleUploadedFile("n.xlsx", xlsx(["K4", "K404"]))
    client = login("director")  # the test client is one: log back in
    r = client.post("/work/campaigns/new/", {"name": "坏", "file": up})
    assert r.status_code == 302 and Campaign.objects.count() == 1


def test_the_api_builds_splits_and_records(listed, login):
    client = login("director")
    r = client.post("/api/work/campaigns/", {"name": "API名单", "tag": ""}, **JSON)
    assert r.status_code == 201
    pk = r.json()["id"]
    assert client.post(f"/api/work/campaigns/{pk}/split/").json()["assigned"] == 7
    body = client.get(f"/api/work/campaigns/{pk}/figures/").json()
    assert body["total"]["names"] == 7
    names = login("gm_y").get(f"/api/work/names/?campaign={pk}").json()["results"]
    assert {n["customer_code"] for n in names} == {"K2", "K8"}
    client = login("director")
    r = client.post(f"/api/work/names/{names[0]['id']}/outcome/", {"outcome": "converted"}, **JSON)
    assert r.status_code == 400 and "order_ref" in r.json()
    up = SimpleUploadedFile("n.xlsx", xlsx(["K404"]))
    r = client.post("/api/work/campaigns/upload/", {"name": "坏", "file": up})
    assert r.status_code == 400 and "K404" in str(r.json()["file"])


# --- attacks ----------------------------------------------------------------------------


def test_a_seller_may_not_build_or_split(listed, login):
    client = login("cm_x")
    assert client.post("/work/campaigns/new/", {"name": "x"}).status_code == 403
    assert client.post("/api/work/campaigns/", {"name": "x"}, **JSON).status_code == 403
    c = campaigns.build_from_filter(director(listed), "冬季宽带", CustomerFilter())
    assert client.post(f"/work/campaigns/{c.pk}/split/").status_code == 403
    assert client.post(f"/api/work/campaigns/{c.pk}/split/").status_code == 403
    assert not c.names.filter(person__isnull=False).exists()
    # a grid manager builds no list either (marketing and directors do)
    assert login("gm_x").post("/work/campaigns/new/", {"name": "x"}).status_code == 403


def test_another_grids_names_are_out_of_reach(listed, login):
    p = listed["people"]
    c = campaigns.build_from_filter(director(listed), "冬季宽带", CustomerFilter())
    campaigns.split(director(listed), c)
    y_name = c.names.get(customer__code="K8")
    client = login("gm_x")
    assert y_name.pk not in {n["id"] for n in client.get("/api/work/names/").json()["results"]}
    assert client.get(f"/api/work/names/{y_name.pk}/").status_code == 404
    r = client.post(f"/api/work/names/{y_name.pk}/outcome/", {"outcome": "refused"}, **JSON)
    assert r.status_code == 404
    assert (
        client.post(f"/work/names/{y_name.pk}/outcome/", {"outcome": "refused"}).status_code == 404
    )
    assert "客户8" not in client.get(f"/work/campaigns/{c.pk}/").content.decode()
    # a seller records only the names given to him
    x_other = c.names.filter(unit=listed["units"]["x"]).exclude(person=p["cm_x"]).first()
    seller = login("cm_x")
    seller.post(f"/work/names/{x_other.pk}/outcome/", {"outcome": "refused"})
    assert CampaignName.objects.get(pk=x_other.pk).outcome == "pending"
    r = seller.post(f"/api/work/names/{x_other.pk}/outcome/", {"outcome": "refused"}, **JSON)
    assert r.status_code == 400
    # a campaign of 网格Y only is not listed to 网格X
    only_y = campaigns.build_from_upload(director(listed), "Y", BytesIO(xlsx(["K8"])), "y.xlsx")
    assert client.get(f"/work/campaigns/{only_y.pk}/").status_code == 404
    assert client.get(f"/api/work/campaigns/{only_y.pk}/").status_code == 404


def test_a_list_reaches_only_the_builders_customers(listed):
    d = director(listed)
    c = campaigns.build_from_filter(d, "全部", CustomerFilter())
    assert "K3" not in set(c.names.values_list("customer__code", flat=True))


def test_a_split_gives_each_person_one_name_list_work_order(listed):
    from wangge.work.models import WorkOrder

    p = listed["people"]
    c = campaigns.build_from_filter(director(listed), "冬季宽带", CustomerFilter())
    campaigns.split(director(listed), c)
    orders = WorkOrder.objects.filter(kind="name_list").order_by("assignee__staff_no")
    assert {o.assignee_id for o in orders} == {p["gm_x"].pk, p["cm_x"].pk, p["gm_y"].pk}
    gm_y = orders.get(assignee=p["gm_y"])
    assert "冬季宽带" in gm_y.title and "2" in gm_y.title
    # the orders do not count twice in the next split's workload
    assert campaigns.workload([p["gm_y"].pk]) == {p["gm_y"].pk: 2}
