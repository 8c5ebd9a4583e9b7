"""The home page's customer and subscription counts and the customer list's total are
counted once per state of the tables: exact, scoped to the viewer, and new as soon as
a row behind them changes."""

import re
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import D0


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def figures(user):
    from wangge.project.views import key_figures

    return key_figures(user)


def counts_run(queries) -> int:
    """How many of the queries counted customers or subscriptions."""
    return sum(
        "count(" in sql and ("customers_customer" in sql or "customers_subscription" in sql)
        for sql in (q["sql"].lower() for q in queries.captured_queries)
    )


def test_each_viewer_counts_the_customers_and_subscriptions_of_their_own_grids(city):
    people = city["people"]
    marketing, director, gm_x = (figures(people[k].user) for k in ("marketing", "director", "gm_x"))
    assert (marketing["customers_ours"], director["customers_ours"], gm_x["customers_ours"]) == (
        3,
        2,
        1,
    )
    assert marketing["subscriptions_by_line"] == {"mobile": 3}
    assert director["subscriptions_by_line"] == {"mobile": 2}
    assert gm_x["subscriptions"] == 1


def test_a_second_look_reads_the_count_kept_for_the_same_state(city):
    director = city["people"]["director"].user
    with CaptureQueriesContext(connection) as first:
        one = figures(director)
    with CaptureQueriesContext(connection) as second:
        two = figures(director)
    assert one == two
    # the grids, places, channels and staff are small tables counted live; the
    # customers by ownership and the subscriptions by line come from the cache
    assert (counts_run(first), counts_run(second)) == (2, 0)


def test_a_customer_added_through_a_survey_or_the_admin_is_counted_at_once(city):
    from wangge.customers.models import Customer, CustomerGrid, Subscription

    director = city["people"]["director"].user
    assert figures(director)["customers_ours"] == 2
    cu = Customer.objects.create(code="K9", name="赵六", kind="individual", ownership="ours")
    CustomerGrid.objects.create(customer=cu, grid=city["units"]["y"], valid_from=D0)
    assert figures(director)["customers_ours"] == 3
    Subscription.objects.create(
        customer=cu,
        product_line="broadband",
        product="宽带",
        start_date=D0,
        status="active",
    )
    assert figures(director)["subscriptions_by_line"] == {"mobile": 2, "broadband": 1}


def test_a_change_of_ownership_or_status_is_counted_at_once(city):
    director = city["people"]["director"].user
    assert figures(director)["customers_competitor"] == 0
    li = city["customers"]["li"]
    li.ownership = "competitor"
    li.save()  # a history row: a new state
    sub = li.subscriptions.get()
    sub.status = "disconnected"
    sub.save()
    after = figures(director)
    assert (after["customers_ours"], after["customers_competitor"]) == (1, 1)
    assert after["subscriptions_by_line"] == {"mobile": 1}


def test_a_bulk_import_without_history_rows_is_counted_at_once(city):
    """Intake writes customers in bulk (no history rows) but always records its run."""
    from wangge.customers.models import Customer
    from wangge.intake.models import ImportRun

    director = city["people"]["director"].user
    assert figures(director)["customers_ours"] == 2
    Customer.objects.filter(code="K2").update(ownership="potential")  # as an import's UPDATE
    ImportRun.objects.create(
        kind="customers",
        file_name="客户.csv",
        sha256="0" * 64,
        status="done",
        started_at=timezone.now(),
        finished_at=timezone.now(),
    )
    after = figures(director)
    assert (after["customers_ours"], after["customers_potential"]) == (1, 1)


def test_a_customer_moved_to_another_center_leaves_the_directors_count(city):
    from wangge.org.reorganise import CodedMove, reorganise

    director = city["people"]["director"].user
    assert figures(director)["customers_ours"] == 2
    reorganise([CodedMove("customer", "K1", "SZ-G01")], date(2026, 7, 1))
    assert figures(director)["customers_ours"] == 1
    assert figures(city["people"]["marketing"].user)["customers_ours"] == 3


def total(client, query="") -> str:
    page = client.get(f"/customers/{query}").content.decode()
    return re.search(r'<span id="total">([^<]*)</span>', page).group(1)


def test_the_customer_list_total_is_scoped_filtered_and_kept(city, login):
    client = login("director")
    assert total(client) == "2 个客户"
    with CaptureQueriesContext(connection) as again:
        assert total(client) == "2 个客户"
    assert counts_run(again) == 0
    assert total(client, "?q=张") == "1 个客户"
    assert total(client, "?ownership=competitor") == "0 个客户"
    assert total(login("marketing"), "?ownership=ours") == "3 个客户"


def test_a_seller_in_no_unit_sees_zero_customers_not_an_error(city, django_user_model, password):
    """A front-line login not yet placed in any unit: its scope is empty, so Django cannot
    even write the count's SQL; the home page and the list say 0."""
    from tests.conftest import log_in
    from wangge.org.models import Person
    from wangge.org.roles import grant_role

    user = django_user_model.objects.create_user("newseller", password=password)
    grant_role(user, "frontline")
    Person.objects.create(
        staff_no="S098", name="新销售", post="frontline", role="frontline", user=user
    )
    from django.test import Client

    client = Client()
    assert log_in(client, "newseller", password)
    assert client.get("/").status_code == 200
    assert total(client) == "0 个客户"
