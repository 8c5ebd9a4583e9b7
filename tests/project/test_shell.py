"""The web shell: log-in, home per role, language switch, the API schema."""

from tests.conftest import log_in


def test_the_login_page_is_in_chinese_by_default(db, client):
    page = client.get("/login/").content.decode()
    assert "登录" in page


def test_a_grid_manager_home_shows_their_grid_and_its_figures(city, login):
    page = login("gm_x").get("/").content.decode()
    assert "网格X" in page
    assert "网格" in page


def test_english_is_one_switch_away(city, login):
    client = login("gm_x")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert "Grid marketing management" in page


def test_the_openapi_schema_is_served_and_describes_the_customer_api(city, login):
    response = login("gm_x").get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert "/api/customers/" in schema["paths"] and "/api/map/grids/" in schema["paths"]


def test_me_tells_the_caller_their_role_and_units(city, login):
    me = login("gm_x").get("/api/me/").json()
    assert me["role"] == "grid_manager" and [u["name"] for u in me["units"]] == ["网格X"]
    assert me["sees_city"] is False


def test_the_openapi_schema_is_valid_and_generates_without_warnings(db, tmp_path):
    from django.core.management import call_command
    from drf_spectacular.drainage import GENERATOR_STATS

    GENERATOR_STATS.reset()  # forget what earlier requests in this process reported
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert "/api/appraisal/cards/" in out.read_text() and "/api/pay/payslip/" in out.read_text()


def test_home_shows_the_latest_published_scores_of_the_viewer_and_the_grids(
    city, login, publish_run
):
    from datetime import date

    u, p = city["units"], city["people"]
    publish_run(date(2026, 10, 1), {u["x"]: 91, u["y"]: 77, u["z"]: 60}, {p["gm_x"]: 88})
    mine = login("gm_x").get("/").content.decode()
    assert "91" in mine and "88" in mine and "网格Y" not in mine
    director = login("director").get("/").content.decode()
    assert director.index("网格X") < director.index("网格Y")  # best first
    assert "网格Z" not in director  # another center's grid


def test_the_navigation_shows_an_entry_when_the_role_may_do_its_action(city, login):
    from wangge.base.context import NAV

    trail = {e.name: e for e in NAV}["audit:home"]
    people = city["people"]
    assert trail.may_open(people["auditor"].user) and not trail.may_open(people["gm_x"].user)
    assert 'href="/audit/"' in login("auditor").get("/").content.decode()
    html = login("gm_x").get("/").content.decode()
    assert 'href="/audit/"' not in html and 'href="/customers/"' in html


def test_back_office_gets_no_customers_entry(city, client, django_user_model, password):
    from wangge.org.models import Person
    from wangge.org.roles import grant_role

    user = django_user_model.objects.create_user("clerk", password=password)
    grant_role(user, "back_office")
    Person.objects.create(
        staff_no="S007", name="孙支撑", post="back_office", role="back_office", user=user
    )
    assert log_in(client, "clerk", password)
    html = client.get("/").content.decode()
    assert 'href="/customers/"' not in html and 'href="/pay/"' in html
