"""Second distribution (二次分配) inside a unit, worked by hand to the cent."""

from datetime import date
from fractions import Fraction

import pytest

from wangge.core.pay import (
    ALLOWANCE,
    DISCRETIONARY,
    FORMULA,
    POOL_PAY,
    TRAINING_DEDUCTION,
    TRAINING_REDISTRIBUTION,
    Allocation,
    DistributionConfig,
    Member,
    PayError,
    Team,
    TrainingRule,
    average_pool_pay,
    build_payslips,
    check_distribution,
    distribute,
    evaluate,
    missing_training_hours,
    propose_discretionary,
    shares_by_days,
)

# A grid of four, pool 10,000.00 yuan: 8,000 by formula, 2,000 at discretion.
#   weight = post coefficient × score × attendance
#   p1 grid manager      1.5 × 100 × 1   = 150
#   p2 business manager  1.2 ×  90 × 1   = 108
#   p3 community manager 1.0 ×  80 × 1   =  80
#   p4 back office       0.8 ×  95 × 1/2 =  38        Σ = 376
# 800,000 × w / 376 = 319,148.94 / 229,787.23 / 170,212.77 / 80,851.06;
# the two cents left over go to the largest remainders, p1 (.94) and p3 (.77).
TEAM = Team(
    "grid-7",
    1_000_000,
    [
        Member("p1", "grid_manager", 100),
        Member("p2", "business_manager", "90"),
        Member("p3", "community_manager", 80),
        Member("p4", "back_office", 95, attendance=Fraction(11, 22)),
    ],
)
FAIR = {
    "p1": Allocation(50_000, "led the broadband blitz"),
    "p2": Allocation(60_000, "signed the industrial park"),
    "p3": Allocation(40_000, "cleared the complaint backlog"),
    "p4": Allocation(50_000, "ran the service station alone for two weeks"),
}
CONFIG = DistributionConfig(floor_cents=120_000)


def pool_pay(distribution):
    return {p.person_id: p.pool_pay_cents for p in distribution.people}


def rules(violations):
    return {(v.person_id, v.rule) for v in violations}


def test_a_team_of_four_worked_by_hand():
    d = distribute(TEAM, FAIR, CONFIG)
    assert (d.formula_part_cents, d.discretionary_part_cents) == (800_000, 200_000)
    assert [p.formula_cents for p in d.people] == [319_149, 229_787, 170_213, 80_851]
    assert pool_pay(d) == {"p1": 369_149, "p2": 289_787, "p3": 210_213, "p4": 130_851}
    assert sum(pool_pay(d).values()) == 1_000_000
    # team average 250,000; nobody may pass 2 × that
    assert {p.cap_cents for p in d.people} == {500_000}


def test_the_team_average_shown_is_pool_pay_per_head_the_cap_of_a_full_month_team():
    d = distribute(TEAM, FAIR, CONFIG)
    average = average_pool_pay(p.pool_pay_cents for p in d.people)
    assert average == 250_000  # 1,000,000 paid out of the pool over four heads
    assert {p.cap_cents for p in d.people} == {2 * average}
    # the ratio column of the team table: 369,149 / 250,000
    assert d.people[0].pool_pay_cents / average == Fraction(369_149, 250_000)
    assert average_pool_pay([]) is None
    assert average_pool_pay([1, 2]) == Fraction(3, 2)  # exact: the callers round


def test_the_pool_pay_components_are_the_lines_that_make_a_persons_pool_pay():
    d = distribute(TEAM, FAIR, CONFIG)
    from_lines: dict[str, int] = {}
    for line in d.lines:
        if line.component in POOL_PAY:
            from_lines[line.person_id] = from_lines.get(line.person_id, 0) + line.cents
    assert from_lines == pool_pay(d)


