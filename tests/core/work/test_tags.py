"""Rule tags: contract ends this quarter, competitor broadband, high-ARPU family."""

from datetime import date

from wangge.core.work import tags as t

DAY = date(2026, 12, 3)


def test_quarters():
    assert t.quarter_of(DAY) == (date(2026, 10, 1), date(2026, 12, 31))
    assert t.quarter_of(date(2026, 2, 28)) == (date(2026, 1, 1), date(2026, 3, 31))
    assert t.quarter_of(date(2026, 6, 30)) == (date(2026, 4, 1), date(2026, 6, 30))


def test_a_contract_ending_this_quarter_on_an_active_line_or_the_survey():
    line = t.Line("mobile", "active", 5000, date(2026, 12, 31))
    assert t.CONTRACT_ENDS_THIS_QUARTER in t.rule_tags(t.Facts("individual", "ours", (line,)), DAY)
    gone = t.Line("mobile", "cancelled", 5000, date(2026, 12, 31))
    assert not t.rule_tags(t.Facts("individual", "ours", (gone,)), DAY)
    later = t.Line("mobile", "active", 5000, date(2027, 1, 1))
    assert not t.rule_tags(t.Facts("individual", "ours", (later,)), DAY)
    surveyed = t.Facts("business", "competitor", surveyed_contract_end=date(2026, 11, 1))
    assert t.CONTRACT_ENDS_THIS_QUARTER in t.rule_tags(surveyed, DAY)


def test_competitor_broadband_from_the_survey_or_the_ownership():
    assert t.COMPETITOR_BROADBAND in t.rule_tags(
        t.Facts("household", "ours", surveyed={"broadband": "china_mobile"}), DAY
    )
    assert t.COMPETITOR_BROADBAND not in t.rule_tags(
        t.Facts("household", "ours", surveyed={"broadband": "ours"}), DAY
    )
    assert t.COMPETITOR_BROADBAND in t.rule_tags(t.Facts("household", "competitor"), DAY)
    ours = t.Line("broadband", "active", 10000)
    assert t.COMPETITOR_BROADBAND not in t.rule_tags(
        t.Facts("household", "competitor", (ours,)), DAY
    )


def test_high_arpu_family_sums_active_lines_of_households_only():
    lines = (t.Line("mobile", "active", 12800), t.Line("broadband", "active", 7200))
    assert t.HIGH_ARPU_FAMILY in t.rule_tags(t.Facts("household", "ours", lines), DAY)
    assert t.HIGH_ARPU_FAMILY not in t.rule_tags(t.Facts("individual", "ours", lines), DAY)
    low = (t.Line("mobile", "active", 12800), t.Line("broadband", "suspended", 7200))
    assert t.HIGH_ARPU_FAMILY not in t.rule_tags(t.Facts("household", "ours", low), DAY)
    rich = t.TagOptions(high_arpu_cents=30_000)
    assert t.HIGH_ARPU_FAMILY not in t.rule_tags(t.Facts("household", "ours", lines), DAY, rich)
