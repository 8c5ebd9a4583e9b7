"""Pay pools: a unit's payroll from its appraisal, under the company ceiling."""

from decimal import Decimal
from fractions import Fraction

import pytest

from wangge.core.pay import (
    LevelPay,
    PayError,
    PoolConfig,
    UnitAppraisal,
    check_inverted_pyramid,
    compute_pools,
    unscaled_pool,
)

# Three units worked by hand with the shipped defaults (A 1.2 / B 1.0 / C 0.8,
# score clamped to 0.6..1.2, 10 % of revenue above budget):
#   north: 1,000,000 × 1.2 × 0.90 + 10 % × (5,000,000 − 4,000,000) = 1,180,000
#   south: 1,000,000 × 1.0 × 0.60 (score 50 clamps up)  + 0 (below budget) = 600,000
#   east:  1,000,000 × 0.8 × 1.20 (score 130 clamps down) + 0 (on budget) = 960,000
NORTH = UnitAppraisal("north", 1_000_000, "A", 90, 5_000_000, 4_000_000)
SOUTH = UnitAppraisal("south", 1_000_000, "B", "50", 3_000_000, 4_000_000)
EAST = UnitAppraisal("east", 1_000_000, "C", Decimal("130"), 4_000_000, 4_000_000)


def test_tier_score_and_revenue_above_budget_make_the_pool():
    assert unscaled_pool(NORTH, PoolConfig())[0] == 1_180_000


def test_a_low_score_is_clamped_up_to_the_floor_and_revenue_below_budget_adds_nothing():
    cents, working = unscaled_pool(SOUTH, PoolConfig())
    assert cents == 600_000
    assert working.inputs["score_factor"] == Fraction(6, 10)
    assert working.inputs["revenue_above_budget_cents"] == 0


def test_a_high_score_is_clamped_down_to_the_cap():
    cents, working = unscaled_pool(EAST, PoolConfig())
    assert cents == 960_000
    assert working.inputs["score_factor"] == Fraction(12, 10)


def test_under_the_company_total_pools_are_kept_and_never_scaled_up():
    result = compute_pools([NORTH, SOUTH, EAST], company_total_cents=3_000_000)
    assert result.by_unit() == {"north": 1_180_000, "south": 600_000, "east": 960_000}
    assert not result.scaled_down
    assert result.total_cents == 2_740_000


def test_over_the_company_total_every_pool_is_cut_pro_rata_to_the_cent():
    # 2,000,000 split by 1,180,000 : 600,000 : 960,000 →
    # 861,313.87 / 437,956.20 / 700,729.93; the two cents left go to .93 and .87
    result = compute_pools([NORTH, SOUTH, EAST], company_total_cents=2_000_000)
    assert result.scaled_down
    assert result.by_unit() == {"north": 861_314, "south": 437_956, "east": 700_730}
    assert result.total_cents == 2_000_000
    north = result.pools[0]
    assert north.unscaled_cents == 1_180_000
    assert "company total" in north.working.text()


def test_an_unscaled_pool_is_rounded_half_up_to_the_cent():
    # 5 × 1.0 × 0.70 = 3.5 cents → 4
    assert unscaled_pool(UnitAppraisal("tiny", 5, "B", 70), PoolConfig())[0] == 4


def test_every_number_is_configurable():
    config = PoolConfig(
        tier_coefficients={"gold": "1.5"}, score_floor="0.5", score_cap="1", revenue_share="0.2"
    )
    a = UnitAppraisal("x", 100_000, "gold", 40, 150_000, 100_000)
    # 100,000 × 1.5 × 0.5 + 20 % × 50,000 = 75,000 + 10,000
    assert unscaled_pool(a, config)[0] == 85_000


def test_a_missing_score_and_an_unknown_tier_are_refused_naming_the_units():
    with pytest.raises(PayError) as caught:
        compute_pools([UnitAppraisal("west", 1, "A", None), UnitAppraisal("hill", 1, "Z", 80)], 10)
    rules = {(v.unit_id, v.rule) for v in caught.value.violations}
    assert rules == {("west", "missing_score"), ("hill", "unknown_tier")}
    assert "west" in str(caught.value) and "hill" in str(caught.value)


def test_floats_are_refused_because_they_are_not_the_number_typed():
    with pytest.raises(TypeError):
        unscaled_pool(UnitAppraisal("f", 100, "A", 90.5), PoolConfig())


def test_the_inverted_pyramid_holds_when_county_out_earns_city_out_earns_province():
    report = check_inverted_pyramid(
        [
            LevelPay("county", 900_000, 10),
            LevelPay("city", 400_000, 5),
            LevelPay("province", 150_000, 2),
        ]
    )
    assert report.averages_cents == {"county": 90_000, "city": 80_000, "province": 75_000}
    assert report.ok


def test_a_broken_tilt_is_reported_with_both_averages():
    report = check_inverted_pyramid(
        [
            LevelPay("county", 900_000, 10),
            LevelPay("city", 400_000, 5),
            LevelPay("province", 250_000, 2),
        ]
    )
    assert not report.ok
    assert report.warnings == (
        "inverted pyramid broken: average at city (¥800.00) is not above province (¥1,250.00)",
    )


def test_front_line_versus_support_is_just_another_tilt():
    report = check_inverted_pyramid(
        [LevelPay("front_line", 600_000, 8), LevelPay("support", 300_000, 3)],
        tilt=("front_line", "support"),
    )
    assert report.averages_cents == {"front_line": 75_000, "support": 100_000}
    assert len(report.warnings) == 1


def test_a_pool_explains_itself_with_the_project_wide_derivation():
    north = compute_pools([NORTH, SOUTH, EAST], company_total_cents=2_000_000).pools[0]
    as_dict = north.derivation.to_dict()
    assert (as_dict["label"], as_dict["value"], as_dict["unit"]) == ("pool north", 861_314, "cents")
    facts = {f["label"]: f["value"] for f in as_dict["inputs"]}
    assert facts["unscaled_cents"] == 1_180_000 and facts["company_total_cents"] == 2_000_000


def test_a_level_without_heads_cannot_show_the_tilt():
    report = check_inverted_pyramid(
        [LevelPay("county", 900_000, 10), LevelPay("city", 0, 0)],
        tilt=("county", "city", "province"),
    )
    assert report.warnings == (
        "level city: no heads, no average",
        "level province: no pay reported",
    )
