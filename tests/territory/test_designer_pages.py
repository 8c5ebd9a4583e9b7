"""The designer on the web: a director proposes new grids for their center, sees the
proposal with its metrics beside today's grids and accepts it on an effective day,
through the reorganisation (history kept); the re-cut likewise. Scope and roles hold."""

from datetime import date, timedelta

import pytest

from tests.conftest import D0


def box(x0, y0, x1, y1):
    return {"type": "Polygon",
            "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}  # fmt: skip


@pytest.fixture
def center(city):
    """历下中心: 网格X (west) and 网格Y (east), side by side, 36 places each on a 6 × 6
    lattice; Y's places carry three times X's households, so today's grids are far from
    balanced. 市中中心's 网格Z has two places."""
    from wangge.territory.models import Place, PlaceGrid

    u = city["units"]
    u["x"].boundary = box(117.0, 36.6, 117.1, 36.7)
    u["y"].boundary = box(117.1, 36.6, 117.2, 36.7)
    u["z"].boundary = box(117.2, 36.6, 117.3, 36.7)
    for g in ("x", "y", "z"):
        u[g].save()
    n = 0
    for grid, x0, households in ((u["x"], 117.0, 100), (u["y"], 117.1, 300)):
        for i in range(6):
            for j in range(6):
                n += 1
                p = Place.objects.create(
                    code=f"Q{n:03d}", name=f"楼{n}", kind="building",
                    lon=x0 + 0.1 * (i + 0.5) / 6, lat=36.6 + 0.1 * (j + 0.5) / 6,
                    households=households,
                )  # fmt: skip
                PlaceGrid.objects.create(place=p, grid=grid, valid_from=D0)
    for k in range(2):
        p = Place.objects.create(code=f"Z{k}", name=f"市中楼{k}", kind="building",
                                 lon=117.25, lat=36.62 + 0.05 * k, households=50)  # fmt: skip
        PlaceGrid.objects.create(place=p, grid=u["z"], valid_from=D0)
    return city


def start(client, area, mode="design", k=2, tolerance=5, fixed=()):
    data = {"area": area.pk, "mode": mode, "k": k, "tolerance": tolerance,
            "fixed_kinds": list(fixed)}  # fmt: skip
    return client.post("/map/design/", data)


def test_a_director_designs_their_center_and_accepts_it_with_history_kept(center, login):
    from wangge.org.models import Reorganisation
    from wangge.territory.models import PlaceGrid, Proposal

    client = login("director")
    lixia = center["units"]["lixia"]
    r = start(client, lixia)
    proposal = Proposal.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/map/design/{proposal.pk}/"
    assert proposal.status == "ready", proposal.message
    assert proposal.job.status == "done"
    result = proposal.result
    assert result["metrics"]["max_deviation"] <= 0.05
    assert result["metrics"]["contiguous"] == 1.0
    assert result["current"]["max_deviation"] > 0.4  # today: 36 × 100 against 36 × 300
    assert {g["code"] for g in result["grids"]} == {"LX-G01", "LX-G02"}
    page = client.get(f"/map/design/{proposal.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    assert page.status_code == 200 and 'id="proposal-metrics"' in html
    assert "与均值的最大偏差" in html and "接受方案" in html

    day = date.today() + timedelta(days=1)
    r = client.post(f"/map/design/{proposal.pk}/", {"day": day.isoformat()})
    assert r.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "accepted" and proposal.accepted_day == day
    record = Reorganisation.objects.get()
    assert proposal.reorganisation == record and record.ran_by.username == "director"
    moved = {m["place"]: m["to"] for m in result["moves"]}
    assert len(moved) > 5
    code, new = next(iter(moved.items()))
    links = PlaceGrid.objects.filter(place__code=code).order_by("valid_from")
    assert [(lk.grid.code, lk.valid_from, lk.valid_to) for lk in links] == [
        (result["moves"][0]["from"], D0, day), (new, day, None)]  # fmt: skip
    # the map of today (before the day) still shows the old grids, the day after the new
    old = client.get("/api/map/grids/").json()["features"]
    x = next(f for f in old if f["properties"]["code"] == "LX-G01")
    assert x["geometry"] == box(117.0, 36.6, 117.1, 36.7)
    later = client.get("/api/map/grids/", {"as_of": day.isoformat()}).json()["features"]
    x = next(f for f in later if f["properties"]["code"] == "LX-G01")
    assert x["geometry"] != box(117.0, 36.6, 117.1, 36.7)
    # and it cannot be accepted twice
    r = client.post(f"/map/design/{proposal.pk}/", {"day": day.isoformat()})
    assert r.status_code == 200 and Reorganisation.objects.count() == 1


def test_the_recut_moves_few_places_and_goes_through_the_reorganisation(center, login):
    from wangge.territory.models import PlaceGrid, Proposal

    client = login("director")
    start(client, center["units"]["lixia"], mode="recut", k=2, tolerance=10)
    proposal = Proposal.objects.get()
    assert proposal.status == "ready", proposal.message
    result = proposal.result
    assert result["metrics"]["max_deviation"] <= 0.10 and result["metrics"]["contiguous"] == 1
    # balance needs about a third of Y's places to move west, and no more
    assert 6 <= len(result["moves"]) <= 14
    assert all(m["from"] == "LX-G02" and m["to"] == "LX-G01" for m in result["moves"])
    day = date.today() + timedelta(days=3)
    client.post(f"/map/design/{proposal.pk}/", {"day": day.isoformat()})
    on_day = PlaceGrid.objects.as_of(day).filter(grid__code="LX-G01").count()
    assert on_day == 36 + 1 + len(result["moves"])  # and 阳光小区 of the fixture
    assert PlaceGrid.objects.as_of(date.today()).filter(grid__code="LX-G01").count() == 37


def test_customers_move_with_their_place_unless_another_grid_serves_them(center, login):
    from wangge.customers.models import Customer, CustomerGrid
    from wangge.territory.models import Place, Proposal

    client = login("director")
    start(client, center["units"]["lixia"], mode="recut", k=2, tolerance=10)
    proposal = Proposal.objects.get()
    move = proposal.result["moves"][0]
    place = Place.objects.get(code=move["place"])
    units = center["units"]
    for code, grid in (("F01", units["y"]), ("F02", units["z"])):  # F02: served by 网格Z
        cu = Customer.objects.create(code=code, name=f"住户{code}", kind="individual",
                                     ownership="ours", place=place)  # fmt: skip
        CustomerGrid.objects.create(customer=cu, grid=grid, valid_from=D0)
    day = date.today() + timedelta(days=2)
    client.post(f"/map/design/{proposal.pk}/", {"day": day.isoformat()})
    proposal.refresh_from_db()
    assert proposal.status == "accepted"
    on_day = dict(CustomerGrid.objects.as_of(day).values_list("customer__code", "grid__code"))
    assert on_day["F01"] == move["to"] == "LX-G01"
    assert on_day["F02"] == units["z"].code
    before = dict(
        CustomerGrid.objects.as_of(date.today()).values_list("customer__code", "grid__code")
    )
    assert before["F01"] == units["y"].code


def test_a_director_cannot_recut_another_center(center, login):
    from wangge.territory.models import Proposal

    client = login("director")
    r = start(client, center["units"]["shizhong"], mode="recut")
    assert r.status_code == 200 and not Proposal.objects.exists()
    assert "area" in r.context["form"].errors


def test_a_director_cannot_open_or_accept_another_centers_proposal(center, login, client):
    from tests.conftest import log_in
    from wangge.territory.models import Proposal

    log_in(client, "marketing")
    start(client, center["units"]["shizhong"], k=1, tolerance=10)
    other = Proposal.objects.get()
    assert other.status == "ready", other.message
    client.logout()
    director = login("director")
    assert director.get(f"/map/design/{other.pk}/").status_code == 404
    day = (date.today() + timedelta(days=1)).isoformat()
    assert director.post(f"/map/design/{other.pk}/", {"day": day}).status_code == 404
    other.refresh_from_db()
    assert other.status == "ready"


def test_a_grid_manager_cannot_design_or_accept(center, login, client):
    from tests.conftest import log_in
    from wangge.territory.models import Proposal

    log_in(client, "director")
    start(client, center["units"]["lixia"])
    proposal = Proposal.objects.get()
    client.logout()
    gm = login("gm_x")
    assert gm.get("/map/design/").status_code == 403
    assert start(gm, center["units"]["x"]).status_code == 403
    day = (date.today() + timedelta(days=1)).isoformat()
    assert gm.post(f"/map/design/{proposal.pk}/", {"day": day}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "ready" and Proposal.objects.count() == 1


def test_an_impossible_request_is_kept_with_its_reason(center, login):
    from wangge.territory.models import Proposal

    start(login("director"), center["units"]["lixia"], k=500)
    proposal = Proposal.objects.get()
    assert proposal.status == "failed" and "500 grids asked for" in proposal.message
    assert proposal.job.status == "failed"
