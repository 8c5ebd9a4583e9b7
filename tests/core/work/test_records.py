"""Completeness scores and freshness of customer records."""

from datetime import datetime, timedelta

import pytest

from wangge.core.work import records as r

NOW = datetime(2026, 12, 3, 12)


def test_completeness_is_the_weighted_share_by_kind():
    assert r.completeness("individual", ["name", "phone", "address", "place", "services"]) == 1
    assert r.completeness("individual", ["name"]) == pytest.approx(0.1)
    assert r.completeness("individual", ["name", "phone"]) == pytest.approx(0.4)
    # a business needs its credit code and industry too
    assert r.completeness("business", ["name", "phone", "address", "place", "services"]) < 0.7
    assert r.completeness("individual", ["industry"]) == 0  # not a fact of a person
    assert r.missing("individual", ["name", "phone"]) == ["address", "place", "services"]


def test_freshness():
    assert r.days_since(None, NOW) is None
    assert r.days_since(NOW - timedelta(days=5, hours=3), NOW) == 5
    assert r.is_stale(None, NOW, 30)
    assert r.is_stale(NOW - timedelta(days=30), NOW, 30)
    assert not r.is_stale(NOW - timedelta(days=29), NOW, 30)
    with pytest.raises(ValueError):
        r.is_stale(None, NOW, 0)


def test_a_grid_summary():
    g = r.summarise([1.0, 0.5, 0.0, 1.0], [True, False, True, False])
    assert (g.customers, g.complete, g.stale) == (4, 2, 2)
    assert g.average == pytest.approx(0.625) and g.complete_rate == 0.5 and g.stale_rate == 0.5
    assert r.summarise([], []).average is None and r.summarise([], []).complete_rate is None
