"""Door-to-door surveys: 李社区 (网格X) surveys the shops of 阳光小区 with the phone's
GPS, creating or updating the customer met and raising an opportunity in one step; all
or nothing, and a customer that may already be on file is shown before it is created."""

from __future__ import annotations

from datetime import date

import pytest

from wangge.customers.models import Customer
from wangge.work.models import Opportunity, Survey
from wangge.work.refusals import WorkRefused
from wangge.work.surveys import DuplicatesFound, record

HERE = {"lat": 36.6501, "lon": 117.0502}
SHOP = {
    "name": "济南阳光便利店有限公司",
    "kind": "business",
    "phone": "0531-86660001",
    "id_number": "91370102MA3C4XYZ1K",
    "address": "历下区阳光小区南门3号",
}


@pytest.fixture
def place(city):
    from wangge.territory.models import Place

    return Place.objects.get(code="P1")


def me(city):
    return city["people"]["cm_x"].user


def test_a_survey_creates_the_business_met_in_the_grid(city, place):
    survey = record(
        me(city),
        **HERE,
        place=place,
        met_name="刘店长",
        met_role="decision_maker",
        services={"mobile": "china_mobile", "broadband": "china_unicom"},
        contract_end=date(2027, 3, 31),
        needs="门店需要300M宽带和收银专线",
        customer_data=SHOP,
    )
    shop = survey.customer
    assert survey.unit == city["units"]["x"] and survey.customer_action == "created"
    assert (shop.name, shop.kind, shop.ownership) == (
        "济南阳光便利店有限公司",
        "business",
        "competitor",
    )
    assert shop.phone == "053186660001" and shop.id_number == "91370102MA3C4XYZ1K"
    assert shop.place == place and shop.grid_on() == city["units"]["x"]
    assert Customer.objects.visible_to(me(city)).filter(pk=shop.pk).exists()


def test_a_survey_can_raise_an_opportunity_for_the_customer(city, place):
    survey = record(
        me(city),
        **HERE,
        place=place,
        customer_data=SHOP,
        opportunity={"name": "便利店宽带专线", "kind": "data_line", "value_cents": 360_000},
    )
    opp = survey.opportunity
    assert (opp.customer, opp.place, opp.owner) == (survey.customer, place, city["people"]["cm_x"])
    assert opp.moves.count() == 1


def test_a_failing_opportunity_leaves_no_survey_and_no_customer(city, place):
    with pytest.raises(WorkRefused) as exc:
        record(
            me(city),
            **HERE,
            place=place,
            customer_data=SHOP,
            opportunity={"name": "便利店宽带", "kind": "broadband", "stage": "recultivate"},
        )
    assert exc.value.field == "stage"
    assert not Survey.objects.exists() and not Opportunity.objects.filter(name="便利店宽带")
    assert not Customer.objects.filter(name=SHOP["name"]).exists()


def test_an_existing_customer_is_updated_and_keeps_what_the_survey_left_blank(city):
    zhang = city["customers"]["zhang"]
    survey = record(
        me(city),
        **HERE,
        customer=zhang,
        services={"broadband": "ours"},
        customer_data={"name": "张三", "kind": "individual", "address": "阳光小区5号楼"},
    )
    zhang.refresh_from_db()
    assert survey.customer_action == "updated" and survey.unit == city["units"]["x"]
    assert zhang.address == "阳光小区5号楼" and zhang.phone == "13812341234"
    assert zhang.history.count() == 2


def test_the_same_phone_shows_the_candidate_before_creating(city):
    new = {"name": "张三丰", "kind": "individual", "phone": "+86 138 1234 1234"}
    with pytest.raises(DuplicatesFound) as exc:
        record(me(city), **HERE, unit=city["units"]["x"], customer_data=new)
    assert [(c.name, reasons) for c, reasons in exc.value.candidates] == [("张三", ("phone",))]
    assert not Survey.objects.exists()
    survey = record(
        me(city), **HERE, unit=city["units"]["x"], customer_data=new, duplicate="create"
    )
    assert survey.customer.name == "张三丰" and survey.customer_action == "created"
    zhang = city["customers"]["zhang"]
    survey = record(me(city), **HERE, customer=zhang, customer_data=new, duplicate="update")
    assert survey.customer == zhang and survey.customer_action == "updated"


def test_a_close_name_at_the_same_address_is_a_candidate(city, place):
    record(me(city), **HERE, place=place, customer_data=SHOP)
    again = {
        "name": "济南阳光便利店（阳光分公司）",
        "kind": "business",
        "address": "历下区阳光小区南门３号",
    }
    with pytest.raises(DuplicatesFound) as exc:
        record(me(city), **HERE, place=place, customer_data=again)
    assert [r for _, r in exc.value.candidates] == [("name_address",)]


def test_a_duplicate_the_surveyor_cannot_see_is_not_shown(city):
    li = city["customers"]["li"]  # 网格Y
    new = {"name": "李四", "kind": "individual", "phone": li.phone}
    survey = record(me(city), **HERE, unit=city["units"]["x"], customer_data=new)
    assert survey.customer != li


@pytest.mark.parametrize(("lat", "lon"), [(None, None), ("", ""), ("north", "117"), ("95", "117")])
def test_a_survey_without_a_gps_fix_is_refused(city, place, lat, lon):
    with pytest.raises(WorkRefused) as exc:
        record(me(city), lat=lat, lon=lon, place=place, customer_data=SHOP)
    assert exc.value.field == "lat"
    assert not Survey.objects.exists() and not Customer.objects.filter(name=SHOP["name"])


