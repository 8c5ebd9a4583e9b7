"""Refusals: each names the unit, person and rule, and nothing is written."""

from __future__ import annotations

from datetime import date

import pytest

OCT = date(2026, 10, 1)
NOV = date(2026, 11, 1)
SEP = date(2026, 9, 1)


def counts():
    from wangge.pay.models import Distribution, PayLine, PayPool

    return PayPool.objects.count(), Distribution.objects.count(), PayLine.objects.count()


def test_missing_appraisal_is_refused(pay_city):
    from wangge.pay.pools import compute_pools
    from wangge.pay.refusals import PayRefused

    with pytest.raises(PayRefused) as exc:
        compute_pools(SEP)
    assert exc.value.messages == [
        "No appraisal for 2026-09: pay needs the month's published appraisal."
    ]
    assert counts() == (0, 0, 0)


def test_unpublished_month_is_refused(pay_city, publish_run):
    from wangge.pay.pools import compute_pools
    from wangge.pay.refusals import PayRefused

    u = pay_city["units"]
    publish_run(NOV, {u["lixia"]: 90, u["shizhong"]: 90}, {}, publish=False)
    with pytest.raises(PayRefused, match=r"appraisal of 2026-11 is not published"):
        compute_pools(NOV)
    assert counts() == (0, 0, 0)


def test_a_unit_without_a_score_or_base_refuses_the_whole_month(pay_city, publish_run):
    from wangge.pay.models import UnitPayBase
    from wangge.pay.pools import compute_pools
    from wangge.pay.refusals import PayRefused

    u = pay_city["units"]
    publish_run(NOV, {u["lixia"]: 90}, {})
    UnitPayBase.objects.filter(unit=u["lixia"]).update(valid_to=date(2026, 11, 1))
    with pytest.raises(PayRefused) as exc:
        compute_pools(NOV)
    text = "\n".join(exc.value.messages)
    assert "市中中心 · missing appraisal score" in text
    assert "历下中心 · pay base" in text
    assert counts() == (0, 0, 0)


def test_pool_below_the_sum_of_floors(pools, pay_city):
    from wangge.pay.models import PayConfig
    from wangge.pay.refusals import PayRefused
    from wangge.pay.workflow import start_draft

    PayConfig.objects.update(floor_cents=2_000_000)
    with pytest.raises(PayRefused) as exc:
        start_draft(pay_city["people"]["director"].user, pay_city["units"]["lixia"], OCT)
    assert any(
        m.startswith("历下中心 · pool below the sum of floors")
        and "¥34,200.00" in m
        and "¥60,000.00" in m
        for m in exc.value.messages
    ), exc.value.messages
    assert counts()[1:] == (0, 0)


def test_missing_person_score(pay_city, publish_run):
    from wangge.pay.pools import compute_pools
    from wangge.pay.refusals import PayRefused
    from wangge.pay.workflow import start_draft

    u, p = pay_city["units"], pay_city["people"]
    publish_run(NOV, {u["lixia"]: 90, u["shizhong"]: 90}, {p["gm_x"]: 90, p["gm_y"]: 90})
    compute_pools(NOV)
    with pytest.raises(PayRefused) as exc:
        start_draft(p["director"].user, u["lixia"], NOV)
    assert "历下中心 · 李社区 (S002) · missing appraisal score: no published appraisal score" in (
        exc.value.messages
    )
    assert counts()[1:] == (0, 0)


@pytest.fixture
def moved(pay_city):
    """李社区 leaves 网格X for 网格Z (市中中心) on 11 October: 10 days and 21 days."""
    from wangge.org.models import Assignment

    p, u = pay_city["people"], pay_city["units"]
    Assignment.objects.filter(person=p["cm_x"]).update(valid_to=date(2026, 10, 11))
    Assignment.objects.create(
        person=p["cm_x"], unit=u["z"], post="community_manager", valid_from=date(2026, 10, 11)
    )
    return pay_city


