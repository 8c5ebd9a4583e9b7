"""What-if: the same month under the current scheme and a draft, side by side."""

import pytest

from wangge.core.scoring import (
    Indicator,
    Measurement,
    Scheme,
    ScoreInput,
    ValidationFailed,
    scheme_from_dict,
    scheme_to_dict,
)
from wangge.core.whatif import compare, with_targets

CURRENT = Scheme(
    "grid-now",
    "current",
    "grid",
    (Indicator("dev", "development", 60), Indicator("io", "input-output", 40)),
)
# the draft moves 20 points from development to input-output
DRAFT = scheme_from_dict(
    {
        **scheme_to_dict(CURRENT),
        "code": "grid-draft",
        "indicators": [
            {**scheme_to_dict(CURRENT)["indicators"][0], "weight": "40"},
            {**scheme_to_dict(CURRENT)["indicators"][1], "weight": "60"},
        ],
    }
)

INPUTS = [
    # a seller: development 110 %, input-output 70 %
    ScoreInput("seller", {"dev": Measurement(100, 110), "io": Measurement(10, 7)}),
    # a saver: development 80 %, input-output 120 %
    ScoreInput("saver", {"dev": Measurement(100, 80), "io": Measurement(10, 12)}),
]


def test_changed_weights_swap_the_ranking():
    rows = compare(CURRENT, DRAFT, INPUTS)
    seller, saver = rows
    # now: seller 60 × 1.1 + 40 × 0.7 = 94; saver 60 × 0.8 + 40 × 1.2 = 96
    # draft: seller 40 × 1.1 + 60 × 0.7 = 86; saver 40 × 0.8 + 60 × 1.2 = 104
    assert (seller.old_score, seller.new_score, seller.score_delta) == (94.0, 86.0, -8.0)
    assert (saver.old_score, saver.new_score, saver.score_delta) == (96.0, 104.0, 8.0)
    assert (seller.old_rank, seller.new_rank, seller.rank_delta) == (2.0, 2.0, 0.0)
    assert saver.new_card.scheme_code == "grid-draft"


def test_changed_targets_use_the_same_scheme():
    draft_inputs = with_targets(INPUTS, {("saver", "dev"): 80})  # saver's target cut to 80
    rows = compare(CURRENT, None, INPUTS, draft_inputs=draft_inputs)
    seller, saver = rows
    # saver: 60 × 1.0 + 40 × 1.2 = 108
    assert saver.new_score == 108.0 and saver.score_delta == 12.0
    assert seller.score_delta == 0.0
    assert (saver.old_rank, saver.new_rank) == (1.0, 1.0)


def test_a_rank_moves_when_a_score_crosses_another():
    draft_inputs = with_targets(INPUTS, {("seller", "io"): 7})  # seller's io target met
    seller, saver = compare(CURRENT, None, INPUTS, draft_inputs=draft_inputs)
    # seller: 66 + 40 = 106 > saver's 96
    assert (seller.old_rank, seller.new_rank, seller.rank_delta) == (2.0, 1.0, -1.0)
    assert (saver.old_rank, saver.new_rank, saver.rank_delta) == (1.0, 2.0, 1.0)


def test_a_draft_that_fails_validation_is_refused():
    broken = scheme_from_dict({**scheme_to_dict(DRAFT), "code": "broken"})
    broken = Scheme(broken.code, broken.name, broken.role, broken.indicators[:1])
    with pytest.raises(ValidationFailed, match="broken"):
        compare(CURRENT, broken, INPUTS)
