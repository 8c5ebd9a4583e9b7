"""A malformed parameter is the caller's mistake: 400 naming it, or 404 for a path
that cannot exist, never a 500. Page sizes are capped."""

from __future__ import annotations

from datetime import date

import pytest

OCT = date(2026, 10, 1)


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/appraisal/cards/?run=abc", "run"),
        ("/api/appraisal/cards/?month=2026-13", "month"),
        ("/api/appraisal/targets/?month=abc", "month"),
        ("/api/units/?as_of=yesterday", "as_of"),
        ("/api/customers/?as_of=9999-12-31", "as_of"),
        ("/api/customers/?limit=abc", "limit"),
        ("/api/customers/?limit=-5", "limit"),
        ("/api/customers/?offset=-1", "offset"),
        ("/api/pay/distributions/?month=9999-12", "month"),
    ],
)
def test_a_malformed_api_parameter_is_a_400_naming_it(city, login, url, name):
    r = login("marketing").get(url)
    assert r.status_code == 400, r.content
    assert name in r.json()


def test_an_item_that_is_not_a_number_is_a_404(city, login):
    c = login("marketing")
    assert c.get("/api/appraisal/items/abc/explanation/").status_code == 404
    assert c.get("/api/appraisal/cards/abc/").status_code == 404


@pytest.mark.parametrize(
    "url", ["/pay/payslip/2026-13/", "/pay/export/abc/", "/pay/payslip/9999-12/"]
)
def test_a_month_in_a_path_that_is_no_month_is_a_404(pay_city, login, url):
    assert login("marketing").get(url).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/pay/export/2026-11/?unit=abc",
        "/pay/inputs/people/template/?month=9999-12",
        "/pay/inputs/people/template/?month=soon",
    ],
)
def test_a_malformed_page_parameter_is_a_400(pay_city, login, url):
    assert login("marketing").get(url).status_code == 400


def test_a_huge_limit_is_capped(city, login):
    from wangge.base.params import CappedLimitOffsetPagination

    body = login("marketing").get("/api/customers/?limit=100000000").json()
    assert len(body["results"]) <= CappedLimitOffsetPagination.max_limit
    assert CappedLimitOffsetPagination.max_limit == 1000


def test_the_map_still_gets_every_score_card_in_one_request(city, login):
    assert login("marketing").get("/api/appraisal/cards/?limit=5000").status_code == 200


def test_the_approval_queue_shows_a_distribution_nobody_drafted(pay_city, login):
    from wangge.pay.pools import compute_pools
    from wangge.pay.workflow import start_draft, submit

    compute_pools(OCT)
    p, u = pay_city["people"], pay_city["units"]
    d = submit(p["director"].user, start_draft(p["director"].user, u["lixia"], OCT))
    d.drafted_by = None
    d.save()
    r = login("marketing").get("/pay/queue/")
    assert r.status_code == 200
    assert f"/pay/distributions/{d.pk}/" in r.content.decode()


def test_the_refusal_names_the_parameter_in_chinese(city, login):
    body = login("marketing").get("/api/appraisal/cards/?run=abc").json()
    assert body == {"run": ["应为整数，收到 'abc'。"]}


def test_an_id_wider_than_any_database_integer_is_a_400_not_an_overflow(city, login):
    response = login("gm_x").get(f"/api/subscriptions/?customer={2**64}")
    assert response.status_code == 400
    assert "customer" in response.json()


def test_a_search_with_a_nul_byte_is_a_400_on_the_api_and_the_page(city, login):
    client = login("marketing")
    assert client.get("/api/customers/?q=W%00i").status_code == 400
    assert client.get("/customers/?q=W%00i").status_code == 400
    assert client.get("/api/customers/?q=张").status_code == 200


def test_a_no_break_space_is_not_an_empty_date(city, login):
    """``?as_of=`` followed by U+00A0 is not "no date" but a date that cannot be read."""
    client = login("gm_x")
    assert client.get("/api/map/points/?as_of=%C2%A0").status_code == 400
    assert client.get("/api/map/points/?as_of=").status_code == 200
    assert client.get("/api/map/points/?as_of=%202026-11-01%20").status_code == 200


def test_a_nul_byte_in_a_target_filter_never_reaches_the_database(city, login):
    """PostgreSQL refuses a NUL in any text; the schema fuzz found the targets filter
    passing one straight to the database (a 500). The API filter finds no such code;
    the page, whose form never sends one, answers 400."""
    client = login("marketing")
    response = client.get("/api/appraisal/targets/?indicator=new%00adds")
    assert response.status_code == 200 and response.json()["count"] == 0
    assert client.get("/appraisal/targets/?indicator=new%00adds").status_code == 400
