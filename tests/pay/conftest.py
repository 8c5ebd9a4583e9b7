"""The hand-made city with pay set up: bases, a published October appraisal.

历下中心 (tier A, base ¥30,000, unit score 95) pays 王网格 (grid manager, 90),
李社区 (community manager, 80) and 赵网格 (grid manager, 100); the director is
outside the pool. 市中中心 (tier B, base ¥20,000, score 80) has nobody.
Cap k = 1.2 (so a lopsided split breaks it), floor ¥3,000.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

OCT = date(2026, 10, 1)
NOV = date(2026, 11, 1)


def publish(month, unit_scores, person_scores, *, publish=True, version=1):
    """An appraisal run with unit and person cards (one item each), then published."""
    from wangge.appraisal.models import AppraisalRun, ItemScore, ScoreCard

    run = AppraisalRun.objects.create(month=month, version=version)
    for subject, total in [*unit_scores.items(), *person_scores.items()]:
        kind = "unit" if subject in unit_scores else "person"
        card = ScoreCard.objects.create(
            run=run,
            subject_kind=kind,
            unit=subject if kind == "unit" else None,
            person=subject if kind == "person" else None,
            scheme_code=f"{kind}-default",
            quantitative=Decimal(total) * Decimal("0.8"),
            qualitative=Decimal(total) * Decimal("0.2"),
            total=Decimal(total),
            rank=1,
            peers=3,
        )
        ItemScore.objects.create(
            card=card,
            key="new_adds.mobile",
            label="移动新增",
            weight=Decimal(80),
            actual=Decimal(total),
            target=Decimal(100),
            points=Decimal(total) * Decimal("0.8"),
        )
    if publish:
        run.status = "published"
        run.save()
    return run


@pytest.fixture(autouse=True)
def _in_english(client, settings):
    """Messages are asserted in their English source form, whatever the catalogue says."""
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def publish_run():
    """``publish_run(month, unit_scores, person_scores, publish=True, version=1)``."""
    return publish


@pytest.fixture
def pay_city(city):
    from wangge.pay.models import PayConfig, UnitPayBase

    u, p = city["units"], city["people"]
    PayConfig.objects.create(company=u["city"], cap_multiple=Decimal("1.2"), floor_cents=300_000)
    UnitPayBase.objects.create(
        unit=u["lixia"], tier="A", base_cents=3_000_000, valid_from=date(2025, 1, 1)
    )
    UnitPayBase.objects.create(
        unit=u["shizhong"], tier="B", base_cents=2_000_000, valid_from=date(2025, 1, 1)
    )
    publish(
        OCT,
        {u["lixia"]: 95, u["shizhong"]: 80},
        {p["gm_x"]: 90, p["cm_x"]: 80, p["gm_y"]: 100},
    )
    return city


@pytest.fixture
def pools(pay_city):
    from wangge.pay.services import compute_pools

    return {p.unit.code: p for p in compute_pools(OCT)}


@pytest.fixture
def users(pay_city):
    return {k: v.user for k, v in pay_city["people"].items()}