def test_with_a_part_month_member_the_cap_counts_full_time_equivalents_the_average_heads():
    team = Team(
        "grid-8",
        700_000,
        [
            Member("p1", "grid_manager", 100),
            Member("p2", "grid_manager", 100),
            Member("p3", "grid_manager", 100, share=Fraction(1, 2)),
        ],
    )
    d = distribute(team, {}, DistributionConfig(formula_share=1))
    # 2.5 full-time equivalents: the cap of a full month is 2 × 700,000 / 2.5
    assert d.people[0].cap_cents == 560_000
    assert d.people[2].cap_cents == 280_000  # pro rata to the half month
    # pay 280,000 / 280,000 / 140,000 over three heads
    assert average_pool_pay(p.pool_pay_cents for p in d.people) == Fraction(700_000, 3)


def test_each_payslip_line_says_how_it_was_made():
    d = distribute(TEAM, FAIR, CONFIG)
    p4 = [line for line in d.lines if line.person_id == "p4"]
    assert [(line.component, line.cents) for line in p4] == [
        (FORMULA, 80_851),
        (DISCRETIONARY, 50_000),
    ]
    formula, discretionary = p4
    assert formula.working.inputs["weight"] == 38
    assert formula.working.inputs["sum_weights"] == 376
    assert "post coefficient × score × attendance" in formula.working.text()
    assert discretionary.reason == "ran the service station alone for two weeks"


def test_the_split_between_formula_and_discretion_is_configurable_and_exact():
    d = distribute(
        Team("g", 1_001, [Member("a", "grid_manager", 100)]),
        {"a": Allocation(300, "all of it")},
        DistributionConfig(formula_share="0.7", cap_multiple=1),
    )
    assert (d.formula_part_cents, d.discretionary_part_cents) == (701, 300)


def test_a_discretionary_split_that_breaks_the_cap_is_caught():
    # p1 would take 319,149 + 190,000 = 509,149 > 500,000
    lopsided = {"p1": Allocation(190_000, "star"), "p2": Allocation(10_000, "help")}
    violations = check_distribution(TEAM, lopsided)
    assert rules(violations) == {("p1", "cap")}
    assert violations[0].unit_id == "grid-7"
    assert "unit grid-7, person p1" in violations[0].message
    with pytest.raises(PayError) as caught:
        distribute(TEAM, lopsided)
    assert "cap" in str(caught.value) and "p1" in str(caught.value)


def test_a_person_left_below_the_floor_is_caught():
    # p4 keeps only the formula part, 80,851 < 120,000
    skewed = {"p2": Allocation(100_000, "park"), "p3": Allocation(100_000, "backlog")}
    assert rules(check_distribution(TEAM, skewed, CONFIG)) == {("p4", "floor")}


def test_every_non_zero_discretionary_amount_needs_a_written_reason():
    unexplained = {**FAIR, "p2": Allocation(60_000, "   ")}
    assert rules(check_distribution(TEAM, unexplained, CONFIG)) == {("p2", "missing_reason")}


def test_discretionary_amounts_must_add_up_to_the_discretionary_part():
    short = {**FAIR, "p3": Allocation(39_999, "cleared the complaint backlog")}
    violations = check_distribution(TEAM, short, CONFIG)
    assert rules(violations) == {(None, "total")}
    assert "199999" in violations[0].message and "200000" in violations[0].message


def test_distribute_lists_every_broken_rule_at_once():
    bad = {"p1": Allocation(190_000, ""), "p2": Allocation(9_000, "help")}
    with pytest.raises(PayError) as caught:
        distribute(TEAM, bad, CONFIG)
    assert rules(caught.value.violations) == {
        ("p1", "cap"),
        ("p1", "missing_reason"),
        (None, "total"),
        ("p4", "floor"),
    }


def test_the_what_if_returns_the_draft_numbers_next_to_the_violations():
    draft, violations = evaluate(TEAM, {"p1": Allocation(200_000, "all to me")}, CONFIG)
    assert draft is not None
    assert pool_pay(draft)["p1"] == 519_149
    assert ("p1", "cap") in rules(violations)


