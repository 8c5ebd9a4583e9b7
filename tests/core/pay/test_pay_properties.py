"""Properties that hold for any pool and any team: every cent accounted for."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wangge.core.money import split_exact
from wangge.core.pay import (
    DEFAULT_POST_COEFFICIENTS,
    DistributionConfig,
    Member,
    PayError,
    PointsRule,
    PointsScheme,
    Sale,
    Team,
    UnitAppraisal,
    check_distribution,
    compute_points,
    compute_pools,
    distribute,
    evaluate,
    pay_points,
    propose_discretionary,
)

scores = st.one_of(
    st.integers(0, 120),
    st.decimals(min_value=0, max_value=120, places=2).map(Decimal),
    st.fractions(min_value=0, max_value=120, max_denominator=7),
)
shares = st.one_of(st.just(1), st.integers(1, 30).map(lambda d: Fraction(d, 30)))
attendance = st.one_of(st.just(1), st.integers(0, 22).map(lambda d: Fraction(d, 22)))


@st.composite
def members(draw):
    n = draw(st.integers(1, 10))
    return [
        Member(
            f"p{i}",
            draw(st.sampled_from(sorted(DEFAULT_POST_COEFFICIENTS))),
            draw(scores),
            attendance=draw(attendance),
            share=draw(shares),
            rural=draw(st.booleans()),
            training_hours=draw(st.one_of(st.none(), st.integers(0, 50))),
        )
        for i in range(n)
    ]


@st.composite
def teams(draw):
    team = Team(
        "u",
        draw(st.integers(0, 10**8)),
        draw(members()),
        month=date(2026, draw(st.integers(1, 12)), 1),
    )
    config = DistributionConfig(
        formula_share=draw(st.sampled_from(["0", "0.5", "0.8", "1"])),
        cap_multiple=draw(st.sampled_from([1, Fraction(3, 2), 2, 3])),
        floor_cents=draw(st.integers(0, 3_000_000)),
        rural_allowances={"food": 30_000, "transport": 20_000},
    )
    return team, config


@given(st.integers(-(10**12), 10**12), st.lists(st.integers(0, 10**9), min_size=1, max_size=40))
def test_the_integer_split_gives_what_the_exact_fraction_split_gives(total, weights):
    if sum(weights) == 0:
        return
    assert split_exact(total, weights) == split_exact(total, [Fraction(w) for w in weights])


@settings(max_examples=300, deadline=None)
@given(teams())
def test_for_any_pool_and_team_the_parts_add_up_and_the_rules_hold_when_they_can(case):
    team, config = case
    draft, violations = evaluate(team, {}, config)
    if draft is None:
        assert "no_formula_weight" in {v.rule for v in violations}
        return
    assert draft.formula_part_cents + draft.discretionary_part_cents == team.pool_cents
    assert sum(p.formula_cents for p in draft.people) == draft.formula_part_cents
    assert sum(p.pool_pay_cents for p in draft.people) + draft.returned_cents == (
        draft.formula_part_cents
    )

    # can the discretionary part be placed between everyone's floor and cap?
    fixed = [p.pool_pay_cents for p in draft.people]
    lo = [max(0, p.floor_cents - f) for p, f in zip(draft.people, fixed, strict=True)]
    hi = [p.cap_cents - f for p, f in zip(draft.people, fixed, strict=True)]
    d = draft.discretionary_part_cents
    feasible = all(a <= b for a, b in zip(lo, hi, strict=True)) and sum(lo) <= d <= sum(hi)

    if not feasible:
        with pytest.raises(PayError):
            propose_discretionary(team, config)
        return
    proposal = propose_discretionary(team, config)
    assert check_distribution(team, proposal, config) == []
    result = distribute(team, proposal, config)
    assert sum(p.pool_pay_cents for p in result.people) + result.returned_cents == (team.pool_cents)
    for p in result.people:
        assert p.floor_cents <= p.pool_pay_cents <= p.cap_cents
    from_pool = sum(line.cents for line in result.lines if line.component != "allowance")
    assert from_pool + result.returned_cents == team.pool_cents
    assert sum(line.cents for line in result.lines) == from_pool + result.allowances_cents


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 10**9),
            st.sampled_from("ABC"),
            st.one_of(st.none(), st.integers(0, 150)),
            st.integers(0, 10**9),
            st.integers(0, 10**9),
        ),
        min_size=1,
        max_size=20,
    ),
    st.integers(0, 10**10),
)
def test_pools_never_exceed_the_company_total_and_are_never_scaled_up(rows, company_total):
    appraisals = [
        UnitAppraisal(i, base, tier, 80 if score is None else score, revenue, budget)
        for i, (base, tier, score, revenue, budget) in enumerate(rows)
    ]
    result = compute_pools(appraisals, company_total)
    assert result.total_cents == min(company_total, result.unscaled_total_cents)
    for pool in result.pools:
        assert 0 <= pool.pool_cents <= pool.unscaled_cents


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["broadband", "mobile", "iptv"]), min_size=0, max_size=30),
    st.integers(0, 10**7),
)
def test_a_points_pool_is_paid_out_exactly_whenever_anyone_earned_points(products, pool):
    scheme = PointsScheme(
        "p",
        [
            PointsRule("broadband", 10, date(2026, 1, 1)),
            PointsRule("mobile", "2.5", date(2026, 1, 1)),
        ],
        mode="pool",
    )
    sales = [Sale(i, f"p{i % 4}", product, date(2026, 3, 2)) for i, product in enumerate(products)]
    paid, lines = pay_points(scheme, date(2026, 3, 1), compute_points(scheme, sales), pool)
    earned = any(product != "iptv" for product in products)
    assert sum(p.cents for p in paid) == (pool if earned else 0)
    assert sum(line.cents for line in lines) == sum(p.cents for p in paid)
