"""Who sees which cards, derivations and rankings, through the API and the pages.

A grid manager sees their grid's card, the cards of the people of their grid and
the whole leaderboard of their scheme (names, totals, ranks), but opens no other
grid's card or derivation. Drafts are for those who close and audit.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import log_in

OCT = date(2026, 10, 1)
pytestmark = pytest.mark.django_db


@pytest.fixture
def published(month_inputs):
    from wangge.appraisal.close import close_month, publish_month

    close_month(OCT)
    return publish_month(OCT)


def _card(label):
    from wangge.appraisal.models import ScoreCard

    return ScoreCard.objects.get(label=label)


def test_grid_manager_api_cards_are_their_grid_and_its_people(published, login):
    client = login("gm_x")
    labels = {
        c["label"] for c in client.get("/api/appraisal/cards/?month=2026-10").json()["results"]
    }
    assert labels == {"网格X", "王网格", "李社区"}


def test_director_sees_the_center(published, login):
    client = login("director")
    labels = {
        c["label"] for c in client.get("/api/appraisal/cards/?month=2026-10").json()["results"]
    }
    assert labels == {"网格X", "网格Y", "王网格", "李社区", "赵网格"}


def test_other_grids_derivations_are_not_found(published, login):
    client = login("gm_x")
    y = _card("网格Y")
    item = y.items.get(key="churn")
    assert client.get(f"/api/appraisal/cards/{y.pk}/").status_code == 404
    assert client.get(f"/api/appraisal/items/{item.pk}/explanation/").status_code == 404
    assert client.get(f"/appraisal/card/{y.pk}/").status_code == 404
    assert client.get(f"/appraisal/item/{item.pk}/").status_code == 404


def test_ranking_lists_peers_without_opening_them(published, login):
    client = login("gm_y")
    rows = client.get(
        f"/api/appraisal/runs/{published.pk}/ranking/?scheme=grid-B-five-rates"
    ).json()
    assert [(r["label"], r["rank"], r["open"]) for r in rows] == [
        ("网格Z", "1.00", False),
        ("网格Y", "2.00", True),
    ]
    page = client.get("/appraisal/?month=2026-10").content.decode()
    assert "网格Z" in page  # on the leaderboard …
    assert f"/appraisal/card/{_card('网格Z').pk}/" not in page  # … but not a link


def test_explanation_lists_the_churned_subscription(published, login, store):
    client = login("gm_x")
    item = _card("网格X").items.get(key="churn")
    data = client.get(f"/api/appraisal/items/{item.pk}/explanation/").json()
    assert data["derivation"]["formula"] == "0.5 < floor 0.6 → 0"
    assert "1 / ((5 + 5) / 2) × 100 = 20 %" in data["text"]
    ev = data["evidence"]
    assert ev["kind"] == "churned" and ev["total"] == 1
    assert ev["rows"][0]["subscription_id"] == store["subs"]["s2"]
    assert ev["rows"][0]["reason"] == "disconnected"
    assert ev["rows"][0]["number"]  # the grid manager's role sees numbers


def test_valid_adds_evidence_marks_each_add(published, login, store):
    client = login("director")
    item = _card("网格X").items.get(key="development")
    ev = client.get(f"/api/appraisal/items/{item.pk}/explanation/").json()["evidence"]
    rows = {r["subscription_id"]: (r["valid"], r["reason"]) for r in ev["rows"]}
    assert rows == {
        store["subs"]["s4"]: (True, "active and billed"),
        store["subs"]["s5"]: (False, "not active in its judging month"),
    }
    # the director may not see full numbers: masked
    assert all("*" in r["number"] for r in ev["rows"])


def test_drafts_are_hidden_from_grid_managers(month_inputs, login):
    from wangge.appraisal.close import close_month

    close_month(OCT)
    assert login("gm_x").get("/api/appraisal/cards/?month=2026-10").json()["results"] == []


def test_draft_visible_to_director(month_inputs, client, django_user_model, password):
    from wangge.appraisal.close import close_month

    close_month(OCT)
    assert log_in(client, "director", password)
    assert client.get("/api/appraisal/runs/").json()["results"][0]["status"] == "draft"


def test_pages_render_for_each_role(published, login):
    from wangge.appraisal.models import ItemScore

    item = ItemScore.objects.get(card__label="网格X", key="churn")
    for who in ("gm_x", "director", "marketing", "auditor"):
        client = login(who)
        for url in (
            "/appraisal/",
            f"/appraisal/card/{item.card_id}/",
            f"/appraisal/item/{item.pk}/",
            "/appraisal/targets/?month=2026-10",
            "/appraisal/qualitative/",
            f"/appraisal/run/{published.pk}/",
        ):
            assert client.get(url).status_code == 200, (who, url)
        client.logout()


def test_openapi_schema_lists_the_appraisal(published, login):
    text = login("marketing").get("/api/schema/").content.decode()
    for path in (
        "/api/appraisal/runs/",
        "/api/appraisal/cards/",
        "/api/appraisal/items/{id}/explanation/",
        "/api/appraisal/targets/",
    ):
        assert path in text


def test_revenue_growth_drills_down_to_each_subscriptions_billing_against_last_year(
    published, login, store
):
    client = login("director")
    item = _card("网格X").items.get(key="revenue_growth")
    ev = client.get(f"/api/appraisal/items/{item.pk}/explanation/").json()["evidence"]
    assert ev["kind"] == "revenue" and ev["total"] == 5  # s5 billed nothing in either
    rows = [(r["subscription_id"], r["billed_cents"], r["billed_base_cents"], r["change_cents"])
            for r in ev["rows"]]  # fmt: skip
    subs = store["subs"]
    assert rows[:2] == [(subs["s4"], 3000, 0, 3000), (subs["s6"], 1000, 0, 1000)]
    # the rows add up to the derivation's 27,000 against 23,000
    assert sum(r[1] for r in rows) == 27000 and sum(r[2] for r in rows) == 23000
    page = client.get(f"/appraisal/item/{item.pk}/").content.decode()
    assert "各用户出账收入与基期对比" in page and "基期出账" in page and "¥30.00" in page


def test_input_output_drills_down_to_each_grids_inputs_by_kind(published, login, store):
    client = login("director")
    item = _card("网格X").items.get(key="input_output")
    ev = client.get(f"/api/appraisal/items/{item.pk}/explanation/").json()["evidence"]
    assert ev["kind"] == "inputs" and ev["total"] == 1
    assert ev["rows"][0]["input_cents"] == 5000
    page = client.get(f"/appraisal/item/{item.pk}/").content.decode()
    assert "各网格营销投入" in page and "¥50.00" in page and "网格X" in page


def test_the_maps_grid_scores_are_the_cards_four_numbers_in_the_callers_scope(published, login):
    from wangge.appraisal.models import ScoreCard

    x = ScoreCard.objects.get(label="网格X")
    mine = login("gm_x").get("/api/appraisal/grid-scores/").json()
    assert mine["month"] == "2026-10-01"
    # a grid manager sees their grid only: the other grids' scores never reach them
    assert mine["grids"] == [
        {"unit": x.unit_id, "total": str(x.total), "rank": str(x.rank), "peers": x.peers,
         "card": x.pk}
    ]  # fmt: skip
    city = login("marketing").get("/api/appraisal/grid-scores/?month=2026-10").json()
    assert {g["unit"] for g in city["grids"]} == set(
        ScoreCard.objects.filter(subject_kind="unit", unit__kind="grid").values_list(
            "unit_id", flat=True
        )
    )
    assert login("gm_x").get("/api/appraisal/grid-scores/?month=2026-13").status_code == 400


def test_grid_scores_of_a_draft_month_are_not_shown_to_a_grid_manager(month_inputs, login):
    from wangge.appraisal.close import close_month

    close_month(OCT)
    assert login("gm_x").get("/api/appraisal/grid-scores/").json()["grids"] == []
