"""The duplicate rule before a customer is created: same credit code, same phone, or a
close name at the same address, after normalising how people type them."""

from __future__ import annotations

import pytest

from wangge.core.work.duplicates import (
    CLOSE_NAME_SAME_ADDRESS,
    SAME_CREDIT_CODE,
    SAME_PHONE,
    Known,
    candidates,
    close_names,
    half_width,
    normalise_name,
    normalise_phone,
)

ON_FILE = [
    Known(1, "济南阳光科技有限公司", "0531-88886666", "91370102MA3C4XYZ1K", "历下区解放路12号"),
    Known(2, "泉城餐饮股份有限公司", "13912340001", "", "历下区文化东路8号"),
    Known(3, "张三", "13812341234", "", ""),
]


def test_full_width_letters_digits_and_brackets_become_half_width():
    assert half_width("ＡＢＣ１２３（分公司）\u3000") == "ABC123(分公司) "


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("济南阳光科技有限公司", "济南阳光科技"),
        ("济南阳光科技有限责任公司", "济南阳光科技"),
        ("泉城餐饮股份有限公司", "泉城餐饮"),
        ("济南阳光科技有限公司（历下分公司）", "济南阳光科技"),
        ("济南阳光科技有限公司(分公司)", "济南阳光科技"),
        ("济南阳光科技有限公司历下分公司", "济南阳光科技"),
        (" 济南 阳光科技 ", "济南阳光科技"),
        ("有限公司", "有限公司"),  # nothing left to call it: kept whole
    ],
)
def test_a_name_loses_its_legal_form_and_branch_mark(typed, name):
    assert normalise_name(typed) == name


def test_a_phone_is_its_digits_without_the_country_code():
    assert normalise_phone("+86 139-1234-0001") == "13912340001"
    assert normalise_phone("００８６１３９１２３４０００１") == "13912340001"
    assert normalise_phone("0531-88886666") == "053188886666"


def test_close_names_are_equal_or_one_contains_the_other():
    assert close_names("阳光科技", "济南阳光科技有限公司")
    assert not close_names("泉城餐饮", "济南阳光科技有限公司")
    assert not close_names("阳", "济南阳光科技有限公司")  # one character is no name
    assert not close_names("", "济南阳光科技")


def test_the_same_credit_code_is_found_whatever_the_case_and_width():
    found = candidates(ON_FILE, name="阳光", credit_code="９１３７０１０２ma3c4xyz1k")
    assert [(c.key, c.reasons) for c in found] == [(1, (SAME_CREDIT_CODE,))]


def test_the_same_phone_is_found():
    found = candidates(ON_FILE, name="王老板", phone="+86 13912340001")
    assert [(c.key, c.reasons) for c in found] == [(2, (SAME_PHONE,))]


def test_a_close_name_counts_only_at_the_same_address():
    here = candidates(ON_FILE, name="泉城餐饮有限公司（历下分公司）", address="历下区文化东路８号")
    assert [(c.key, c.reasons) for c in here] == [(2, (CLOSE_NAME_SAME_ADDRESS,))]
    elsewhere = candidates(ON_FILE, name="泉城餐饮有限公司", address="市中区经四路1号")
    assert elsewhere == []


def test_every_reason_of_one_customer_is_given():
    found = candidates(
        ON_FILE,
        name="济南阳光科技",
        phone="053188886666",
        credit_code="91370102MA3C4XYZ1K",
        address="历下区解放路12号",
    )
    assert found[0].reasons == (SAME_CREDIT_CODE, SAME_PHONE, CLOSE_NAME_SAME_ADDRESS)


def test_empty_fields_match_nothing():
    assert candidates(ON_FILE, name="新客户") == []
    assert candidates([Known(9, "无名", "", "", "")], name="无名", phone="", address="") == []


# --- what the services in use say about the customer ----------------------------------


def test_ownership_follows_the_services_in_use():
    from wangge.core.work.surveys import ownership

    assert ownership({"mobile": "ours", "broadband": "china_unicom"}) == "ours"
    assert ownership({"mobile": "china_mobile", "broadband": ""}) == "competitor"
    assert ownership({"mobile": "", "broadband": "", "fixed": "", "dataline": ""}) == "potential"
    assert ownership({}) == "potential"
