"""The demo preparation leaves a closed, published month with scores to show."""

from __future__ import annotations

from datetime import date

import pytest

OCT = date(2026, 10, 1)
pytestmark = pytest.mark.django_db


def test_prepare_demo_publishes_the_month(city, store):
    from wangge.appraisal.models import AppraisalRun, Scheme, Target
    from wangge.demo.appraisal import prepare_demo

    runs = prepare_demo([OCT])
    assert [(r.month, r.status) for r in runs] == [(OCT, "published")]
    run = AppraisalRun.objects.get(month=OCT)
    assert {c.label for c in run.cards.all()} >= {"网格X", "网格Y", "网格Z", "王网格"}
    assert Scheme.objects.count() == 10
    # product-line targets decomposed from last year's valid adds, adding up exactly
    mobile = Target.objects.filter(month=OCT, indicator_key="new_adds.mobile")
    city_total = mobile.get(unit__code="JN").value
    assert sum(t.value for t in mobile.filter(unit__kind="grid")) == city_total
    # idempotent: a published month is left alone
    assert prepare_demo([OCT]) == []
