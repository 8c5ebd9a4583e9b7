"""Registry keys across extracts, reviewers' words, and the grid a registry entry lies in."""

from __future__ import annotations

import pytest

from wangge.core.matching.review import (
    GridArea,
    Locator,
    decisions_for_rows,
    prospect_code,
    registry_key,
    verdict,
)


def test_the_key_is_the_credit_code_when_it_is_one_else_name_and_road():
    assert registry_key("济南恒宇科技有限公司", "91370102ma3c4x5y7m") == "91370102MA3C4X5Y7M"
    by_name = registry_key(
        "济南市恒宇科技有限责任公司", "370102198001011237", "济南市历下区山大路9号"
    )
    assert by_name == registry_key("恒宇科技有限公司", None, "历下区山大路9号3楼")
    assert by_name.startswith("名:恒宇科技")
    assert prospect_code("91370102MA3C4X5Y7M") == "GS91370102MA3C4X5Y7M"
    assert prospect_code(by_name) == prospect_code(by_name) and len(prospect_code(by_name)) <= 32


@pytest.mark.parametrize(
    ("word", "expected"),
    [("是", True), (" 同意 ", True), ("Accept", True), ("否", False), ("拒绝", False), ("", None)],
)
def test_reviewers_words(word, expected):
    assert verdict(word) is expected


def test_a_word_that_is_neither_is_no_decision_but_an_error():
    with pytest.raises(ValueError):
        verdict("也许")


def test_stored_verdicts_follow_the_key_to_this_extracts_rows():
    rows = {"2": "K1", "3": "K2", "9": "K1"}
    assert decisions_for_rows(rows, {("K1", "C1"): True, ("K3", "C2"): False}) == {
        ("2", "C1"): True,
        ("9", "C1"): True,
    }


def test_the_grid_of_an_entry_by_place_then_boundary_then_a_place_named_in_its_address():
    square = {
        "type": "Polygon",
        "coordinates": [
            [[117.0, 36.6], [117.1, 36.6], [117.1, 36.7], [117.0, 36.7], [117.0, 36.6]]
        ],
    }
    where = Locator(
        {"P01": "G02"},
        {"华润中心": "G03", "华润中心二期": "G04", "楼": "G09"},
        [GridArea("G01", square), GridArea("G05", None)],
    )
    assert where.grid("P01", 117.05, 36.65) == ("G02", "place")
    assert where.grid("P99", 117.05, 36.65) == ("G01", "boundary")
    assert where.grid(None, 118.0, 36.65, "历下区经十路华润中心二期5楼") == ("G04", "address")
    assert where.grid(None, None, None, "历下区经十路华润中心A座") == ("G03", "address")
    assert where.grid(None, None, None, "天桥区无影山路3号楼") == (None, "")
