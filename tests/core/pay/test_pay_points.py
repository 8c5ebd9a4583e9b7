"""Points schemes (积分): paid per sale, clawed back when the sale does not last."""

from datetime import date

import pytest

from wangge.core.pay import (
    CLAWBACK,
    PaidSale,
    PointsError,
    PointsRule,
    PointsScheme,
    Sale,
    SaleEvent,
    build_payslips,
    compute_clawbacks,
    compute_points,
    pay_points,
)

RULES = [
    PointsRule("broadband", 10, date(2026, 1, 1)),
    PointsRule("broadband", 8, date(2026, 1, 1), channel="partner_hall"),
    PointsRule("mobile", 5, date(2026, 1, 1), valid_to=date(2026, 3, 1)),
    PointsRule("mobile", 6, date(2026, 3, 1)),
]
FIXED = PointsScheme("spring-2026", RULES, mode="fixed", cents_per_point=250)
POOLED = PointsScheme("spring-pool", RULES, mode="pool")
MARCH = date(2026, 3, 1)
SALES = [
    Sale("S1", "p1", "broadband", date(2026, 3, 10), "self_run_hall"),
    Sale("S2", "p1", "broadband", date(2026, 3, 12), "partner_hall"),
    Sale("S3", "p2", "mobile", date(2026, 3, 5), "agent_point"),
    Sale("S4", "p2", "iptv", date(2026, 3, 6), "agent_point"),
]


def test_points_follow_the_rule_for_the_product_channel_and_date():
    points = compute_points(FIXED, SALES)
    # the partner-hall rule beats the any-channel rule; March mobile is 6, not 5
    assert [sp.points for sp in points] == [10, 8, 6, 0]
    assert points[3].rule is None
    february = compute_points(FIXED, [Sale("S5", "p2", "mobile", date(2026, 2, 28))])
    assert february[0].points == 5


def test_at_a_fixed_value_each_point_is_worth_the_same():
    paid, lines = pay_points(FIXED, MARCH, compute_points(FIXED, SALES))
    assert [(p.sale.subscription_id, p.cents) for p in paid] == [
        ("S1", 2_500),
        ("S2", 2_000),
        ("S3", 1_500),
    ]
    assert {(ln.person_id, ln.cents) for ln in lines} == {("p1", 4_500), ("p2", 1_500)}
    assert all(ln.item == "spring-2026" for ln in lines)


def test_a_fraction_of_a_point_is_rounded_half_up_to_the_cent():
    scheme = PointsScheme("tiny", [PointsRule("sms", "0.3", date(2026, 1, 1))], cents_per_point=5)
    paid, _ = pay_points(scheme, MARCH, compute_points(scheme, [Sale("x", "p", "sms", MARCH)]))
    assert paid[0].cents == 2  # 1.5 cents → 2


def test_as_a_share_of_a_pool_the_pool_is_split_exactly_by_points():
    # 10,000 by 10 : 8 : 6 → 4,166.67 / 3,333.33 / 2,500; the spare cent goes to .67
    paid, lines = pay_points(POOLED, MARCH, compute_points(POOLED, SALES), pool_cents=10_000)
    assert [p.cents for p in paid] == [4_167, 3_333, 2_500]
    assert sum(ln.cents for ln in lines) == 10_000


def test_pool_mode_needs_a_pool():
    with pytest.raises(PointsError):
        pay_points(POOLED, MARCH, compute_points(POOLED, SALES))


def test_overlapping_rules_of_the_same_kind_are_refused():
    scheme = PointsScheme(
        "muddled",
        [PointsRule("mobile", 5, date(2026, 1, 1)), PointsRule("mobile", 7, date(2026, 2, 1))],
    )
    with pytest.raises(PointsError, match="overlap"):
        compute_points(scheme, [Sale("x", "p", "mobile", MARCH)])


def paid_in_march():
    return pay_points(FIXED, MARCH, compute_points(FIXED, SALES))[0]


