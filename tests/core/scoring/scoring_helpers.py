"""Small schemes the scoring tests build on."""

from wangge.core.scoring import Indicator, Measurement, Scheme, ScoreInput, score_run


def one_indicator(indicator: Indicator) -> Scheme:
    """A scheme made of a single indicator whose weight is the whole scheme."""
    return Scheme("t", "test", "grid", (indicator,), total_points=indicator.weight)


def points(indicator: Indicator, target, actual) -> float:
    card = score_run(
        one_indicator(indicator), [ScoreInput("u", {indicator.key: Measurement(target, actual)})]
    )
    return card[0].items[0].points
