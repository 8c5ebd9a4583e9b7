"""The work endpoints are in the OpenAPI schema with the filters they read."""

from __future__ import annotations


def test_the_work_endpoints_and_their_filters_are_documented(city, login):
    schema = login("marketing").get("/api/schema/", HTTP_ACCEPT="application/json").json()

    def params(path):
        return {p["name"] for p in schema["paths"][path]["get"].get("parameters", [])}

    assert {"status", "kind", "unit", "assignee", "overdue"} <= params("/api/work/orders/")
    assert {"stage", "kind", "outcome", "unit", "owner"} <= params("/api/work/opportunities/")
    assert {"stage", "unit", "owner"} <= params("/api/work/opportunities/pipeline/")
    assert {"unit", "person", "outside"} <= params("/api/work/visits/")
    for path in (
        "/api/work/orders/{id}/move/",
        "/api/work/opportunities/{id}/stage/",
        "/api/work/opportunities/{id}/close/",
        "/api/work/visits/{id}/check-out/",
    ):
        assert {"400", "403", "404"} <= set(schema["paths"][path]["post"]["responses"])
