"""Appraisal schemes shipped as defaults, as plain data a company overrides.

Nothing here is an operator standard: the numbers are *ours* unless marked
*practice*, chosen to follow the principles in the domain notes (weigh the base
and not only new business, A and B grids weighted differently, judgement at
most 20 of 100). A company edits them as JSON (``scheme_to_dict`` /
``scheme_from_dict``) in the web app; the code never depends on these values.

Role codes used by the defaults: ``grid`` (a grid as a unit), the posts from
``wangge.core.schema.POSTS`` for persons, ``county`` (county branches ranked by
the province, *practice*), ``standardisation_audit`` (a grid's or hall's
compliance audit) and ``back_office`` (reverse appraisal by the front line).

Grid weights, quantitative 80 + qualitative 20 (*ours*):

==================  ========  ========
indicator           A urban   B rural
==================  ========  ========
revenue growth      25        15
development         25        15
arrears             10        15
churn               10        25
input-output        10        10
==================  ========  ========

Urban grids have room to grow, so growth and development weigh most; rural
grids live on their existing base, so churn and arrears weigh more. Revenue
growth uses the negative-safe completion form because a declining market can
set a negative growth target.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from wangge.core.scoring import (
    ACTUAL,
    DEFAULT_SATISFACTION_BANDS,
    HIGHER,
    LOWER,
    NEGATIVE_SAFE,
    RATIO,
    FloorCap,
    Indicator,
    QualitativeItem,
    RankCurve,
    Scheme,
    scheme_to_dict,
)

__all__ = [
    "DEFAULT_SCHEMES",
    "FIVE_RATE_LABELS",
    "back_office_reverse_scheme",
    "county_rank_scheme",
    "default_scheme_dicts",
    "grid_scheme",
    "person_schemes",
    "standardisation_audit_scheme",
]

#: display labels (English / Chinese) of the five rates and other indicators
FIVE_RATE_LABELS: dict[str, tuple[str, str]] = {
    "revenue_growth": ("revenue growth rate", "收入增长率"),
    "development": ("development completion rate", "发展完成率"),
    "arrears": ("arrears rate", "欠费率"),
    "churn": ("churn rate", "用户流失率"),
    "input_output": ("input-output ratio", "投入产出率"),
    "satisfaction": ("customer satisfaction", "客户满意度"),
    "visit_coverage": ("visit coverage", "走访覆盖率"),
    "opportunity_conversion": ("opportunity conversion", "商机转化率"),
    "records_complete": ("customer records complete", "客户信息完整率"),
    "complaint_on_time": ("complaints resolved on time", "投诉及时处理率"),
}

#: a curve that pays exactly weight × completion up to full marks: used where
#: the "actual" is already a score out of 100 (audits, raters' averages)
_LINEAR_TO_FULL = FloorCap(floor=Fraction(0), cap=Fraction(1))


def _label(key: str) -> str:
    return FIVE_RATE_LABELS.get(key, (key, key))[0]


def _higher(key: str, weight: int, **kw: Any) -> Indicator:
    return Indicator(key, _label(key), Fraction(weight), direction=HIGHER, **kw)


def _lower(key: str, weight: int, **kw: Any) -> Indicator:
    return Indicator(key, _label(key), Fraction(weight), direction=LOWER, **kw)


def _growth(weight: int) -> Indicator:
    return _higher("revenue_growth", weight, form=NEGATIVE_SAFE, unit="%")


def _satisfaction(weight: int) -> Indicator:
    return Indicator(
        "satisfaction",
        _label("satisfaction"),
        Fraction(weight),
        direction=HIGHER,
        curve=DEFAULT_SATISFACTION_BANDS,
        measure=ACTUAL,
    )


def _qual(*items: tuple[str, str, int]) -> tuple[QualitativeItem, ...]:
    return tuple(QualitativeItem(k, label, Fraction(p)) for k, label, p in items)


_GRID_QUALITATIVE = _qual(
    ("whole_process", "whole-process management (pre-, in-, after-sale)", 10),
    ("standard_work", "standard work: name lists, tools, meetings, logs", 10),
)


def grid_scheme(grid_class: str) -> Scheme:
    """The five-rate scheme for class A (urban) or B (rural) grids (*ours*)."""
    weights = {
        "A": (25, 25, 10, 10, 10),
        "B": (15, 15, 15, 25, 10),
    }[grid_class]
    growth, dev, arrears, churn, io = weights
    return Scheme(
        code=f"grid-{grid_class}-five-rates",
        name=f"Grid class {grid_class}: five rates",
        role="grid",
        grid_class=grid_class,
        indicators=(
            _growth(growth),
            _higher("development", dev),
            _lower("arrears", arrears, form=RATIO, unit="%"),
            _lower("churn", churn, form=RATIO, unit="%"),
            _higher("input_output", io),
        ),
        qualitative=_GRID_QUALITATIVE,
        description="five rates, A urban weighs growth, B rural weighs the base (ours)",
    )


def person_schemes() -> tuple[Scheme, ...]:
    """One scheme per front-line post, quantitative 80 + qualitative 20 (*ours*)."""
    return (
        Scheme(
            code="post-grid-manager",
            name="Grid manager",
            role="grid_manager",
            indicators=(
                _growth(20),
                _higher("development", 20),
                _lower("arrears", 10),
                _lower("churn", 15),
                _higher("input_output", 5),
                _satisfaction(10),
            ),
            qualitative=_qual(
                ("team_management", "team management and coaching", 10),
                ("whole_process", "whole-process management", 10),
            ),
        ),
        Scheme(
            code="post-community-manager",
            name="Community manager",
            role="community_manager",
            indicators=(
                _higher("development", 30),
                _lower("churn", 20),
                _higher("visit_coverage", 10),
                _lower("arrears", 10),
                _satisfaction(10),
            ),
            qualitative=_qual(
                ("work_logs", "plans and work logs", 10),
                ("cooperation", "cooperation and service station duty", 10),
            ),
        ),
        Scheme(
            code="post-business-manager",
            name="Business-customer manager (attack)",
            role="business_manager",
            indicators=(
                _higher("development", 35),
                _growth(20),
                _higher("opportunity_conversion", 15),
                _higher("visit_coverage", 10),
            ),
            qualitative=_qual(
                ("name_list_execution", "name-list execution", 10),
                ("team_selling", "team selling and blitzes", 10),
            ),
        ),
        Scheme(
            code="post-customer-manager",
            name="Customer manager (defense)",
            role="customer_manager",
            indicators=(
                _lower("churn", 30),
                _lower("arrears", 20),
                _satisfaction(15),
                _higher("records_complete", 15),
            ),
            qualitative=_qual(
                ("care", "relationship care and early-warning follow-up", 10),
                ("information", "information gathering quality", 10),
            ),
        ),
        Scheme(
            code="post-service-director",
            name="Service director",
            role="service_director",
            indicators=(
                _satisfaction(30),
                _higher("complaint_on_time", 25),
                _lower("churn", 25),
            ),
            qualitative=_qual(
                ("service_standards", "service standards and training", 20),
            ),
        ),
    )


def standardisation_audit_scheme() -> Scheme:
    """Standardisation audit (*ours*): hardware 30, indicators 50, management 20; pass 80.

    The auditor enters each section's score out of 100 as the actual, with a
    target of 100; the linear curve (floor 0, cap 1) turns it into points.
    """
    return Scheme(
        code="standardisation-audit",
        name="Standardisation audit",
        role="standardisation_audit",
        indicators=(
            Indicator("hardware", "hardware environment", Fraction(30), curve=_LINEAR_TO_FULL),
            Indicator("indicators", "software indicators", Fraction(50), curve=_LINEAR_TO_FULL),
            Indicator(
                "internal_management", "internal management", Fraction(20), curve=_LINEAR_TO_FULL
            ),
        ),
        pass_mark=Fraction(80),
        description="section scores out of 100, target 100; pass at 80 (ours)",
    )


def back_office_reverse_scheme() -> Scheme:
    """Reverse appraisal (反向考核) of a back-office unit by the front line (*ours*).

    Every front-line rater scores each item out of 100; the actual is the
    average of the raters (see ``scoring.reverse_appraisal_input``).
    """
    return Scheme(
        code="back-office-reverse",
        name="Reverse appraisal of back-office units",
        role="back_office",
        indicators=(
            Indicator("responsiveness", "responsiveness", Fraction(40), curve=_LINEAR_TO_FULL),
            Indicator("problem_solving", "problems solved", Fraction(40), curve=_LINEAR_TO_FULL),
            Indicator("attitude", "service attitude", Fraction(20), curve=_LINEAR_TO_FULL),
        ),
        description="average of front-line raters, out of 100 per item (ours)",
    )


def county_rank_scheme() -> Scheme:
    """County branches ranked by the province on completion (*practice* weights)."""
    rank = RankCurve()
    return Scheme(
        code="county-rank",
        name="County branch ranking",
        role="county",
        indicators=(
            Indicator(
                "revenue_growth", "revenue growth", Fraction(30), curve=rank, form=NEGATIVE_SAFE
            ),
            Indicator("mobile_share", "mobile market share", Fraction(20), curve=rank),
            Indicator("business_mix", "business mix", Fraction(20), curve=rank),
            Indicator("channels", "channels", Fraction(10), curve=rank),
            Indicator("service", "service", Fraction(10), curve=rank),
            Indicator("labour_productivity", "labour productivity", Fraction(10), curve=rank),
        ),
        description="rank curve lo 0.6 hi 1.0 on completion; weights from practice",
    )


DEFAULT_SCHEMES: tuple[Scheme, ...] = (
    grid_scheme("A"),
    grid_scheme("B"),
    *person_schemes(),
    standardisation_audit_scheme(),
    back_office_reverse_scheme(),
    county_rank_scheme(),
)


def default_scheme_dicts() -> list[dict[str, Any]]:
    """The defaults as JSON-able dicts, e.g. to seed a company's scheme table."""
    return [scheme_to_dict(s) for s in DEFAULT_SCHEMES]
