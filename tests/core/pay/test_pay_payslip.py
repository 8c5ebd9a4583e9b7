"""Payslips and the diff of two versions of a distribution (corrections)."""

from datetime import date

from wangge.core.explain import Derivation
from wangge.core.pay import (
    Allocation,
    DistributionConfig,
    Member,
    Team,
    build_payslips,
    diff_distributions,
    diff_lines,
    distribute,
)

TEAM = Team(
    "grid-7",
    1_000_000,
    [
        Member("p1", "grid_manager", 100),
        Member("p2", "business_manager", 90),
        Member("p3", "community_manager", 80),
        Member("p4", "back_office", 95),
    ],
)
BEFORE = {
    "p1": Allocation(50_000, "blitz"),
    "p2": Allocation(60_000, "park"),
    "p3": Allocation(40_000, "backlog"),
    "p4": Allocation(50_000, "station"),
}


def test_a_payslip_totals_its_lines_and_groups_them_by_component():
    d = distribute(TEAM, BEFORE)
    slip = build_payslips(date(2026, 6, 1), d.lines)["p1"]
    assert slip.by_component() == {"formula": slip.lines[0].cents, "discretionary": 50_000}
    assert slip.total_cents == d.people[0].pool_pay_cents
    assert slip.lines[1].reason == "blitz"


def test_a_correction_shows_before_and_after_per_person_and_component():
    before = distribute(TEAM, BEFORE)
    corrected = {**BEFORE, "p1": Allocation(40_000, "blitz"), "p4": Allocation(60_000, "station")}
    after = distribute(TEAM, corrected)
    diffs = diff_distributions(before, after)
    assert [(d.person_id, d.component, d.before_cents, d.after_cents) for d in diffs] == [
        ("p1", "discretionary", 50_000, 40_000),
        ("p4", "discretionary", 50_000, 60_000),
    ]
    assert sum(d.delta_cents for d in diffs) == 0


def test_a_line_that_appears_or_disappears_counts_zero_on_the_other_side():
    before = distribute(TEAM, BEFORE)
    config = DistributionConfig(rural_allowances={"transport": 20_000})
    rural = Team(
        "grid-7", 1_000_000, [*TEAM.members[:3], Member("p4", "back_office", 95, rural=True)]
    )
    after = distribute(rural, BEFORE, config)
    (diff,) = diff_lines(before.lines, after.lines)
    assert (diff.person_id, diff.component, diff.item) == ("p4", "allowance", "transport")
    assert (diff.before_cents, diff.after_cents) == (0, 20_000)


def test_the_derivation_text_shows_formula_and_inputs():
    d = distribute(TEAM, BEFORE)
    text = d.lines[0].working.text()
    assert text.startswith("formula part × weight / Σ weights")
    assert "weight = 150" in text and "formula_part_cents = 800000" in text


def test_each_line_explains_itself_with_the_project_wide_derivation():
    d = distribute(TEAM, BEFORE)
    discretionary = next(ln for ln in d.lines if ln.component == "discretionary")
    derivation = discretionary.derivation
    assert isinstance(derivation, Derivation)
    assert (derivation.label, derivation.value, derivation.unit) == (
        "discretionary",
        50_000,
        "cents",
    )
    assert derivation.notes == ("blitz",)
    as_dict = derivation.to_dict()
    assert as_dict["inputs"][0] == {
        "kind": "fact",
        "label": "discretionary_part_cents",
        "value": 200_000,
        "source": "",
        "unit": "cents",
    }
    assert "discretionary = 50000 cents" in derivation.to_text()
