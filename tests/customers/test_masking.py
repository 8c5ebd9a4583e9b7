"""Phone and ID numbers are masked unless the viewer's role allows them."""

from django.test import override_settings

from wangge.base import masking


def test_the_marketing_department_sees_masked_phones_and_ids_in_the_api(city, login):
    data = login("marketing").get(f"/api/customers/{city['customers']['zhang'].pk}/").json()
    assert data["phone"] == "138****1234"
    assert data["id_number"] == "370***********1234"


def test_a_grid_manager_sees_the_phone_in_full_but_not_the_id_number(city, login):
    data = login("gm_x").get(f"/api/customers/{city['customers']['zhang'].pk}/").json()
    assert data["phone"] == "13812341234"
    assert "*" in data["id_number"]


def test_subscription_numbers_are_masked_like_phones(city, login):
    rows = login("director").get("/api/subscriptions/").json()["results"]
    assert {r["number"] for r in rows} == {"138****1234", "138****5678"}


def test_pages_and_admin_mask_the_same_way(city, login):
    client = login("director")
    pk = city["customers"]["zhang"].pk
    page = client.get(f"/customers/{pk}/").content.decode()
    assert "138****1234" in page and "13812341234" not in page
    admin_page = client.get(f"/admin/customers/customer/{pk}/change/").content.decode()
    assert "138****1234" in admin_page and "13812341234" not in admin_page


def test_a_company_can_let_auditors_see_id_numbers_in_settings(city, login):
    masking.policy.cache_clear()
    try:
        with override_settings(WANGGE_MASKING={"phone": [], "id_number": ["auditor"]}):
            masking.policy.cache_clear()
            data = login("auditor").get(f"/api/customers/{city['customers']['zhang'].pk}/").json()
            assert data["id_number"] == "370102199001011234"
            assert data["phone"] == "138****1234"
    finally:
        masking.policy.cache_clear()


def test_a_customer_name_is_masked_for_an_auditor_on_every_surface(city, login):
    """Auditors check figures, not people: 张三 reads 张* on the list, the record, the
    API and the audit trail; the director who serves him reads his name."""
    zhang = city["customers"]["zhang"]
    auditor = login("auditor")
    listing = auditor.get("/customers/?q=K1").content.decode()
    assert "张*" in listing and "张三" not in listing
    record = auditor.get(f"/customers/{zhang.pk}/").content.decode()
    assert "张*" in record and "张三" not in record
    api = auditor.get(f"/api/customers/{zhang.pk}/").json()
    assert api["name"] == "张*"
    zhang.address = "历下区文化东路2号"
    zhang.save()
    trail = auditor.get("/audit/").content.decode()
    assert "张三" not in trail
    director = login("director")
    assert "张三" in director.get(f"/customers/{zhang.pk}/").content.decode()
    assert director.get(f"/api/customers/{zhang.pk}/").json()["name"] == "张三"
