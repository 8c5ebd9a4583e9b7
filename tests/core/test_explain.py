"""Derivations: one tree, three renderings (text, JSON-able dict, spreadsheet rows)."""

import datetime as dt
import json
from decimal import Decimal
from fractions import Fraction

from wangge.core.explain import Derivation, Fact, format_number, jsonable


def churn_points() -> Derivation:
    completion = Derivation(
        "completion", Fraction(10, 9), "2.0 / 1.8 = 1.1111", notes=("lower is better",)
    )
    return Derivation(
        label="churn rate",
        value=22.22,
        formula="20 × 1.1111 = 22.22",
        inputs=(
            Fact("target", Decimal("2.0"), "target sheet 2026", "%"),
            Fact("actual", Decimal("1.8"), "billing 2026-10", "%"),
            completion,
        ),
        notes=("curve floor 0.6 cap 1.2",),
    )


def test_numbers_are_shown_half_up_without_trailing_zeros():
    assert format_number(Fraction(10, 9)) == "1.1111"
    assert format_number(Fraction(1, 8), 2) == "0.13"  # half-up, not half-even
    assert format_number(Decimal("2.50")) == "2.5"
    assert format_number(12) == "12"
    assert format_number(-0.00001) == "0"
    assert format_number(dt.date(2026, 10, 1)) == "2026-10-01"


def test_text_is_indented_and_labels_can_be_translated():
    text = churn_points().to_text({"churn rate": "用户流失率", "target": "目标", "actual": "实际"})
    assert text.splitlines() == [
        "用户流失率 = 22.22  [20 × 1.1111 = 22.22]",
        "  · curve floor 0.6 cap 1.2",
        "  目标 = 2 % (target sheet 2026)",
        "  实际 = 1.8 % (billing 2026-10)",
        "  completion = 1.1111  [2.0 / 1.8 = 1.1111]",
        "    · lower is better",
    ]


def test_the_dict_is_json_able_and_keeps_six_decimals_of_exact_values():
    data = churn_points().to_dict()
    json.dumps(data)
    assert data["kind"] == "derivation"
    assert data["inputs"][0] == {
        "kind": "fact",
        "label": "target",
        "value": "2",
        "source": "target sheet 2026",
        "unit": "%",
    }
    assert data["inputs"][2]["value"] == "1.111111"


def test_the_dict_reads_back_into_the_same_shape():
    again = Derivation.from_dict(churn_points().to_dict())
    assert again.to_dict() == churn_points().to_dict()


def test_rows_flatten_the_tree_depth_first_for_a_spreadsheet():
    rows = churn_points().to_rows()
    assert [(r["depth"], r["label"], r["value"]) for r in rows] == [
        (0, "churn rate", "22.22"),
        (1, "target", "2"),
        (1, "actual", "1.8"),
        (1, "completion", "1.1111"),
    ]
    assert rows[0]["notes"] == "curve floor 0.6 cap 1.2"
    assert rows[2]["source"] == "billing 2026-10"


def test_jsonable_handles_containers_and_dates():
    assert jsonable({"a": [Fraction(1, 3), dt.date(2026, 1, 2)], 3: None}) == {
        "a": ["0.333333", "2026-01-02"],
        "3": None,
    }
