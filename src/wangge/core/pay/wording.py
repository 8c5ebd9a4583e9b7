"""The sentences of pay: rule keys and their English templates.

Payslip formulas and the inverted-pyramid warnings are ``Words`` (a rule key and
its figures, see ``wangge.core.explain``): the English here is what logs and tests
read, and pages word the same key through the catalogue, whose msgids are these
templates. Figures are formatted before they go in (yuan through
``wangge.core.formatting``), so the Chinese shows exactly the same numbers.
"""

from __future__ import annotations

from wangge.core.explain import Words, define_wording, term

WORDING = {
    # payslip formulas (one per component; they hold no figures: the inputs do)
    "pay.formula": (
        "formula part × weight / Σ weights (largest remainder);"
        " weight = post coefficient × score × attendance × share"
    ),
    "pay.discretionary": "discretionary amount set by the unit manager, with a written reason",
    "pay.training_deduction": (
        "− round_half_up(formula pay × min(rate per missing hour × missing hours, max rate))"
    ),
    "pay.training_redistribution": (
        "Σ training deductions in the unit × weight / Σ weights of members with no shortfall"
    ),
    "pay.allowance": (
        "round_half_up(monthly allowance × share of the month in the unit), on top of the pool"
    ),
    "pay.points_fixed": "Σ round_half_up(points × cents per point) over the person's sales",
    "pay.points_pool": "Σ over the person's sales of split_exact(points pool, by points)",
    "pay.score_from_grids": "Σ grid score × weight / Σ weights",
    # the inverted pyramid
    "pyramid.no_heads": "level %(level)s: no heads, no average",
    "pyramid.no_pay": "level %(level)s: no pay reported",
    "pyramid.broken": (
        "inverted pyramid broken: average at %(upper)s (%(upper_pay)s) is not above"
        " %(lower)s (%(lower_pay)s)"
    ),
    # what a broken rule is, after the unit and person the page names (``Violation.words``);
    # figures are yuan already formatted
    "violation.cap": "%(a)s is above the cap %(b)s (k × team average × share of the month)",
    "violation.floor": "%(a)s is below the floor %(b)s",
    "violation.total": (
        "the discretionary amounts add up to %(a)s; the discretionary part is %(b)s"
    ),
    "violation.missing_reason": "a discretionary amount of %(a)s needs a written reason",
    "violation.pool_below_floors": "the pool %(a)s is below the sum of the floors %(b)s",
    "violation.missing_score": "no published appraisal score",
    "violation.pool_negative": "the pool is negative",
    "violation.listed_twice": "listed twice",
    "violation.unknown_post": "the post %(post)s has no coefficient",
    "violation.negative_score": "negative score",
    "violation.attendance": "attendance %(value)s is not between 0 and 1",
    "violation.share": "share of the month %(value)s is not above 0 and at most 1",
    "violation.hours_without_month": "training hours given but no month",
    "violation.no_formula_weight": (
        "every formula weight is zero: nobody can take the formula part"
    ),
    "violation.not_member": "not a member of the unit",
    "violation.negative_discretionary": "negative discretionary amount %(a)s",
    "violation.no_room": "the formula part alone (%(a)s) leaves no room between floor and cap",
    "violation.cannot_place": (
        "the discretionary part %(a)s cannot be placed between the floors (%(b)s)"
        " and the caps (%(c)s)"
    ),
    "violation.unknown_tier": "budget tier %(tier)s has no coefficient (configured: %(known)s)",
    "violation.base_negative": "the pay base is negative",
    "violation.unit_twice": "the unit appears twice",
    "violation.company_negative": "the company total is negative",
    "violation.no_scored_grid": "no scored grid",
    "violation.grid_weights_zero": "the grid weights add up to 0",
}

#: the levels of a tilt as people call them (codes in the configuration)
LEVEL_NAMES = {
    "province": "province",
    "city": "city",
    "county": "county",
    "front_line": "front line",
    "support": "support",
}

define_wording(WORDING)


def level_words(level: str) -> Words:
    """A level of the pyramid as a catalogue term ("front_line" → "front line")."""
    return term(LEVEL_NAMES.get(level, level))


FORMULA = Words("pay.formula")
DISCRETIONARY = Words("pay.discretionary")
TRAINING_DEDUCTION = Words("pay.training_deduction")
TRAINING_REDISTRIBUTION = Words("pay.training_redistribution")
ALLOWANCE = Words("pay.allowance")
POINTS_FIXED = Words("pay.points_fixed")
POINTS_POOL = Words("pay.points_pool")
SCORE_FROM_GRIDS = Words("pay.score_from_grids")
