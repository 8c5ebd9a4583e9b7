"""Second distribution inside 历下中心: draft, what-if, submit, approve, lock, correct.

Hand-worked: pool 34,200 yuan → formula part 27,360 (80 %), discretionary 6,840.
Weights: 王网格 1.5 × 90 = 135, 李社区 1.0 × 80 = 80, 赵网格 1.5 × 100 = 150 (Σ 365).
Formula: 王 1,011,945, 李 599,671, 赵 1,124,384 cents (largest remainder gives 赵 the
last cent). Cap: 1.2 × 3,420,000 / 3 = 1,368,000 cents.
"""

from __future__ import annotations

from datetime import date

import pytest

OCT = date(2026, 10, 1)

BALANCED = "balanced"


@pytest.fixture
def ids(pay_city):
    return {k: v.pk for k, v in pay_city["people"].items()}


def split(ids, gm_x=228_000, cm_x=228_000, gm_y=228_000, reason="完成移动新增"):
    return {
        ids["gm_x"]: (gm_x, reason if gm_x else ""),
        ids["cm_x"]: (cm_x, reason if cm_x else ""),
        ids["gm_y"]: (gm_y, reason if gm_y else ""),
    }


@pytest.fixture
def draft(pools, users, pay_city):
    from wangge.pay.workflow import start_draft

    return start_draft(users["director"], pay_city["units"]["lixia"], OCT)


def pay_by_person(dist, component):
    return {ln.person_id: int(ln.amount_cents) for ln in dist.lines.filter(component=component)}


def test_draft_computes_the_formula_part_and_proposes_a_split(draft, ids):
    assert draft.version == 1 and draft.status == "draft"
    assert draft.formula_part_cents == 2_736_000
    assert draft.discretionary_part_cents == 684_000
    formula = pay_by_person(draft, "formula")
    assert formula == {ids["gm_x"]: 1_011_945, ids["cm_x"]: 599_671, ids["gm_y"]: 1_124_384}
    disc = pay_by_person(draft, "discretionary")
    assert sum(disc.values()) == 684_000
    total = sum(int(ln.amount_cents) for ln in draft.lines.all())
    assert total == 3_420_000  # exact to the cent
    assert all(ln.reason for ln in draft.lines.filter(component="discretionary"))


def test_formula_line_carries_the_appraisal_score(draft, ids):
    line = draft.lines.get(person_id=ids["gm_x"], component="formula")
    assert line.derivation["scorecard"]["total"] == "90.00"
    facts = {f["label"]: f["value"] for f in line.derivation["inputs"]}
    assert facts["post"] == "grid_manager" and facts["score"] == "90"


def test_what_if_flags_the_cap_and_writes_nothing(draft, ids, pay_city):
    from wangge.pay.models import PayLine
    from wangge.pay.workflow import evaluate

    before = list(PayLine.objects.values_list("pk", "amount_cents"))
    ev = evaluate(pay_city["units"]["lixia"], OCT, split(ids, 0, 0, 684_000))
    assert not ev.ok
    caps = [v for v in ev.violations if v.rule == "cap"]
    assert [v.person_id for v in caps] == [ids["gm_y"]]
    assert any("赵网格 (S003)" in m and "cap" in m for m in ev.messages)
    assert list(PayLine.objects.values_list("pk", "amount_cents")) == before


def test_save_refuses_a_split_over_the_cap_and_keeps_the_draft(draft, ids, users):
    from wangge.pay.refusals import PayRefused
    from wangge.pay.workflow import save_draft

    before = pay_by_person(draft, "discretionary")
    with pytest.raises(PayRefused) as exc:
        save_draft(users["director"], draft, split(ids, 0, 0, 684_000))
    text = " ".join(exc.value.messages)
    assert "历下中心" in text and "赵网格 (S003)" in text and "cap" in text
    assert "¥13,680.00" in text  # the cap, in yuan
    assert pay_by_person(draft, "discretionary") == before


@pytest.mark.parametrize(
    ("alloc", "rule"),
    [
        ({"gm_x": 100_000, "cm_x": 100_000, "gm_y": 100_000}, "exact total"),
        ({"gm_x": 684_000, "cm_x": 0, "gm_y": 0, "reason": ""}, "written reason"),
    ],
)
def test_save_refuses_wrong_totals_and_missing_reasons(draft, ids, users, alloc, rule):
    from wangge.pay.refusals import PayRefused
    from wangge.pay.workflow import save_draft

    reason = alloc.pop("reason", "理由")
    with pytest.raises(PayRefused) as exc:
        save_draft(users["director"], draft, split(ids, **alloc, reason=reason))
    assert any(rule in m and "历下中心" in m for m in exc.value.messages)


