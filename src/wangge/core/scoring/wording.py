"""The sentences a scoring derivation is made of: rule keys and their English templates.

The core says *which* rule applied and with which figures (``Words``); this table
gives each rule its English template with named placeholders. The catalogue holds
every template as a msgid with its Chinese, so a page translates the template and
fills in the same figures: numbers stay exactly as the core formatted them. A test
checks that every template here has its Chinese.
"""

from __future__ import annotations

from wangge.core.explain import Words, define_wording, term
from wangge.core.scoring.basics import _fmt

WORDING = {
    # completion
    "completion.higher_ratio": "%(actual)s / %(target)s = %(completion)s",
    "completion.lower_ratio": "%(target)s / %(actual)s = %(completion)s",
    "completion.lower_ratio_zero": "%(target)s / 0 = ∞",
    "completion.higher_negative_safe": (
        "((%(actual)s − %(target)s) + %(magnitude)s) / %(magnitude)s = %(completion)s"
    ),
    "completion.lower_negative_safe": (
        "((%(target)s − %(actual)s) + %(magnitude)s) / %(magnitude)s = %(completion)s"
    ),
    # curves described
    "curve.floor_cap": "curve floor %(floor)s cap %(cap)s",
    "curve.base_stretch": (
        "curve threshold %(threshold)s base %(base)s stretch %(stretch)s (×%(factor)s)"
    ),
    "curve.rank": "rank curve lo %(lo)s hi %(hi)s",
    "curve.bands": "bands %(bands)s",
    "curve.band": "%(band)s→%(share)s",
    "band.at_least": "≥ %(bound)s",
    "band.at_most": "≤ %(bound)s",
    # points on a curve
    "points.floor_cap": "%(weight)s × %(used)s = %(points)s",
    "points.floor_cap_capped": "%(weight)s × %(used)s (capped) = %(points)s",
    "points.floor_cap_unbounded": "%(weight)s × cap %(cap)s = %(points)s",
    "points.below_floor": "%(completion)s < floor %(floor)s → 0",
    "points.at_stretch": "at or above stretch → %(weight)s × %(factor)s = %(points)s",
    "points.below_threshold": "%(completion)s < threshold %(threshold)s → 0",
    "points.threshold_to_base": (
        "%(weight)s × (%(completion)s − %(threshold)s) / (%(base)s − %(threshold)s) = %(points)s"
    ),
    "points.base_to_stretch": (
        "%(weight)s + (%(top)s − %(weight)s) × (%(completion)s − %(base)s) / "
        "(%(stretch)s − %(base)s) = %(points)s"
    ),
    "points.best_band": "best band → %(weight)s × %(share)s",
    "points.in_band": "%(value)s in band %(band)s → %(weight)s × %(share)s",
    "points.below_bands": "%(value)s below every band → 0",
    "points.rank": "rank %(place)s of %(peers)s: %(weight)s × %(how)s → %(points)s",
    "rank.only_unit": "only unit → hi %(hi)s",
    "rank.fraction": (
        "%(lo)s + (%(hi)s − %(lo)s) × (%(peers)s − %(place)s) / (%(peers)s − 1) = %(fraction)s"
    ),
    "points.per_line": "completion %(completion)s; %(points)s",
    # an item's sentence
    "summary.completion": (
        "%(label)s %(actual)s vs target %(target)s: %(direction)s, completion = "
        "%(completion)s; %(curve)s → %(points)s points"
    ),
    "summary.target": "%(label)s %(actual)s vs target %(target)s; %(curve)s → %(points)s points",
    "summary.actual": "%(label)s %(actual)s; %(curve)s → %(points)s points",
    "figure.percent": "%(value)s%%",
    "figure.unit": "%(value)s %(unit)s",
    "item.line": "%(label)s (%(line)s)",
    "item.line_share": "share %(share)s of the weight",
    "item.reweighted": (
        "weight %(scheme_weight)s re-weighted to %(weight)s: an item of this card is not applicable"
    ),
    "item.not_applicable": "not applicable: %(reason)s; %(treatment)s",
    "reason.no_base_revenue": "no revenue in %(month)s",
    "reason.month_missing": "month %(month)s is not in the store",
    "judgement.points": "judgement %(points)s of %(max)s",
    "judgement.reason": "reason: %(reason)s",
    # a card
    "card.total": "total %(subject)s",
    "card.rank": "rank %(rank)s of %(peers)s (higher total first, ties averaged)",
    "card.passed": "passed: pass mark %(mark)s",
    "card.failed": "failed: pass mark %(mark)s",
    "source.raters": "average of %(raters)s raters",
    "sum.plus": "%(a)s + %(b)s",
    "figure.of_line": "%(value)s (%(line)s)",
    "points.per_line_sum": "%(parts)s = %(total)s",
    # actuals of the figure indicators (wangge.core.appraisal)
    "actual.month_missing": "not available: month %(month)s is not in the store",
    "actual.no_base_revenue": "no revenue in the base period %(month)s",
    "actual.valid_of_judged": "%(valid)s valid of %(judged)s judged",
    "actual.billed_base": "billed revenue, %(base)s",
    "actual.growth": "(%(billed)s − %(base)s) / %(base)s × 100 = %(value)s %%",
    "actual.growth_against": "growth against %(base)s",
    "actual.percent_of": "%(num)s / %(den)s × 100 = %(value)s %%",
    "actual.churn_average": (
        "%(churned)s / ((%(opening)s + %(closing)s) / 2) × 100 = %(value)s %%"
    ),
    "actual.churn_opening": "%(churned)s / %(opening)s × 100 = %(value)s %%",
    "actual.churned": "churned = %(churned)s",
    "actual.no_base": "no %(what)s",
    "actual.valid_rule": (
        "a new add is valid if still active and billed > 0 in month %(month)s of its life"
    ),
    "actual.started": "new adds started this month (judged next month): %(count)s",
    "target.of": "target of %(unit)s",
    "target.source": "source: %(source)s",
    "skipped.no_scheme": "no scheme for the post %(post)s",
    # decomposition and adjustment of targets (wangge.core.targets)
    "decompose.factor": "%(factor)s (weight %(weight)s)",
    "decompose.among_siblings": "of %(total)s among siblings",
    "decompose.share": "%(parent)s × share %(share)s ≈ %(value)s",
    "decompose.adjusted": "adjusted by %(by)s: %(before)s → %(after)s (%(reason)s)",
    "decompose.absorbed": "absorbed a sibling's adjustment: %(before)s → %(after)s",
    "adjust.outside_band": (
        "%(unit)s: %(after)s is outside ±%(limit)s%% of the formula value %(formula)s "
        "(allowed %(low)s … %(high)s)"
    ),
    "adjust.no_reason": "adjusting %(unit)s needs a written reason",
    "adjust.no_sibling": "no sibling of %(unit)s is left to absorb a difference of %(delta)s",
    "adjust.flips_sign": (
        "adjusting %(unit)s would flip the sign of %(sibling)s (%(before)s → %(after)s)"
    ),
    # checks before a run (wangge.core.scoring.validation): where, then what is wrong
    "check.at": "%(scheme)s / %(field)s: %(message)s",
    "check.at_unit": "%(scheme)s / %(unit)s / %(field)s: %(message)s",
    "check.key_twice": "item key used twice",
    "check.weights_total": "quantitative %(quant)s + qualitative %(qual)s = %(sum)s, not %(total)s",
    "check.qualitative_cap": "qualitative items total %(qual)s, above the cap of %(cap)s",
    "check.judgement_minority": (
        "judgement worth %(qual)s of %(total)s would not be the minority of the points"
    ),
    "check.dates": "ends %(end)s, not after it starts %(start)s",
    "check.positive_maximum": "a qualitative item needs a positive maximum",
    "check.one_of": "is one of %(choices)s",
    "check.weight_positive": "weight must be positive, got %(got)s",
    "check.must_be": "must be one of %(choices)s, got %(got)s",
    "check.curve_reads_completion": "the %(kind)s curve reads completion, not the actual",
    "check.floor_negative": "floor must not be negative, got %(got)s",
    "check.floor_above_cap": "floor %(floor)s is above cap %(cap)s",
    "check.cap_below_one": "cap %(cap)s below 1 would cut on-target scores",
    "check.increasing": (
        "threshold %(threshold)s, base %(base)s, stretch %(stretch)s must be strictly increasing"
    ),
    "check.at_least_one": "must be at least 1, got %(got)s",
    "check.lo_hi": "need 0 ≤ lo ≤ hi, got lo %(lo)s hi %(hi)s",
    "check.one_band": "a band curve needs at least one band",
    "check.bands_share_bound": "two bands share a bound",
    "check.band_negative": "band %(bound)s pays a negative share",
    "check.unknown_curve": "unknown curve %(curve)s",
    "check.unit_twice": "unit listed twice",
    "check.judgement_missing": "judgement missing",
    "check.judgement_reason": "a judgement needs a written reason",
    "check.points_outside": "%(points)s points is outside 0 … %(max)s",
    "check.no_such_item": "no such qualitative item",
    "check.actual_missing": "actual missing (no facts for the month?)",
    "check.target_missing": "target missing",
    "check.target_zero": "target is zero: completion has no denominator",
    "check.negative_target": (
        "negative target with the ratio form; use the negative_safe form ((A − T) + |T|) / |T|"
    ),
    "check.negative_actual": (
        "negative actual on a lower-is-better ratio; use the negative_safe form"
    ),
}

