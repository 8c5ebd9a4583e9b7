"""Pay tests run in English; ``pay_city`` (in tests/conftest.py) sets pay up:

历下中心 (tier A, base ¥30,000, unit score 95) pays 王网格 (grid manager, 90),
李社区 (community manager, 80) and 赵网格 (grid manager, 100); the director is
outside the pool. 市中中心 (tier B, base ¥20,000, score 80) has nobody.
Cap k = 1.2 (so a lopsided split breaks it), floor ¥3,000.
"""

from __future__ import annotations

from datetime import date

import pytest

OCT = date(2026, 10, 1)
NOV = date(2026, 11, 1)


@pytest.fixture(autouse=True)
def _in_english(client, settings):
    """Messages are asserted in their English source form, whatever the catalogue says."""
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def pools(pay_city):
    from wangge.pay.pools import compute_pools

    return {p.unit.code: p for p in compute_pools(OCT)}


@pytest.fixture
def users(pay_city):
    return {k: v.user for k, v in pay_city["people"].items()}