def test_a_pool_below_the_sum_of_floors_is_refused():
    poor = Team("grid-9", 400_000, TEAM.members)  # 4 × 120,000 = 480,000 needed
    violations = check_distribution(poor, {}, CONFIG)
    assert (None, "pool_below_floors") in rules(violations)
    with pytest.raises(PayError, match="unit grid-9: pool 400000 cents is below the sum"):
        propose_discretionary(poor, CONFIG)


def test_a_missing_appraisal_score_is_refused_naming_unit_and_person():
    members = [*TEAM.members[:2], Member("p3", "community_manager", None), TEAM.members[3]]
    with pytest.raises(PayError) as caught:
        distribute(Team("grid-7", 1_000_000, members), FAIR, CONFIG)
    assert [(v.unit_id, v.person_id, v.rule) for v in caught.value.violations] == [
        ("grid-7", "p3", "missing_score")
    ]
    assert "unit grid-7, person p3: no appraisal score" in str(caught.value)


def test_a_post_without_a_coefficient_is_refused():
    team = Team("g", 100, [Member("x", "center_director", 90)])
    assert rules(check_distribution(team)) == {("x", "unknown_post")}


def test_the_proposal_keeps_every_rule_and_can_be_paid_as_is():
    proposal = propose_discretionary(TEAM, CONFIG)
    assert sum(a.cents for a in proposal.values()) == 200_000
    assert all(a.reason for a in proposal.values() if a.cents)
    d = distribute(TEAM, proposal, CONFIG)
    assert all(p.floor_cents <= p.pool_pay_cents <= p.cap_cents for p in d.people)
    # p4 is lifted to the floor first: 120,000 − 80,851 = 39,149
    assert proposal["p4"].cents >= 39_149


# --- one person, two units ---------------------------------------------------


def test_a_month_split_over_two_units_by_days_assigned():
    assert shares_by_days({"u1": 20, "u2": 10}) == {"u1": Fraction(2, 3), "u2": Fraction(1, 3)}
    assert shares_by_days({"u1": 15}, basis="calendar", days_in_month=30) == {"u1": Fraction(1, 2)}


def test_a_person_in_two_units_is_paid_by_each_pro_rata_and_gets_one_payslip():
    shares = shares_by_days({"u1": 20, "u2": 10})
    config = DistributionConfig(floor_cents=150_000)
    u1 = Team(
        "u1",
        500_000,
        [
            Member("x", "community_manager", 90, share=shares["u1"]),
            Member("y", "community_manager", 90),
        ],
    )
    # weights 60 and 90: formula 400,000 → 160,000 and 240,000.
    # 5/3 heads, average 300,000 a head: x's cap 2 × 300,000 × 2/3, floor 150,000 × 2/3
    d1 = distribute(
        u1, {"x": Allocation(40_000, "night shifts"), "y": Allocation(60_000, "top seller")}, config
    )
    x1 = d1.people[0]
    assert (x1.formula_cents, x1.cap_cents, x1.floor_cents) == (160_000, 400_000, 100_000)
    u2 = Team(
        "u2",
        300_000,
        [
            Member("x", "community_manager", 90, share=shares["u2"]),
            Member("z", "grid_manager", 100),
        ],
    )
    # weights 30 and 150: formula 240,000 → 40,000 and 200,000
    d2 = distribute(
        u2, {"x": Allocation(10_000, "weekend cover"), "z": Allocation(50_000, "grid lead")}, config
    )
    assert d2.people[0].formula_cents == 40_000
    slips = build_payslips(date(2026, 6, 1), d1.lines, d2.lines)
    assert slips["x"].total_cents == 160_000 + 40_000 + 40_000 + 10_000
    assert {line.unit_id for line in slips["x"].lines} == {"u1", "u2"}


