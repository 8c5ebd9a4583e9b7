"""The audited grid's second card on the audit scheme, worked by hand in the core."""

from __future__ import annotations

from datetime import date
from fractions import Fraction as F

from wangge.core import appraisal as core
from wangge.core.defaults import grid_scheme, standardisation_audit_scheme
from wangge.core.people.audit_card import audit_subjects, with_audit_cards

OCT = date(2026, 10, 1)


def _grid(key, manual=None, targets=None):
    return core.Subject(
        key=key, kind="unit", ref=int(key[1]), role="grid", label=key.split()[1], grid_class="A",
        manual={k: core.ManualFigure(F(v), "standardisation audit")
                for k, v in (manual or {}).items()},
        targets=targets or {},
    )  # fmt: skip


X = _grid("G1 网格X", {"hardware": 50, "indicators": 90, "internal_management": 100,
                     "satisfaction": 91})  # fmt: skip
Y = _grid("G2 网格Y", {"hardware": 100, "indicators": 100, "internal_management": 50})
Z = _grid("G3 网格Z")
PERSON = core.Subject(key="P1 王网格", kind="person", ref=1, role="grid_manager", label="王网格",
                      manual={"hardware": core.ManualFigure(F(10), "x")})  # fmt: skip


def test_only_audited_grids_get_a_second_subject_with_the_audit_figures_alone():
    schemes = [grid_scheme("A"), standardisation_audit_scheme()]
    extra = audit_subjects(OCT, [X, Y, Z, PERSON], schemes)
    assert [s.key for s in extra] == ["G1 网格X · standardisation audit",
                                      "G2 网格Y · standardisation audit"]  # fmt: skip
    x = extra[0]
    assert (x.role, x.ref, x.label) == ("standardisation_audit", X.ref, "网格X")
    assert set(x.manual) == {"hardware", "indicators", "internal_management"}
    assert {k: (t.value, t.measure) for k, t in x.targets.items()} == {
        k: (100, "points") for k in ("hardware", "indicators", "internal_management")
    }
    assert with_audit_cards(OCT, [X, Z], schemes) == [X, Z, extra[0]]


def test_no_audit_scheme_in_force_means_no_second_card():
    late = standardisation_audit_scheme()
    from dataclasses import replace

    assert audit_subjects(OCT, [X], [replace(late, valid_from=date(2026, 11, 1))]) == []
    assert audit_subjects(OCT, [X], [grid_scheme("A")]) == []


def test_the_audit_card_scores_sections_by_the_scheme_weights_worked_by_hand():
    scheme = standardisation_audit_scheme()
    result = core.close_month(OCT, audit_subjects(OCT, [X, Y, Z], [scheme]), [scheme])
    cards = {c.subject.label: c.card for c in result.cards}
    # X: hardware 30 × 50 / 100 = 15, indicators 50 × 90 / 100 = 45, management 20 × 1 = 20
    x = cards["网格X"]
    assert {i.key: i.points for i in x.items} == {
        "hardware": F(15), "indicators": F(45), "internal_management": F(20)}  # fmt: skip
    assert (x.total, x.passed) == (F(80), True)
    # Y: 30 + 50 + 20 × 50 / 100 = 10 → 90, ranked first of two
    y = cards["网格Y"]
    assert (y.total, y.passed, y.rank, x.rank, y.peers) == (F(90), True, F(1), F(2), 2)
    assert set(cards) == {"网格X", "网格Y"}
