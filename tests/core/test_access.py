import pytest

from wangge.core import access
from wangge.core.access import MaskingPolicy, mask, sees_city


def test_a_mobile_number_keeps_its_first_three_and_last_four_digits():
    assert mask("13812341234") == "138****1234"


def test_an_id_number_is_masked_in_the_middle():
    assert mask("370102199001011234") == "370***********1234"


def test_front_line_roles_see_phones_but_nobody_sees_id_numbers_by_default():
    policy = MaskingPolicy()
    assert policy.apply("phone", "13812341234", "grid_manager") == "13812341234"
    assert policy.apply("phone", "13812341234", "marketing") == "138****1234"
    assert policy.apply("id_number", "370102199001011234", "grid_manager").count("*") == 11
    assert policy.apply("phone", "13812341234", None) == "138****1234"


def test_a_company_can_widen_the_policy_in_settings_but_not_name_a_made_up_role():
    policy = MaskingPolicy.from_settings({"id_number": ["auditor"]})
    assert policy.shows("id_number", "auditor")
    with pytest.raises(ValueError, match="unknown roles"):
        MaskingPolicy.from_settings({"phone": ["janitor"]})


def test_the_marketing_department_and_auditors_see_the_whole_city():
    assert sees_city("marketing") and sees_city("auditor")
    assert not sees_city("grid_manager")
    assert sees_city(None, is_superuser=True)


def test_every_grant_names_a_known_role_and_action():
    assert set(access.GRANTS) == set(access.ROLES)
    for actions in access.GRANTS.values():
        assert actions <= set(access.ACTIONS)


def test_only_the_marketing_department_edits_people_and_approves_pay():
    for action in ("org.edit_people", "pay.approve", "appraisal.manage"):
        assert [r for r in access.ROLES if access.may(r, action)] == ["marketing"]


def test_a_superuser_may_do_anything_and_nobody_may_do_an_unknown_action():
    assert access.may(None, "audit.read", is_superuser=True)
    assert not access.may(None, "audit.read")
    with pytest.raises(KeyError, match="unknown action"):
        access.may("marketing", "pay.steal")


def _who(action):
    return {r for r in access.ROLES if access.may(r, action)}


def test_the_table_keeps_who_did_what_before_it_existed():
    """Each row is a check that used to be written by hand in a view or service."""
    assert _who("appraisal.adjust") == {"marketing", "center_director"}
    assert _who("appraisal.see_drafts") == {"marketing", "center_director", "auditor"}
    assert _who("pay.read_unit") == {"marketing", "center_director", "auditor"}
    assert _who("pay.draft") == {"marketing", "center_director"}
    assert _who("pay.import") == {"marketing"}
    assert _who("pay.import_people") == {"marketing", "center_director"}
    assert _who("audit.read") == {"marketing", "auditor"}


def test_back_office_reads_nobodys_pay_nor_the_customers():
    # the accounting support center sends gifts and materials; it reads nothing else
    assert access.GRANTS["back_office"] == frozenset({"resources.deliver"})
    assert _who("customers.view") == set(access.ROLES) - {"back_office"}


def test_a_customer_name_keeps_its_first_character_for_the_roles_that_do_not_serve_customers():
    policy = MaskingPolicy()
    assert policy.apply("name", "张三丰", "grid_manager") == "张三丰"
    assert policy.apply("name", "张三丰", "auditor") == "张**"
    assert policy.apply("name", "李四", "back_office") == "李*"
    assert policy.apply("name", "王", None) == "王*"


def test_settings_that_name_some_fields_keep_the_defaults_of_the_others():
    policy = MaskingPolicy.from_settings({"phone": ["grid_manager"], "id_number": []})
    assert policy.shows("name", "center_director") and not policy.shows("name", "auditor")
    assert not policy.shows("phone", "frontline")
