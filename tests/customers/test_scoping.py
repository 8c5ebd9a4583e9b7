"""A person sees only the customers of the units they are assigned to: through the
admin, the API and the pages alike."""

import pytest

from tests.conftest import log_in


@pytest.fixture
def ids(city):
    return {k: c.pk for k, c in city["customers"].items()}


def test_a_grid_manager_sees_only_their_own_grid_in_the_api(city, login, ids):
    client = login("gm_x")
    listed = {c["id"] for c in client.get("/api/customers/").json()["results"]}
    assert listed == {ids["zhang"]}
    assert client.get(f"/api/customers/{ids['zhang']}/").status_code == 200
    assert client.get(f"/api/customers/{ids['li']}/").status_code == 404


def test_a_grid_manager_gets_404_for_another_grids_customer_page(city, login, ids):
    client = login("gm_x")
    assert client.get(f"/customers/{ids['zhang']}/").status_code == 200
    assert client.get(f"/customers/{ids['li']}/").status_code == 404
    page = client.get("/customers/").content.decode()
    assert "张三" in page and "李四" not in page


def test_a_grid_manager_cannot_open_another_grids_customer_in_the_admin(city, login, ids):
    client = login("gm_x")
    assert client.get(f"/admin/customers/customer/{ids['zhang']}/change/").status_code == 200
    other = client.get(f"/admin/customers/customer/{ids['li']}/change/")
    assert other.status_code == 404  # out of scope reads as not found, like a missing row
    listing = client.get("/admin/customers/customer/").content.decode()
    assert "张三" in listing and "李四" not in listing


def test_subscriptions_follow_their_customers_scope(city, login):
    client = login("gm_y")
    numbers = {s["customer"] for s in client.get("/api/subscriptions/").json()["results"]}
    assert numbers == {city["customers"]["li"].pk}


def test_a_center_director_sees_every_grid_of_the_center_but_not_other_centers(city, login, ids):
    listed = {c["id"] for c in login("director").get("/api/customers/").json()["results"]}
    assert listed == {ids["zhang"], ids["li"]}


def test_the_marketing_department_sees_the_whole_city(city, login, ids):
    listed = {c["id"] for c in login("marketing").get("/api/customers/").json()["results"]}
    assert listed == set(ids.values())


def test_a_login_without_a_person_sees_nothing(city, client, ids, django_user_model):
    django_user_model.objects.create_user("stranger", password="pw-for-tests")
    log_in(client, "stranger", "pw-for-tests")
    assert client.get("/api/customers/").json()["results"] == []
    # refused before any lookup (customers.view needs a role): no hint the customer exists
    assert client.get(f"/customers/{ids['zhang']}/").status_code == 403
    assert client.get("/customers/999999/").status_code == 403


def test_anonymous_callers_are_sent_to_log_in(city, client, ids):
    assert client.get("/api/customers/").status_code in (401, 403)
    assert client.get(f"/customers/{ids['zhang']}/").status_code == 302


def test_the_map_layers_are_scoped_too(city, login):
    grids = login("gm_x").get("/api/map/grids/").json()["features"]
    assert [g["properties"]["name"] for g in grids] == ["网格X"]
    assert grids[0]["geometry"]["type"] == "Polygon"


def test_a_customer_moved_between_grids_shows_both_on_the_page_of_someone_who_sees_it(city, login):
    from datetime import date

    from wangge.org.reorganise import CodedMove, reorganise

    reorganise([CodedMove("customer", "K1", "LX-G02")], date(2026, 7, 1))
    page = login("director").get(f"/customers/{city['customers']['zhang'].pk}/").content.decode()
    assert "网格X" in page and "网格Y" in page and "2026-07-01" in page
