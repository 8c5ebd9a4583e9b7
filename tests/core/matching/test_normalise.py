"""Names and addresses written differently by different systems normalise to the same parts."""

from __future__ import annotations

import pytest

from wangge.core.matching.normalise import (
    clean,
    credit_code,
    normalise_name,
    to_half_width,
    tokenise_address,
)


@pytest.mark.parametrize(
    "written",
    [
        "深圳市华为技术有限公司",
        "华为技术（深圳）有限公司",
        "华为技术(深圳)有限公司",
        "广东省深圳市华为技术有限公司",
        "华为技术有限责任公司",
        "華為技術有限公司",
        "廣東省深圳市華為技術有限責任公司",
        " 华为 技术有限公司 ",
    ],
)
def test_one_company_many_spellings_share_the_core(written):
    assert normalise_name(written).core == "华为技术"
    assert normalise_name(written).form == "有限公司"
    assert not normalise_name(written).branch


@pytest.mark.parametrize(
    "written",
    ["华为技术有限公司济南分公司", "华为技术有限公司（分公司）", "华为技术有限公司(济南分公司)"],
)
def test_a_branch_keeps_the_head_office_core_and_says_it_is_a_branch(written):
    name = normalise_name(written)
    assert (name.core, name.branch) == ("华为技术", True)


def test_a_joint_stock_company_is_another_form_with_the_same_core():
    name = normalise_name("中兴通讯股份有限公司")
    assert (name.core, name.form) == ("中兴通讯", "股份有限公司")


def test_a_bracket_that_is_not_a_place_stays_in_the_core():
    assert normalise_name("济南金桥（集团控股）有限公司").core == "金桥集团控股"


def test_full_width_digits_letters_and_brackets_become_half_width():
    assert to_half_width("经四路２９０号Ａ座（东）　") == "经四路290号A座(东) "
    assert clean("ｍｉｎｇ湖 科技") == "MING湖科技"


def test_traditional_characters_become_simplified():
    assert clean("濟南市歷下區經四路") == "济南市历下区经四路"
    assert clean("济南") == "济南"


def test_address_tokens_drop_province_city_floor_and_room():
    a = tokenise_address("山东省济南市历下区经四路290号玉兰中心16层37室")
    assert (a.district, a.road, a.number, a.building) == ("历下区", "经四路", 290, "玉兰中心")


def test_an_abbreviated_address_still_has_road_and_number():
    a = tokenise_address("经四路２９０号院")
    assert (a.district, a.road, a.number) == ("", "经四路", 290)


def test_a_district_named_like_the_city_is_the_district():
    assert tokenise_address("济南市市中区花园路105号").district == "市中区"
    assert tokenise_address("濟南市章丘市明水路254號錦繡科技園").district == "章丘市"
    assert tokenise_address("濟南市章丘市明水路254號錦繡科技園").building == "锦绣科技园"


def test_credit_codes_are_canonical_or_empty():
    assert credit_code(" 91370102023819657a ") == "91370102023819657A"
    assert credit_code("９１３７０１０２０２３８１９６５７Ａ") == "91370102023819657A"
    assert credit_code("9137010202381965") == ""  # too short
    assert credit_code("91370102023819657I") == ""  # I is not a credit-code character
    assert credit_code(None) == ""


def test_an_id_card_number_in_the_code_field_is_no_credit_code():
    assert credit_code("11010519491231002X") == ""  # a valid ID number
    assert credit_code("110105194912310021") == "110105194912310021"  # check digit wrong: a code
