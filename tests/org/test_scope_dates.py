"""``as_of`` cannot travel back into someone else's data (wangge.org.scope).

Scope is decided by today's assignments and today's tree; ``as_of`` only moves the
reporting date of the rows inside that scope. Each test is the attack: a login that
held 网格X until yesterday asks for yesterday.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from wangge.org.dated import today


@pytest.fixture
def yesterday():
    return today() - timedelta(days=1)


def _leave(person, unit=None):
    """End ``person``'s assignments yesterday; from today they serve ``unit`` (if any)."""
    from wangge.org.models import Assignment

    person.assignments.filter(valid_to__isnull=True).update(valid_to=today())
    if unit is not None:
        Assignment.objects.create(person=person, unit=unit, post=person.post, valid_from=today())


def _api_rows(client, path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.content[:300])
    body = response.json()
    return body["results"] if isinstance(body, dict) and "results" in body else body


def test_an_ended_assignment_reads_no_customer_of_the_old_grid_as_of_yesterday(
    city, login, yesterday
):
    _leave(city["people"]["gm_x"])
    c = login("gm_x")
    assert _api_rows(c, f"/api/customers/?as_of={yesterday}") == []
    assert _api_rows(c, f"/api/subscriptions/?as_of={yesterday}") == []
    zhang = city["customers"]["zhang"]
    assert c.get(f"/api/customers/{zhang.pk}/?as_of={yesterday}").status_code == 404
    assert "13812341234" not in c.get(f"/api/customers/?as_of={yesterday}").content.decode()


def test_an_ended_assignment_reads_no_place_channel_grid_or_colleague_as_of_yesterday(
    city, login, yesterday
):
    _leave(city["people"]["gm_x"])
    c = login("gm_x")
    for path in ("places", "channels", "units", "assignments"):
        assert _api_rows(c, f"/api/{path}/?as_of={yesterday}") == [], path
    assert [p["staff_no"] for p in _api_rows(c, f"/api/people/?as_of={yesterday}")] == ["S001"]
    for layer in ("grids", "points"):
        assert c.get(f"/api/map/{layer}/?as_of={yesterday}").json()["features"] == [], layer


def test_an_ended_assignment_shows_no_customer_page_of_the_old_grid(city, login, yesterday):
    _leave(city["people"]["gm_x"])
    c = login("gm_x")
    page = c.get(f"/customers/?as_of={yesterday}").content.decode()
    assert "张三" not in page
    assert (
        c.get(f"/customers/{city['customers']['zhang'].pk}/?as_of={yesterday}").status_code == 404
    )


def test_a_person_who_moved_reads_the_new_grids_history_not_the_old_ones(city, login, yesterday):
    u = city["units"]
    _leave(city["people"]["gm_x"], u["z"])
    c = login("gm_x")
    names = {r["name"] for r in _api_rows(c, f"/api/customers/?as_of={yesterday}")}
    assert names == {"王五"}  # 网格Z's customer; 张三 of the old 网格X is gone
    assert {r["name"] for r in _api_rows(c, "/api/customers/")} == {"王五"}
    page = c.get(f"/customers/?as_of={yesterday}").content.decode()
    assert "王五" in page and "张三" not in page


def test_as_of_still_dates_the_rows_inside_todays_scope(city, login, yesterday):
    """李四 moves from 网格Y to 网格Z today: the director of 历下 sees them as of yesterday
    (their grid then was in the director's scope) but not today."""
    from wangge.customers.models import CustomerGrid

    li = city["customers"]["li"]
    CustomerGrid.objects.filter(customer=li).update(valid_to=today())
    CustomerGrid.objects.create(customer=li, grid=city["units"]["z"], valid_from=today())
    c = login("director")
    assert "李四" in {r["name"] for r in _api_rows(c, f"/api/customers/?as_of={yesterday}")}
    assert "李四" not in {r["name"] for r in _api_rows(c, "/api/customers/")}


def test_the_city_wide_roles_read_any_history(city, login, yesterday):
    _leave(city["people"]["gm_x"])
    rows = _api_rows(login("auditor"), f"/api/customers/?as_of={yesterday}")
    assert {r["code"] for r in rows} == {"K1", "K2", "K3"}  # 张三, 李四, 王五 (names masked)
