"""Name lists from the churn-alert ranking: a grid manager or a director turns the
month's risk list of their scope into a campaign (worst level first, then the highest
risk), split like any list by workload and ownership; nobody reaches another grid's
alerts, a list made elsewhere, or builds without the right."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import D0
from wangge.customers.models import Customer, CustomerGrid
from wangge.work import campaigns
from wangge.work.models import Campaign, Owner, WorkOrder
from wangge.work.refusals import WorkRefused

JSON = {"content_type": "application/json"}
OCT = date(2026, 10, 1)


@pytest.fixture
def ranked(city):
    """October's risk list: in 网格X 张三 (yellow, 0.41), K4 (red, 0.35), K5 (red, 0.90),
    K6 (guard); in 网格Y 李四 (red, 0.99); 张三 owned by 王网格. A September run too."""
    from wangge.alerts.models import Alert, AlertRun

    u, p, c = city["units"], city["people"], city["customers"]
    for i in (4, 5, 6):
        cu = Customer.objects.create(code=f"K{i}", name=f"客户{i}", kind="household")
        CustomerGrid.objects.create(customer=cu, grid=u["x"], valid_from=D0)
        c[f"k{i}"] = cu
    sep = AlertRun.objects.create(month=date(2026, 9, 1))
    run = AlertRun.objects.create(month=OCT)

    def alert(customer, level, risk, rule="churn_risk", unit="x", on=run):
        Alert.objects.create(
            run=on, month=on.month, customer=customer, unit=u[unit], rule=rule, level=level,
            risk=risk,
        )  # fmt: skip

    alert(c["zhang"], "yellow", 0.41)
    alert(c["zhang"], "yellow", None, rule="usage_drop")
    alert(c["k4"], "red", 0.35)
    alert(c["k5"], "red", 0.90)
    alert(c["k6"], "guard", 0.20, rule="guard_list")
    alert(c["li"], "red", 0.99, unit="y")
    alert(c["k6"], "red", 0.95, on=sep)
    Owner.objects.create(unit=u["x"], customer=c["zhang"], person=p["gm_x"], reason="given")
    return city


def codes(campaign):
    return list(campaign.names.order_by("pk").values_list("customer__code", flat=True))


def test_a_grid_manager_lists_the_latest_risk_list_of_the_grid_worst_first(ranked):
    gm_x = ranked["people"]["gm_x"].user
    c = campaigns.build_from_ranking(gm_x, "十月离网预警挽留")
    assert c.source == "ranking" and c.unit == ranked["units"]["x"]
    assert c.criteria == {"ranking": "alerts", "month": "2026-10", "level": "", "top": None}
    assert codes(c) == ["K5", "K4", "K1", "K6"]  # red by risk, yellow, guard; no 李四


def test_one_level_a_past_month_and_the_first_names_only(ranked):
    gm_x = ranked["people"]["gm_x"].user
    assert codes(campaigns.build_from_ranking(gm_x, "红色", level="red", top=1)) == ["K5"]
    assert codes(campaigns.build_from_ranking(gm_x, "九月", month=date(2026, 9, 1))) == ["K6"]


def test_the_split_respects_ownership_and_balances_the_rest(ranked):
    p = ranked["people"]
    gm_x = p["gm_x"].user
    c = campaigns.build_from_ranking(gm_x, "十月离网预警挽留")
    done = campaigns.split(gm_x, c)
    assert (done.assigned, done.unplaced) == (4, 0)
    by = dict(c.names.values_list("customer__code", "person_id"))
    assert by["K1"] == p["gm_x"].pk  # the owner keeps it
    assert {by["K4"], by["K5"], by["K6"]} <= {p["gm_x"].pk, p["cm_x"].pk}
    assert sorted(list(by.values()).count(x) for x in {p["gm_x"].pk, p["cm_x"].pk}) == [2, 2]
    assert WorkOrder.objects.filter(kind="name_list", unit=ranked["units"]["x"]).count() == 2


def test_a_director_lists_the_whole_center(ranked):
    c = campaigns.build_from_ranking(ranked["people"]["director"].user, "中心预警")
    assert codes(c) == ["K2", "K5", "K4", "K1", "K6"]


def test_the_page_builds_the_list_and_words_a_bad_month(ranked, login):
    client = login("gm_x")
    page = client.get("/work/campaigns/").content.decode()
    assert 'id="campaign-ranked"' in page and 'id="campaign-new"' not in page
    r = client.post("/work/campaigns/ranked/", {"name": "预警名单", "level": "red"})
    c = Campaign.objects.get(name="预警名单")
    assert r.status_code == 302 and r["Location"] == f"/work/campaigns/{c.pk}/"
    assert codes(c) == ["K5", "K4"]
    assert client.post(f"/work/campaigns/{c.pk}/split/").status_code == 302
    assert c.names.filter(person__isnull=True).count() == 0
    r = client.post("/work/campaigns/ranked/", {"name": "坏月份", "month": "十月"}, follow=True)
    assert "YYYY-MM" in r.content.decode() and not Campaign.objects.filter(name="坏月份").exists()


def test_the_api_builds_and_splits(ranked, login):
    client = login("gm_x")
    r = client.post("/api/work/campaigns/ranked/", {"name": "API预警", "top": 2}, **JSON)
    assert r.status_code == 201, r.content
    assert r.json()["source"] == "ranking" and r.json()["criteria"]["top"] == 2
    pk = r.json()["id"]
    assert client.post(f"/api/work/campaigns/{pk}/split/").json() == {
        "assigned": 2,
        "unplaced": 0,
    }
    r = client.post("/api/work/campaigns/ranked/", {"name": "x", "month": "2026-13"}, **JSON)
    assert r.status_code == 400 and "month" in r.json()
    r = client.post("/api/work/campaigns/ranked/", {"name": "x", "level": "purple"}, **JSON)
    assert r.status_code == 400 and "level" in r.json()
    r = client.post("/api/work/campaigns/ranked/", {"name": "x", "month": "2026-08"}, **JSON)
    assert r.status_code == 400 and "month" in r.json()


# --- attacks ---------------------------------------------------------------------------


def test_another_grids_alerts_never_reach_the_list(ranked):
    gm_y = ranked["people"]["gm_y"].user
    assert codes(campaigns.build_from_ranking(gm_y, "Y")) == ["K2"]


def test_a_customer_moved_out_of_the_grid_stays_out(ranked):
    """The alert was raised in 网格X; the customer is in 网格Y today: not gm_x's to list."""
    u, c = ranked["units"], ranked["customers"]
    link = CustomerGrid.objects.get(customer=c["k5"])
    link.valid_to = date(2026, 11, 1)
    link.save()
    CustomerGrid.objects.create(customer=c["k5"], grid=u["y"], valid_from=date(2026, 11, 1))
    assert "K5" not in codes(campaigns.build_from_ranking(ranked["people"]["gm_x"].user, "x"))


