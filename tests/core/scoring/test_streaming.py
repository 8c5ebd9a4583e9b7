"""A run scored one card at a time gives exactly the cards of the run scored at once,
whether the items are kept between the totals and the cards or worked out again."""

import pytest

from wangge.core.scoring import (
    LOWER,
    Indicator,
    Judgement,
    Measurement,
    QualitativeItem,
    RankCurve,
    Scheme,
    ScoreInput,
    ValidationFailed,
    score_run,
    score_run_iter,
)

SCHEME = Scheme(
    code="grid-rank",
    name="grid scheme with a ranked item",
    role="grid",
    indicators=(
        Indicator("dev", "development", 40),
        Indicator("churn", "churn rate", 30, direction=LOWER, unit="%"),
        Indicator("share", "market share", 10, curve=RankCurve()),
    ),
    qualitative=(QualitativeItem("process", "process management", 20),),
)


def grid(n: int) -> ScoreInput:
    return ScoreInput(
        f"g{n}",
        {
            "dev": Measurement(100, 80 + n % 40),
            "churn": Measurement("2.0", f"{1 + n % 7 / 5:.1f}", unit="%"),
            "share": Measurement(40, 30 + n % 13),
        },
        {"process": Judgement(10 + n % 9, "checked the work logs", "director.li")},
        label=f"网格{n}",
    )


def test_kept_or_worked_out_again_the_cards_are_the_same():
    inputs = [grid(n) for n in range(60)]
    at_once = score_run(SCHEME, inputs)
    again = list(score_run_iter(SCHEME, inputs, keep_items=0))
    kept = list(score_run_iter(SCHEME, inputs, keep_items=1000))
    assert again == at_once == kept
    assert len({c.total for c in at_once}) > 5  # a real ranking, ties and all
    assert sorted(c.rank for c in at_once)[0] == 1


def test_a_streamed_run_refuses_before_its_first_card():
    broken = ScoreInput("g0", {"dev": Measurement(100, 90)}, {}, label="网格0")
    cards = score_run_iter(SCHEME, [broken, grid(1)])
    with pytest.raises(ValidationFailed):
        next(cards)
