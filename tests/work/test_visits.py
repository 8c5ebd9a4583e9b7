"""Check-in: a GPS point is required; the distance to the place (阳光小区 at 36.65 N,
117.05 E) is kept and a check-in beyond the geofence (300 m) is flagged."""

from __future__ import annotations

import pytest

from wangge.work.models import Visit
from wangge.work.refusals import WorkRefused
from wangge.work.visits import check_in, check_out

PLACE = (36.65, 117.05)


def test_a_check_in_111_metres_from_the_place_is_inside_the_fence(city):
    me = city["people"]["cm_x"].user
    visit = check_in(me, lat=36.651, lon=117.05, customer=city["customers"]["zhang"])
    assert visit.in_distance_m == pytest.approx(111.2, abs=0.1)  # 0.001° × 111 195 m
    assert not visit.in_outside and visit.unit == city["units"]["x"]


def test_a_check_in_a_kilometre_away_is_flagged(city):
    from wangge.territory.models import Place

    visit = check_in(
        city["people"]["cm_x"].user, lat=36.66, lon=117.05, place=Place.objects.get(code="P1")
    )
    assert visit.in_distance_m == pytest.approx(1112.0, abs=0.1)
    assert visit.in_outside


def test_the_fence_is_a_setting(city, settings):
    settings.WANGGE_GEOFENCE_METRES = 2000
    visit = check_in(
        city["people"]["cm_x"].user, lat=36.66, lon=117.05, customer=city["customers"]["zhang"]
    )
    assert not visit.in_outside


@pytest.mark.parametrize(("lat", "lon"), [(None, None), ("", ""), ("abc", "117"), ("95", "117")])
def test_a_check_in_without_a_gps_fix_is_refused_and_nothing_written(city, lat, lon):
    with pytest.raises(WorkRefused) as exc:
        check_in(city["people"]["cm_x"].user, lat=lat, lon=lon, customer=city["customers"]["zhang"])
    assert exc.value.field == "lat"
    assert not Visit.objects.exists()


def test_a_check_in_at_a_customer_of_another_grid_is_refused(city):
    with pytest.raises(WorkRefused):
        check_in(
            city["people"]["cm_x"].user, lat=36.65, lon=117.05, customer=city["customers"]["wang"]
        )


def test_check_out_records_the_second_point_once(city):
    me = city["people"]["cm_x"].user
    visit = check_in(me, lat=36.65, lon=117.05, customer=city["customers"]["zhang"])
    visit = check_out(me, visit, lat=36.65, lon=117.0537)  # 0.0037° of longitude at 36.65°N
    assert visit.out_distance_m == pytest.approx(330.2, abs=0.5) and visit.out_outside
    with pytest.raises(WorkRefused):
        check_out(me, visit, lat=36.65, lon=117.05)
    with pytest.raises(WorkRefused):
        check_out(city["people"]["gm_x"].user, visit, lat=36.65, lon=117.05)


def test_the_check_in_page_refuses_a_missing_position_with_a_clear_message(city, login):
    client = login("cm_x")
    page = client.get("/work/check-in/")
    assert page.status_code == 200 and "work/checkin.js" in page.content.decode()
    page = client.post("/work/check-in/", {"customer": city["customers"]["zhang"].pk})
    assert page.status_code == 200
    assert "lat" in page.context["form"].errors
    assert not Visit.objects.exists()
    response = client.post(
        "/work/check-in/",
        {"customer": city["customers"]["zhang"].pk, "lat": "36.651", "lon": "117.05"},
    )
    assert response.status_code == 302 and Visit.objects.count() == 1
    from wangge.territory.models import Place

    check_in(city["people"]["cm_x"].user, lat=36.65, lon=117.05, place=Place.objects.get(code="P1"))
    page = client.get("/work/check-in/")  # open visits to a customer and to a place
    assert page.status_code == 200 and "阳光小区" in page.content.decode()
    Visit.objects.filter(customer=None).delete()
    visit = Visit.objects.get()
    assert (
        client.post(
            f"/work/visits/{visit.pk}/check-out/", {"lat": "36.65", "lon": "117.05"}
        ).status_code
        == 302
    )
    visit.refresh_from_db()
    assert visit.checked_out_at is not None


def test_the_api_checks_in_and_refuses_without_gps(city, login):
    client = login("cm_x")
    body = {"customer": city["customers"]["zhang"].pk}
    refused = client.post("/api/work/visits/", body, content_type="application/json")
    assert refused.status_code == 400 and "lat" in refused.json()
    done = client.post(
        "/api/work/visits/", {**body, "lat": 36.651, "lon": 117.05}, content_type="application/json"
    )
    assert done.status_code == 201 and done.json()["in_outside"] is False
    out = client.post(
        f"/api/work/visits/{done.json()['id']}/check-out/",
        {"lat": 36.65, "lon": 117.05},
        content_type="application/json",
    )
    assert out.status_code == 200 and out.json()["checked_out_at"]