def test_a_survey_for_another_grids_customer_or_grid_is_refused(city, place):
    with pytest.raises(WorkRefused) as exc:
        record(me(city), **HERE, customer=city["customers"]["wang"])
    assert exc.value.field == "unit"  # 王五 is in 网格Z, outside 李社区's scope
    with pytest.raises(WorkRefused) as exc:
        record(me(city), **HERE, unit=city["units"]["x"], customer=city["customers"]["li"])
    assert exc.value.field == "customer"
    with pytest.raises(WorkRefused) as exc:
        record(me(city), **HERE, unit=city["units"]["y"], place=place)
    assert exc.value.field == "unit"
    assert not Survey.objects.exists()


def test_a_director_who_sees_the_grid_but_does_not_work_in_it_is_refused_by_name(city, place):
    # 陈主任 is assigned to 历下中心, above 网格X: he works in it; 赵网格 of 网格Y does not
    gm_y = city["people"]["gm_y"].user
    with pytest.raises(WorkRefused) as exc:
        record(gm_y, **HERE, unit=city["units"]["x"], place=place)
    assert exc.value.field == "unit"
    assert record(city["people"]["director"].user, **HERE, place=place).unit == city["units"]["x"]


def test_a_customer_without_a_name_or_with_a_bad_kind_is_refused_naming_the_field(city, place):
    with pytest.raises(WorkRefused) as exc:
        record(me(city), **HERE, place=place, customer_data={"name": " ", "kind": "business"})
    assert exc.value.field == "customer_name"
    with pytest.raises(WorkRefused) as exc:
        record(me(city), **HERE, place=place, customer_data={"name": "某店", "kind": "alien"})
    assert exc.value.field == "customer_kind"


# --- the page ---------------------------------------------------------------------------


def test_the_survey_page_records_with_a_position_and_says_so(city, login, place):
    client = login("cm_x")
    page = client.get("/work/survey/")
    html = page.content.decode()
    assert page.status_code == 200 and "work/survey.js" in html and "<script>" not in html
    post = {
        "place": place.pk,
        "met_name": "刘店长",
        "met_role": "decision_maker",
        "broadband": "china_unicom",
        "contract_end": "2027-03-31",
        "customer_name": SHOP["name"],
        "customer_kind": "business",
        "customer_phone": SHOP["phone"],
        "opp_name": "便利店宽带",
        "opp_kind": "broadband",
        "opp_value": "1,200.00",
        **HERE,
    }
    response = client.post("/work/survey/", post)
    assert response.status_code == 302 and "saved=" in response["Location"]
    survey = Survey.objects.get()
    assert survey.opportunity.value_cents == 120_000 and survey.customer.name == SHOP["name"]
    page = client.get(response["Location"])
    assert 'data-clear="1"' in page.content.decode()
    assert "刘店长" in page.content.decode()


def test_a_duplicate_on_the_page_shows_the_candidate_masked_then_updates_it(city, login):
    client = login("cm_x")
    zhang = city["customers"]["zhang"]
    post = {
        "unit": city["units"]["x"].pk,
        "customer_name": "张三",
        "customer_kind": "individual",
        "customer_phone": "13812341234",
        "customer_address": "阳光小区5号楼",
        **HERE,
    }
    page = client.post("/work/survey/", post)
    html = page.content.decode()
    assert page.status_code == 200 and not Survey.objects.exists()
    assert [c["id"] for c in page.context["candidates"]] == [zhang.pk]
    assert "370102199001011234" not in html  # the ID number is masked for a front-line role
    response = client.post("/work/survey/", {**post, "duplicate_of": zhang.pk})
    assert response.status_code == 302
    zhang.refresh_from_db()
    assert zhang.address == "阳光小区5号楼" and Customer.objects.filter(name="张三").count() == 1
    response = client.post("/work/survey/", {**post, "duplicate": "create"})
    assert response.status_code == 302 and Customer.objects.filter(name="张三").count() == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"lat": "", "lon": ""}, "lat"),
        ({"contract_end": "2027-02-30"}, "contract_end"),
        ({"opp_name": "宽带", "opp_value": "十万"}, "opp_value"),
        ({"met_role": "boss"}, "met_role"),
        ({"customer_name": "某店", "customer_kind": "alien"}, "customer_kind"),
    ],
)
def test_bad_input_on_the_page_is_a_message_by_its_field(city, login, place, change, field):
    client = login("cm_x")
    page = client.post("/work/survey/", {"place": place.pk, **HERE, **change})
    assert page.status_code == 200 and field in page.context["form"].errors
    assert not Survey.objects.exists()


# --- the API ----------------------------------------------------------------------------


def test_the_api_records_a_survey_and_answers_a_duplicate_with_409(city, login, place):
    client = login("cm_x")
    body = {"place": place.pk, **HERE, "broadband": "ours", "customer_data": SHOP}
    response = client.post("/api/work/surveys/", body, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["customer_action"] == "created"
    response = client.post("/api/work/surveys/", body, content_type="application/json")
    assert response.status_code == 409
    assert {r for c in response.json()["candidates"] for r in c["reasons"]}
    again = {**body, "duplicate": "create"}
    assert (
        client.post("/api/work/surveys/", again, content_type="application/json").status_code == 201
    )
    listed = client.get("/api/work/surveys/").json()["results"]
    assert len(listed) == 2


@pytest.mark.parametrize(
    "change",
    [{"lat": None, "lon": None}, {"contract_end": "2027-13-01"}, {"lat": "north"}, {"mobile": "x"}],
)
def test_bad_input_on_the_api_is_a_400(city, login, place, change):
    client = login("cm_x")
    body = {"place": place.pk, **HERE, **change}
    response = client.post("/api/work/surveys/", body, content_type="application/json")
    assert response.status_code == 400 and not Survey.objects.exists()