#: single words and phrases of a derivation; the catalogue translates each whole
TERMS = [
    "higher is better",
    "lower is better",
    "negative-safe form",
    "zero actual: best possible, the curve pays its maximum",
    "not applicable",
    "its weight is spread over the other items",
    "scored 0",
    "scored per product line: each line on the curve, weighted by its share",
    "yuan",
    "cents",
    "amounts in cents",
    "nothing billed",
    "no subscribers",
    "no marketing input",
    "no billed subscriptions",
    "same period last year",
    "the period just before",
    "base: average of opening and closing subscribers",
    "base: opening subscribers",
    "average of the units' targets",
    "sum of the units' targets",
    "sum of the product-line targets",
    "largest remainder: the siblings add up exactly to the parent",
    "very satisfied 90–100",
    "satisfied 80–90",
    "fairly satisfied 70–80",
]

define_wording(WORDING)


def direction_words(direction: str) -> Words:
    return term(f"{direction} is better")


def figure(value, unit: str) -> Words | str:
    """A figure with its display unit: "1.1724%", "26205.57 yuan", or the bare number."""
    if not unit:
        return _fmt(value)
    if unit == "%":
        return Words("figure.percent", value=_fmt(value))
    return Words("figure.unit", value=_fmt(value), unit=term(unit))


def plus(items: list) -> Words | str:
    """``a + b + c`` of figures that may be worded (folded into nested "sum.plus")."""
    if not items:
        return ""
    out = items[0]
    for item in items[1:]:
        out = Words("sum.plus", a=out, b=item)
    return out


def of_line(value, line: str) -> Words:
    """ "7 (mobile)": a figure of one product line."""
    return Words("figure.of_line", value=str(value), line=term(line))


def reason_words(reason: dict) -> Words:
    """Words of a structured not-applicable reason (``{"key": ..., "month": ...}``)."""
    key, month = reason.get("key", ""), reason.get("month", "")
    if key in ("no_base_revenue", "month_missing"):
        return Words(f"reason.{key}", month=month)
    return term(reason.get("text", key))
