"""The distribution chart's cap line is the cap the core enforces, handed over in cents.

It used to be a second computation in floats (k × the average of what was paid,
rounded to yuan); now the page asks the core (``cap_cents``, the very bound the
editor's checks refuse a split above) and the script only draws it.
"""

from __future__ import annotations

import json
import re

from tests.pay.conftest import OCT
from wangge.pay.presentation import team_rows
from wangge.pay.versions import allocations_of


def _chart(html: str) -> dict:
    raw = re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', html, re.S)
    assert raw, "the page hands the chart its data"
    return json.loads(raw.group(1))


def test_the_cap_line_is_the_bound_the_editor_refuses_above(pools, pay_city, login):
    from wangge.pay import workflow

    p, u = pay_city["people"], pay_city["units"]
    d = workflow.submit(
        p["director"].user, workflow.start_draft(p["director"].user, u["lixia"], OCT)
    )
    chart = _chart(login("marketing").get(f"/pay/distributions/{d.pk}/").content.decode())
    ev = workflow.evaluate(u["lixia"], OCT, allocations_of(d))
    caps = {pp.cap_cents for pp in ev.draft.people if pp.share == 1}
    assert caps == {chart["cap_cents"]}  # everyone there a whole month: one bound, the core's
    # 1.2 × the pool over three people, rounded down to the cent
    assert chart["cap_cents"] == (12 * d.pool_cents) // 30
    assert isinstance(chart["cap_cents"], int)


def test_the_chart_data_are_cents_not_floats_of_yuan(pools, pay_city, login):
    from wangge.pay import workflow

    p, u = pay_city["people"], pay_city["units"]
    d = workflow.start_draft(p["director"].user, u["lixia"], OCT)
    chart = _chart(login("director").get(f"/pay/distributions/{d.pk}/").content.decode())
    rows = team_rows(d)
    assert sorted(chart["pay_cents"], reverse=True) == chart["pay_cents"]
    assert sum(chart["pay_cents"]) == sum(r["pool_pay"] for r in rows)
    assert all(isinstance(c, int) for c in chart["pay_cents"] + chart["total_cents"])
    assert isinstance(chart["average_cents"], int)
