"""The organisation through the API, as of any day."""

from datetime import date

from wangge.org.reorganise import CodedMove, reorganise


def test_units_answer_with_the_parent_they_had_on_the_day_asked(city, login):
    reorganise([CodedMove("unit", "LX-G02", "SZ")], date(2026, 7, 1))
    client = login("marketing")

    def parent_of_y(day):
        rows = client.get(f"/api/units/?as_of={day}&kind=grid&limit=100").json()["results"]
        return next(u["parent"] for u in rows if u["code"] == "LX-G02")

    assert parent_of_y("2026-06-30") == city["units"]["lixia"].id
    assert parent_of_y("2026-07-01") == city["units"]["shizhong"].id


def test_a_director_lists_the_people_of_the_center_as_of_a_day(city, login):
    reorganise([CodedMove("person", "S003", "SZ-G01")], date(2026, 7, 1))
    client = login("director")
    before = {p["staff_no"] for p in client.get("/api/people/?as_of=2026-06-30").json()["results"]}
    after = {p["staff_no"] for p in client.get("/api/people/?as_of=2026-07-01").json()["results"]}
    assert "S003" in before and "S003" not in after


def test_a_malformed_day_is_refused_naming_the_parameter(city, login):
    response = login("marketing").get("/api/units/?as_of=2026-13-01")
    assert response.status_code == 400
    assert "as_of" in response.json()


def test_people_phones_are_masked_for_the_marketing_department(city, login):
    rows = login("marketing").get("/api/people/").json()["results"]
    assert rows and all("*" in p["phone"] for p in rows)
