"""The published OpenAPI schema says what the API really takes and answers."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.conftest import OCT


@pytest.fixture
def schema(city, login):
    response = login("marketing").get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    return response.json()


def params(schema, path, method="get") -> set[str]:
    return {p["name"] for p in schema["paths"][path][method].get("parameters", [])}


def test_every_query_parameter_the_views_read_is_documented(schema):
    assert {"as_of", "kind", "limit", "offset"} <= params(schema, "/api/units/")
    assert {"as_of", "q"} <= params(schema, "/api/customers/")
    assert {"as_of", "customer"} <= params(schema, "/api/subscriptions/")
    assert "as_of" in params(schema, "/api/assignments/{id}/")
    assert {"month", "run"} <= params(schema, "/api/appraisal/cards/")
    assert {"month", "indicator"} <= params(schema, "/api/appraisal/targets/")
    assert {"month", "status"} <= params(schema, "/api/pay/distributions/")
    assert "as_of" in params(schema, "/api/places/{id}/")


def test_every_operation_documents_its_refusals(schema):
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            codes = set(op["responses"])
            assert "403" in codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
            if any(p["in"] == "query" for p in op.get("parameters", [])) or method == "post":
                assert "400" in codes, (method, path)
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["detail"]


def test_a_run_made_by_the_system_has_no_author_and_says_so(schema):
    run = schema["components"]["schemas"]["Run"]["properties"]
    assert run["created_by"]["nullable"] and run["published_by"]["nullable"]


def test_the_ranking_is_documented_as_the_plain_list_it_returns(
    pay_city, login, schema, publish_run
):
    from wangge.appraisal.models import AppraisalRun

    op = schema["paths"]["/api/appraisal/runs/{id}/ranking/"]["get"]
    body = op["responses"]["200"]["content"]["application/json"]["schema"]
    assert body["type"] == "array"
    assert "limit" not in params(schema, "/api/appraisal/runs/{id}/ranking/")
    run = AppraisalRun.objects.get(month=OCT)
    rows = login("marketing").get(f"/api/appraisal/runs/{run.pk}/ranking/?scheme=unit-default")
    assert isinstance(rows.json(), list) and len(rows.json()) == 2


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/subscriptions/?customer=abc", "customer"),
        ("/api/units/?kind=planet", "kind"),
        ("/api/pay/distributions/?status=lost", "status"),
        ("/api/pay/payslip/", "month"),
    ],
)
def test_a_value_the_schema_forbids_is_a_400_naming_it_not_silently_ignored(city, login, url, name):
    response = login("gm_x").get(url)
    assert response.status_code == 400 and name in response.json()


def test_a_ranking_without_a_scheme_is_a_400(pay_city, login):
    from wangge.appraisal.models import AppraisalRun

    run = AppraisalRun.objects.get(month=OCT)
    response = login("marketing").get(f"/api/appraisal/runs/{run.pk}/ranking/")
    assert response.status_code == 400 and "scheme" in response.json()


def test_an_api_path_that_matches_no_route_answers_json_like_the_schema(city, login):
    response = login("marketing").get("/api/appraisal/cards/abc/")
    assert response.status_code == 404 and "detail" in response.json()
    page = login("marketing").get("/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_a_forged_host_on_the_api_is_a_json_400(city, login):
    response = login("marketing").get("/api/units/", HTTP_HOST="y8{")
    assert response.status_code == 400 and "detail" in response.json()


@pytest.mark.parametrize("url", ["/api/schema/", "/api/docs/", "/api/redoc/"])
def test_the_schema_and_docs_still_need_the_api_docs_action(city, login, client, url):
    from wangge.org.scope import may

    assert client.get(url).status_code in {401, 403}
    assert not may(city["people"]["cm_x"].user, "api.docs")
    assert login("cm_x").get(url).status_code == 403
    client.logout()
    with translation.override("en"):
        assert login("gm_x").get(url).status_code == 200
