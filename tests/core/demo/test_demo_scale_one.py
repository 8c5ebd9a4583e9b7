"""Scale 1 is the city the product demos with: its sizes are promised exactly."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from wangge.core.demo import generate


@pytest.mark.slow
def test_scale_one_has_the_promised_sizes(tmp_path):
    s = generate(tmp_path, scale=1, months=3, end_month=date(2026, 10, 1))
    assert s.rows["customer"] == 200_000
    assert s.rows["subscription"] == 300_000
    assert s.rows["place"] == 2_000
    assert s.rows["person"] == 400
    unit = pq.read_table(tmp_path / "dims" / "unit.parquet")
    kinds = Counter(unit["kind"].to_pylist())
    assert kinds["grid"] == 120 and kinds["center"] == 6 and kinds["county"] == 4
    assert kinds["city"] == 1 and kinds["virtual"] == 1 and kinds["area"] >= 2
    grids = unit.filter(pc.equal(unit["kind"], "grid"))
    assert set(grids["grid_class"].to_pylist()) == {"A", "B"}
    assert set(grids["grid_type"].to_pylist()) == {
        "residential",
        "small_business",
        "gov_enterprise",
        "campus",
        "rural",
    }
    # 40 channels for each center and county: count by the district of the supporting grid
    links = {
        r["unit_id"]: r["parent_id"]
        for r in pq.read_table(tmp_path / "dims" / "unit_link.parquet").to_pylist()
        if r["valid_to"] is None
    }
    kind = dict(zip(unit["unit_id"].to_pylist(), unit["kind"].to_pylist(), strict=True))

    def district(uid: int) -> int:
        while kind[uid] not in ("center", "county"):
            uid = links[uid]
        return uid

    channels = pq.read_table(tmp_path / "dims" / "channel.parquet")
    per_district = Counter(district(g) for g in channels["grid_id"].to_pylist())
    assert len(per_district) == 10 and set(per_district.values()) == {40}
    posts = Counter(pq.read_table(tmp_path / "dims" / "person.parquet")["post"].to_pylist())
    assert posts["grid_manager"] == 120
    assert posts["center_director"] == 10
    assert posts["service_director"] == 4
    assert posts["marketing_department"] >= 3 and posts["back_office"] >= 5
    assert s.seconds < 60