def test_a_role_without_the_action_is_refused(ranked, login):
    cm_x = ranked["people"]["cm_x"].user
    with pytest.raises(WorkRefused):
        campaigns.build_from_ranking(cm_x, "x")
    client = login("cm_x")
    assert client.post("/work/campaigns/ranked/", {"name": "x"}).status_code == 403
    assert client.post("/api/work/campaigns/ranked/", {"name": "x"}, **JSON).status_code == 403
    assert not Campaign.objects.exists()


def test_a_grid_manager_splits_no_list_but_a_ranked_one(ranked, login):
    """A list from the customer filter is for work.campaign: a grid manager's split of it
    (even one whose names are in the grid) is refused."""
    from wangge.customers.lists import CustomerFilter

    marketing = ranked["people"]["marketing"].user
    made = campaigns.build_from_filter(marketing, "市场名单", CustomerFilter())
    client = login("gm_x")
    assert client.post(f"/work/campaigns/{made.pk}/split/").status_code == 403
    assert client.post(f"/api/work/campaigns/{made.pk}/split/").status_code == 403
    assert not made.names.filter(person__isnull=False).exists()


def test_another_grids_ranked_list_is_out_of_reach(ranked, login):
    c = campaigns.build_from_ranking(ranked["people"]["gm_x"].user, "X")
    client = login("gm_y")
    assert client.post(f"/work/campaigns/{c.pk}/split/").status_code == 404
    assert client.post(f"/api/work/campaigns/{c.pk}/split/").status_code == 404
    assert client.get(f"/work/campaigns/{c.pk}/").status_code == 404
