"""The month-end close scores the audit: an audited grid gets a second card on the
standardisation-audit scheme, beside its ordinary card, linked from the audit page."""

from __future__ import annotations

import importlib.util
from decimal import Decimal
from pathlib import Path

import pytest

from tests.people.conftest import OCT, PASSING
from wangge.people import audits, feed


def _store_helpers():
    path = Path(__file__).parents[1] / "appraisal" / "appraisal_store.py"
    spec = importlib.util.spec_from_file_location("appraisal_store_people", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def closed_city(city, tmp_path, settings):
    """The appraisal tests' city and month, with the people conftest's audit checklist."""
    from wangge.people.models import AuditItem

    helpers = _store_helpers()
    settings.STORE_DIR = tmp_path / "store"
    helpers.build_store(settings.STORE_DIR, city)
    helpers.fill_month(city)
    for code, section, text, top in [
        ("h1", "hardware", "门头与标识", 10), ("h2", "hardware", "网格作战图", 20),
        ("i1", "indicators", "名单制执行", 50), ("m1", "internal_management", "例会与日志", 20),
    ]:  # fmt: skip
        AuditItem.objects.create(code=code, section=section, text=text, max_points=top)
    return city


def _entries(scores):
    return {k: audits.Entry(Decimal(v)) for k, v in scores.items()}


def test_audited_grids_get_a_scored_audit_card_worked_by_hand(closed_city, login):
    from wangge.appraisal.close import close_month

    u, director = closed_city["units"], closed_city["people"]["director"].user
    x_audit = audits.record(director, u["x"], OCT, _entries(PASSING))  # sections 50, 90, 100
    audits.record(director, u["y"], OCT, _entries({"h1": 10, "h2": 20, "i1": 50, "m1": 10}))
    feed.feed_month(None, OCT, company=True)
    run = close_month(OCT)
    cards = run.cards.filter(scheme_code="standardisation-audit")
    by_grid = {c.unit.name: c for c in cards.select_related("unit")}
    assert set(by_grid) == {"网格X", "网格Y"}  # 网格Z was not audited: no audit card
    x = by_grid["网格X"]
    # hardware 30 × 50 % = 15, indicators 50 × 90 % = 45, internal management 20 × 100 % = 20
    points = {i.key: i.points for i in x.items.all()}
    assert points == {"hardware": Decimal("15.00"), "indicators": Decimal("45.00"),
                      "internal_management": Decimal("20.00")}  # fmt: skip
    assert (x.total, x.passed) == (Decimal("80.00"), True) and x.total == x_audit.total
    # 网格Y: 30 + 50 + 20 × 50 % = 90, first of the two audited grids
    y = by_grid["网格Y"]
    assert (y.total, y.rank, x.rank, x.peers) == (Decimal("90.00"), 1, 2, 2)
    # the grid's ordinary card is untouched (65.75 worked by hand in the appraisal tests)
    assert run.cards.get(unit=u["x"], scheme_code="grid-A-five-rates").total == Decimal("65.75")
    assert run.summary["schemes"]["standardisation-audit"] == 2
    # what reads one card per grid (pay, trends, the map, best and worst) reads the own card
    own = run.cards.ordinary().filter(subject_kind="unit", unit__kind="grid")
    assert own.get(unit=u["x"]).scheme_code == "grid-A-five-rates"
    assert own.filter(scheme_code="standardisation-audit").count() == 0
    grids = login("marketing").get("/api/appraisal/grid-scores/", {"month": "2026-10"}).json()
    listed = [g["unit"] for g in grids["grids"]]
    assert u["x"].pk in listed and len(listed) == len(set(listed))
    assert next(g for g in grids["grids"] if g["unit"] == u["x"].pk)["total"] == "65.75"
    page = login("director").get(f"/people/audits/{x_audit.pk}/").content.decode()
    assert f"/appraisal/card/{x.pk}/" in page


def test_the_audit_page_says_when_the_month_is_not_closed(closed_city, login):
    u, director = closed_city["units"], closed_city["people"]["director"].user
    audit = audits.record(director, u["x"], OCT, _entries(PASSING))
    page = login("director").get(f"/people/audits/{audit.pk}/").content.decode()
    assert "/appraisal/card/" not in page