def test_submit_approve_lock(draft, ids, users):
    from wangge.pay.models import DistributionLocked, PayLine
    from wangge.pay.refusals import PayRefused
    from wangge.pay.workflow import decide, submit

    with pytest.raises(PayRefused, match="marketing"):
        decide(users["director"], draft, True)
    d = submit(users["director"], draft, split(ids))
    assert d.status == "submitted" and d.submitted_at
    with pytest.raises(PayRefused, match="only the marketing department"):
        decide(users["gm_x"], d, True)
    d = decide(users["marketing"], d, True, "同意")
    assert d.status == "approved" and d.approved_by == users["marketing"]
    # locked: the model refuses, the flows refuse
    d.comment = "changed"
    with pytest.raises(DistributionLocked):
        d.save()
    line = PayLine.objects.filter(distribution=d).first()
    line.amount_cents += 1
    with pytest.raises(DistributionLocked):
        line.save()
    with pytest.raises(DistributionLocked):
        d.delete()
    d.refresh_from_db()
    with pytest.raises(PayRefused):
        submit(users["director"], d)


def test_return_needs_a_comment_and_goes_back_to_the_director(draft, ids, users):
    from wangge.pay.refusals import PayRefused
    from wangge.pay.workflow import decide, save_draft, submit

    d = submit(users["director"], draft, split(ids))
    with pytest.raises(PayRefused, match="comment"):
        decide(users["marketing"], d, False, "  ")
    d = decide(users["marketing"], d, False, "赵网格的理由不够具体")
    assert d.status == "returned" and d.comment == "赵网格的理由不够具体"
    d = save_draft(users["director"], d, split(ids, 284_000, 200_000, 200_000))
    assert d.status == "draft" and d.version == 1


def test_only_the_centers_director_drafts(pools, users, pay_city):
    from wangge.pay.refusals import PayRefused
    from wangge.pay.workflow import start_draft

    with pytest.raises(PayRefused, match="director"):
        start_draft(users["gm_x"], pay_city["units"]["lixia"], OCT)
    with pytest.raises(PayRefused, match="市中中心"):
        start_draft(users["director"], pay_city["units"]["shizhong"], OCT)


def test_correction_is_a_new_version_with_a_diff(draft, ids, users, pay_city):
    from wangge.pay.versions import diff
    from wangge.pay.workflow import decide, save_draft, start_draft, submit

    v1 = decide(users["marketing"], submit(users["director"], draft, split(ids)), True)
    v2 = start_draft(users["director"], pay_city["units"]["lixia"], OCT)
    assert v2.pk != v1.pk and v2.version == 2 and v2.status == "draft"
    # starts from the approved split
    assert pay_by_person(v2, "discretionary") == pay_by_person(v1, "discretionary")
    v2 = save_draft(users["director"], v2, split(ids, 328_000, 128_000, 228_000))
    rows = {(r["person"].pk, r["component"]): r for r in diff(v2)}
    assert rows[(ids["gm_x"], "discretionary")]["before_cents"] == 228_000
    assert rows[(ids["gm_x"], "discretionary")]["after_cents"] == 328_000
    assert rows[(ids["cm_x"], "discretionary")]["delta_cents"] == -100_000
    assert (ids["gm_y"], "discretionary") not in rows  # unchanged
    assert (ids["gm_x"], "formula") not in rows
    v1.refresh_from_db()
    assert v1.status == "approved"  # the approved version stays as it was


def test_training_shortfall_and_rural_allowance(pools, users, pay_city, ids):
    from decimal import Decimal

    from wangge.pay.models import PayConfig, PersonMonth
    from wangge.pay.workflow import start_draft

    PayConfig.objects.update(rural_allowances={"food": 30_000, "transport": 20_000})
    people = pay_city["people"]
    # 10 of the 33⅓ hours due by October: 23⅓ short → min(0.01 × 23⅓, 0.2) = 20 %
    PersonMonth.objects.create(month=OCT, person=people["cm_x"], training_hours=Decimal(10))
    PersonMonth.objects.create(month=OCT, person=people["gm_y"], rural=True)
    d = start_draft(users["director"], pay_city["units"]["lixia"], OCT)
    ded = pay_by_person(d, "training_deduction")
    assert ded == {ids["cm_x"]: -119_934}  # 20 % of 599,671, half up
    red = pay_by_person(d, "training_redistribution")
    assert sum(red.values()) == 119_934 and set(red) == {ids["gm_x"], ids["gm_y"]}
    allow = d.lines.filter(component="allowance", person_id=ids["gm_y"])
    assert {a.item: int(a.amount_cents) for a in allow} == {"food": 30_000, "transport": 20_000}
    pool_pay = sum(int(ln.amount_cents) for ln in d.lines.exclude(component="allowance"))
    assert pool_pay == 3_420_000  # allowances are on top of the pool
