"""Opportunity stages: forward is free, backwards needs a reason; the pipeline per
stage; conversion from each stage to the next, per kind."""

from fractions import Fraction

import pytest

from wangge.core.work import opportunities as op


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("cultivate", "mine"),
        ("mine", "convert"),
        ("cultivate", "convert"),  # a warm lead skips mining
        ("realise", "review"),
        ("review", "recultivate"),
        ("recultivate", "mine"),  # the next round
    ],
)
def test_moving_forward_needs_no_reason(current, target):
    assert op.check_move(current, target) is None


def test_moving_backwards_needs_a_reason():
    assert op.check_move("convert", "mine").rule == "reason_required"
    assert op.check_move("convert", "mine", " ").rule == "reason_required"
    assert op.check_move("convert", "mine", "客户预算推迟到明年") is None
    assert op.is_backwards("realise", "cultivate")
    assert not op.is_backwards("recultivate", "mine")


def test_recultivation_comes_only_after_the_review():
    assert op.check_move("convert", "recultivate").rule == "recultivate_after_review"


def test_staying_put_or_an_unknown_stage_is_refused_by_name():
    assert op.check_move("mine", "mine").rule == "same_stage"
    assert op.check_move("mine", "won").rule == "unknown_stage"


def test_closing_needs_a_known_outcome_and_a_reason():
    assert op.check_outcome("won", "签约 100M 专线") is None
    assert op.check_outcome("lost", "") == "reason_required"
    assert op.check_outcome("open", "x") == "unknown_outcome"


def test_the_pipeline_lists_every_stage_with_counts_and_value():
    rows = [("mine", 120_000_00), ("mine", 30_000_00), ("convert", 5_000_00)]
    figures = {f.stage: f for f in op.pipeline(rows)}
    assert list(figures) == list(op.STAGES)
    assert (figures["mine"].count, figures["mine"].value_cents) == (2, 150_000_00)
    assert (figures["convert"].count, figures["convert"].value_cents) == (1, 5_000_00)
    assert (figures["review"].count, figures["review"].value_cents) == (0, 0)


def test_conversion_counts_a_later_stage_as_having_passed_the_earlier_ones():
    rows = [
        ("broadband", ["cultivate"]),
        ("broadband", ["cultivate", "mine"]),
        ("broadband", ["convert"]),  # entered straight at convert
        ("broadband", ["cultivate", "mine", "convert", "realise"]),
        ("integrated", ["cultivate", "mine", "convert", "realise", "review", "recultivate"]),
    ]
    rates = {(c.kind, c.stage): c for c in op.conversion(rows)}
    bb = rates[("broadband", "cultivate")]
    assert (bb.reached, bb.advanced, bb.rate) == (4, 3, Fraction(3, 4))
    assert rates[("broadband", "mine")].rate == Fraction(2, 3)
    assert rates[("broadband", "convert")].rate == Fraction(1, 2)
    assert rates[("broadband", "realise")].rate == Fraction(0, 1)
    assert rates[("integrated", "realise")].rate == 1
    everyone = rates[(None, "cultivate")]
    assert (everyone.reached, everyone.advanced) == (5, 4)
    assert ("fixed_line", "cultivate") not in rates  # no opportunity of that kind


def test_a_stage_nobody_reached_has_no_rate_rather_than_zero():
    rates = {(c.kind, c.stage): c for c in op.conversion([("broadband", ["cultivate"])])}
    assert rates[("broadband", "mine")].reached == 0
    assert rates[("broadband", "mine")].rate is None
