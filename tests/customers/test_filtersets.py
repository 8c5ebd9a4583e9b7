"""The customer list has one filter: the page, its Excel file and the API narrow the
list the same way, and a malformed filter is a 400 that names the parameter."""

from wangge.customers.models import Customer


def test_the_api_filters_customers_as_the_page_does(city, login):
    Customer.objects.filter(code="K2").update(ownership="competitor")
    client = login("marketing")

    def api(query):
        return sorted(r["code"] for r in client.get(f"/api/customers/?{query}").json()["results"])

    def page(query):
        html = client.get(f"/customers/?{query}").content.decode()
        return sorted(code for code in ("K1", "K2", "K3") if f">{code}</a>" in html)

    for query, expected in [
        ("ownership=competitor", ["K2"]),
        ("ownership=ours", ["K1", "K3"]),
        ("q=张", ["K1"]),
        ("q=k3", ["K3"]),  # an exact code, whatever its case
        ("q=%20李四%20", ["K2"]),  # surrounding spaces are not part of the search
        ("q=李&ownership=ours", []),
    ]:
        assert api(query) == expected, query
        assert page(query) == expected, query


def test_the_filter_narrows_only_within_scope(city, login):
    client = login("gm_x")
    codes = [r["code"] for r in client.get("/api/customers/?q=王五").json()["results"]]
    assert codes == []  # 王五 is another center's customer: searching for him finds nobody


def test_an_unknown_ownership_is_a_400_naming_the_parameter(city, login):
    client = login("marketing")
    api = client.get("/api/customers/?ownership=everyone")
    assert api.status_code == 400 and list(api.json()) == ["ownership"]
    assert client.get("/customers/?ownership=everyone").status_code == 400
    export = client.post("/customers/export/?ownership=everyone")
    assert export.status_code == 400