def test_two_units_in_a_month_split_by_days(moved):
    from fractions import Fraction

    from wangge.pay.pools import compute_pools
    from wangge.pay.staffing import load_team

    compute_pools(OCT)
    p, u = moved["people"], moved["units"]
    lx = load_team(u["lixia"], OCT)
    sz = load_team(u["shizhong"], OCT)
    assert lx.shares[p["cm_x"].pk] == Fraction(10, 31)
    assert sz.shares[p["cm_x"].pk] == Fraction(21, 31)
    assert not lx.problems


def test_two_units_in_a_month_refused_when_configured(moved):
    from wangge.pay.models import PayConfig
    from wangge.pay.pools import compute_pools
    from wangge.pay.refusals import PayRefused
    from wangge.pay.workflow import start_draft

    PayConfig.objects.update(two_units="refuse")
    compute_pools(OCT)
    p, u = moved["people"], moved["units"]
    with pytest.raises(PayRefused) as exc:
        start_draft(p["director"].user, u["lixia"], OCT)
    (msg,) = exc.value.messages
    assert msg.startswith("历下中心 · 李社区 (S002) · two units in a month")
    assert "历下中心、市中中心" in msg and "2026-10" in msg
    assert counts()[1:] == (0, 0)


def test_pool_locked_under_an_approved_distribution(pools, pay_city, publish_run):
    from wangge.pay.pools import compute_pools
    from wangge.pay.refusals import PayRefused
    from wangge.pay.workflow import decide, start_draft, submit

    u, p = pay_city["units"], pay_city["people"]
    d = start_draft(p["director"].user, u["lixia"], OCT)
    decide(p["marketing"].user, submit(p["director"].user, d), True)
    publish_run(OCT, {u["lixia"]: 60, u["shizhong"]: 80}, {}, version=2)
    with pytest.raises(PayRefused, match="历下中心 · locked pool"):
        compute_pools(OCT)
    from wangge.pay.models import PayPool

    assert PayPool.objects.get(unit=u["lixia"], month=OCT).pool_cents == 3_420_000


def test_unscored_people_left_out_when_configured(pay_city, publish_run):
    from wangge.pay.models import PayConfig
    from wangge.pay.pools import compute_pools
    from wangge.pay.staffing import load_team

    u, p = pay_city["units"], pay_city["people"]
    publish_run(NOV, {u["lixia"]: 90, u["shizhong"]: 90}, {p["gm_x"]: 90, p["gm_y"]: 90})
    compute_pools(NOV)
    PayConfig.objects.update(unscored="leave_out")
    ti = load_team(u["lixia"], NOV)
    assert set(ti.people) == {p["gm_x"].pk, p["gm_y"].pk}
    assert ti.notices == [
        "历下中心 · 李社区 (S002) · missing appraisal score:"
        " not in the published appraisal of 2026-11; left out of the pool"
    ]


def test_a_broken_rule_reads_in_chinese_with_yuan_from_its_words():
    """The core's violation carries a rule key and its figures; the page words them."""
    from types import SimpleNamespace

    from django.utils import translation

    import wangge.core.pay.wording  # noqa: F401  (registers the rules)
    from wangge.core.explain import Words
    from wangge.core.formatting import yuan
    from wangge.core.pay.common import Violation
    from wangge.pay.presentation import describe

    v = Violation(
        7,
        9,
        "cap",
        "unit 7, person 9: 1500000 cents is above the cap 1368000 cents (k × team average × share)",
        Words("violation.cap", a=yuan(1_500_000), b=yuan(1_368_000)),
    )
    units = {7: SimpleNamespace(name="历下中心")}
    people = {9: SimpleNamespace(name="赵网格", staff_no="S003")}
    with translation.override("zh-hans"):
        text = describe(v, units, people)
    assert text.startswith("历下中心 · 赵网格 (S003) · ")
    assert "¥15,000.00" in text and "¥13,680.00" in text
    assert "cents" not in text and "person 9" not in text
