"""A center's score from its grids' scores, when the appraisal scores only grids."""

from fractions import Fraction

import pytest

from wangge.core.pay import PayError, score_from_parts


def test_equal_weights_is_the_plain_mean():
    score, working = score_from_parts("LX", {"X": "90", "Y": "81"})
    assert score == Fraction(171, 2)
    assert working.inputs["grids"] == 2


def test_weighted_by_households():
    # (90 × 1200 + 80 × 800) / 2000 = 86
    score, _ = score_from_parts("LX", {"X": 90, "Y": 80}, {"X": 1200, "Y": 800})
    assert score == 86


@pytest.mark.parametrize(("parts", "weights"), [({}, None), ({"X": 90}, {"X": 0})])
def test_no_scored_grid_is_refused(parts, weights):
    with pytest.raises(PayError) as exc:
        score_from_parts("SZ", parts, weights)
    assert exc.value.violations[0].rule == "missing_score"
    assert exc.value.violations[0].unit_id == "SZ"


def test_floats_are_refused():
    with pytest.raises(TypeError):
        score_from_parts("LX", {"X": 90.5})