# --- allowances and training ----------------------------------------------------


def test_rural_allowances_are_separate_lines_on_top_of_the_pool():
    config = DistributionConfig(
        rural_allowances={"food": 30_000, "housing": 50_000, "transport": 20_000}
    )
    team = Team(
        "village-3",
        100_000,
        [
            Member("a", "grid_manager", 100, rural=True, share=Fraction(1, 2)),
            Member("b", "community_manager", 100),
        ],
    )
    proposal = propose_discretionary(team, config)
    d = distribute(team, proposal, config)
    assert d.paid_from_pool_cents == 100_000  # the pool is untouched by allowances
    allowances = [(ln.item, ln.cents) for ln in d.lines if ln.component == ALLOWANCE]
    assert allowances == [("food", 15_000), ("housing", 25_000), ("transport", 10_000)]
    assert d.people[0].total_cents == d.people[0].pool_pay_cents + 50_000


def test_training_hours_short_of_the_pace_cost_a_share_of_the_formula_pay():
    # June: 40 h × 6/12 = 20 h expected; 15 h done → 5 h short → 5 % of 40,000
    assert missing_training_hours(15, date(2026, 6, 1)) == 5
    team = Team(
        "g",
        100_000,
        [
            Member("a", "community_manager", 100, training_hours=15),
            Member("b", "community_manager", 100, training_hours=20),
        ],
        month=date(2026, 6, 1),
    )
    half = {"a": Allocation(10_000, "visits"), "b": Allocation(10_000, "visits")}
    d = distribute(team, half)
    a, b = d.people
    assert (a.formula_cents, a.training_deduction_cents) == (40_000, -2_000)
    # the deduction stays in the unit: it goes to the member who trained
    assert b.training_redistribution_cents == 2_000
    assert d.paid_from_pool_cents == 100_000 and d.returned_cents == 0
    deduction = next(ln for ln in d.lines if ln.component == TRAINING_DEDUCTION)
    assert deduction.working.inputs["missing_hours"] == 5
    assert any(ln.component == TRAINING_REDISTRIBUTION for ln in d.lines)


def test_the_training_deduction_is_capped():
    # no hours by June: 20 h short, 20 % at 1 % an hour, the cap is 20 %
    team = Team(
        "g",
        100_000,
        [
            Member("a", "community_manager", 100, training_hours=0),
            Member("b", "community_manager", 100, training_hours=25),
        ],
        month=date(2026, 6, 1),
    )
    config = DistributionConfig(training=TrainingRule(max_rate="0.1"))
    d = distribute(team, propose_discretionary(team, config), config)
    assert d.people[0].training_deduction_cents == -4_000  # 10 % of 40,000


def test_when_nobody_in_the_unit_trained_enough_the_deduction_returns_to_the_company():
    team = Team(
        "g",
        100_000,
        [Member("a", "community_manager", 100, training_hours=0)],
        month=date(2026, 6, 1),
    )
    d = distribute(team, {"a": Allocation(20_000, "only one")})
    assert d.returned_cents == 16_000  # 20 h short by June, capped at 20 % of 80,000
    assert d.paid_from_pool_cents + d.returned_cents == 100_000


def test_with_the_year_end_pace_only_the_check_month_counts():
    rule = TrainingRule(pace="year_end")
    assert missing_training_hours(0, date(2026, 6, 1), rule) == 0
    assert missing_training_hours(31, date(2026, 12, 1), rule) == 9


def test_a_float_score_is_refused_rather_than_rounded_silently():
    with pytest.raises(TypeError, match="exact"):
        check_distribution(Team("g", 100, [Member("x", "grid_manager", 87.5)]))


def test_the_error_names_unit_person_and_rule():
    with pytest.raises(PayError) as caught:
        distribute(TEAM, {"p1": Allocation(200_000, "")}, CONFIG)
    assert "[missing_reason] unit grid-7, person p1" in str(caught.value)