def test_churn_within_three_months_is_a_negative_line_in_the_later_month_naming_the_sale():
    events = [SaleEvent("S1", date(2026, 5, 20), "churn")]
    lines = compute_clawbacks(date(2026, 5, 1), paid_in_march(), events)
    assert len(lines) == 1
    line = lines[0]
    assert (line.person_id, line.component, line.cents, line.item) == ("p1", CLAWBACK, -2_500, "S1")
    assert line.working.inputs["product"] == "broadband"
    assert line.working.inputs["sale_month"] == "2026-03"
    assert "subscription S1 (broadband, sold 2026-03" in line.reason


def test_churn_after_the_window_keeps_the_points():
    # sold 10 March: the window ends (exclusive) on 10 June
    events = [SaleEvent("S1", date(2026, 6, 10), "churn")]
    assert compute_clawbacks(date(2026, 6, 1), paid_in_march(), events) == []
    inside = [SaleEvent("S1", date(2026, 6, 9), "churn")]
    assert len(compute_clawbacks(date(2026, 6, 1), paid_in_march(), inside)) == 1


def test_an_add_found_invalid_is_clawed_back_like_churn():
    events = [SaleEvent("S3", date(2026, 4, 30), "invalid")]
    (line,) = compute_clawbacks(date(2026, 4, 1), paid_in_march(), events)
    assert (line.person_id, line.cents) == ("p2", -1_500)
    assert line.reason.startswith("invalid on 2026-04-30")


def test_a_clawback_never_lands_in_the_month_it_was_paid_nor_twice():
    events = [SaleEvent("S2", date(2026, 3, 25), "churn")]
    assert compute_clawbacks(MARCH, paid_in_march(), events) == []
    (april,) = compute_clawbacks(date(2026, 4, 1), paid_in_march(), events)
    assert april.cents == -2_000
    assert compute_clawbacks(date(2026, 5, 1), paid_in_march(), events, already_clawed={"S2"}) == []


def test_an_event_after_the_month_is_left_for_its_own_month():
    events = [SaleEvent("S1", date(2026, 5, 2), "churn")]
    assert compute_clawbacks(date(2026, 4, 1), paid_in_march(), events) == []


def test_the_clawback_sits_on_the_later_payslip_next_to_that_months_points():
    may_sales = [Sale("S9", "p1", "mobile", date(2026, 5, 3))]
    _, may_points = pay_points(FIXED, date(2026, 5, 1), compute_points(FIXED, may_sales))
    clawbacks = compute_clawbacks(
        date(2026, 5, 1), paid_in_march(), [SaleEvent("S1", date(2026, 5, 20))]
    )
    slip = build_payslips(date(2026, 5, 1), may_points, clawbacks)["p1"]
    assert [(ln.component, ln.cents) for ln in slip.lines] == [
        ("points", 1_500),
        ("clawback", -2_500),
    ]
    assert slip.total_cents == -1_000


def test_the_window_is_configurable():
    sale = PaidSale(
        Sale("S1", "p1", "broadband", date(2026, 1, 31)), 10, 2_500, date(2026, 1, 1), "x"
    )
    events = [SaleEvent("S1", date(2026, 2, 27))]
    assert compute_clawbacks(date(2026, 2, 1), [sale], events, window_months=1) != []
    late = [SaleEvent("S1", date(2026, 2, 28))]  # 31 Jan + 1 month = 28 Feb, exclusive
    assert compute_clawbacks(date(2026, 2, 1), [sale], late, window_months=1) == []


def test_each_payment_remembers_its_schemes_window():
    short = PointsScheme("short", RULES, cents_per_point=100, clawback_months=1)
    paid, _ = pay_points(short, MARCH, compute_points(short, SALES[:1]))  # S1 sold 10 March
    assert paid[0].clawback_months == 1
    april_churn = [SaleEvent("S1", date(2026, 4, 20))]
    assert compute_clawbacks(date(2026, 4, 1), paid, april_churn) == []
    assert len(compute_clawbacks(date(2026, 4, 1), paid_in_march(), april_churn)) == 1
