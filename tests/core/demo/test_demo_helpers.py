"""The small pure pieces: allocation, names and numbers, layout, the churn hazard."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
import shapely

from wangge.core.demo import churn, layout, names
from wangge.core.demo.alloc import allocate
from wangge.core.demo.timeline import Window, default_end_month


def test_allocate_is_exact_and_respects_minimum():
    parts = allocate(120, np.array([16, 14, 12, 12, 18, 8, 8, 10, 8, 14]))
    assert parts.tolist() == [16, 14, 12, 12, 18, 8, 8, 10, 8, 14]
    parts = allocate(10, np.array([100, 1, 1, 1]), minimum=2)
    assert parts.sum() == 10 and parts.min() >= 2
    with pytest.raises(ValueError):
        allocate(3, np.array([1, 1]), minimum=2)


def test_id_numbers_carry_a_valid_check_character():
    rng = np.random.default_rng(7)
    ids = names.id_numbers(rng, 500, np.full(500, 370102), 0, 12_000).to_pylist()
    assert all(len(i) == 18 and i.startswith("370102") and names.id_is_valid(i) for i in ids)
    assert not names.id_is_valid(ids[0][:17] + ("0" if ids[0][17] != "0" else "1"))


def test_credit_codes_are_valid_unified_social_credit_codes():
    rng = np.random.default_rng(7)
    codes = names.credit_codes(rng, 300, np.full(300, 370103)).to_pylist()
    assert all(c.startswith("91370103") and names.uscc_is_valid(c) for c in codes)


def test_phones_are_eleven_digits_with_mobile_prefixes():
    rng = np.random.default_rng(7)
    for p in names.phone_numbers(rng, 1_000).astype(str):
        assert len(p) == 11 and p[:2] in ("13", "15", "18")


def test_person_names_are_two_or_three_chinese_characters():
    rng = np.random.default_rng(7)
    for n in names.person_names_array(rng, 200).to_pylist():
        assert 2 <= len(n) <= 3 and all("\u4e00" <= ch <= "\u9fff" for ch in n)


def test_jinan_has_six_urban_districts_and_four_counties():
    city = layout.load_jinan()
    assert sum(d.urban for d in city.districts) == 6
    assert sum(not d.urban for d in city.districts) == 4
    assert city.name == "济南市"


def test_district_territories_do_not_overlap_and_hold_their_seat():
    city = layout.load_jinan()
    terr = layout.district_territories(city)
    plane = layout.Plane(city.lon, city.lat)
    for i, (d, t) in enumerate(zip(city.districts, terr, strict=True)):
        x, y = plane.to_km(d.lon, d.lat)
        assert t.contains(shapely.Point(float(x), float(y)))
        for other in terr[i + 1 :]:
            assert t.intersection(other).area < 1e-6


def test_tiles_cover_the_territory_without_overlap():
    rng = np.random.default_rng(3)
    territory = shapely.Point(0, 0).buffer(7)
    cells, seeds = layout.tile_territory(rng, territory, 15, (0.0, 0.0), 5.0)
    assert len(cells) == 15
    assert abs(sum(c.area for c in cells) - territory.area) < 1e-6
    for i, c in enumerate(cells):
        assert c.contains(shapely.Point(*seeds[i]))
        for other in cells[i + 1 :]:
            assert c.intersection(other).area < 1e-9


def test_default_end_month_is_the_last_full_month():
    assert default_end_month(date(2026, 11, 23)) == date(2026, 10, 1)
    assert default_end_month(date(2026, 1, 1)) == date(2025, 12, 1)
    w = Window(date(2026, 10, 1), 13)
    assert w.starts[0] == date(2025, 10, 1) and w.starts[-1] == date(2026, 10, 1)
    assert w.lengths().tolist()[:3] == [31, 30, 31]


def _logit(**over):
    base = dict(
        contract_ending=np.zeros(1),
        contract_lapsed=np.zeros(1),
        usage_drop=np.zeros(1),
        complaints_3m=np.zeros(1),
        arrears=np.zeros(1),
        new_user=np.zeros(1),
        leaving=np.zeros(1),
        latent=np.zeros(1),
        grid_effect=np.zeros(1),
        season=0.0,
    )
    base.update({k: np.full(1, v) for k, v in over.items()})
    return float(churn.hazard(churn.churn_logit(**base))[0])


@pytest.mark.parametrize(
    "driver",
    ["contract_ending", "contract_lapsed", "usage_drop", "complaints_3m", "arrears", "new_user"],
)
def test_every_observable_driver_raises_the_hazard(driver):
    assert _logit(**{driver: 1.0}) > 1.3 * _logit()


def test_complaints_saturate():
    assert _logit(complaints_3m=10.0) == _logit(complaints_3m=3.0)


def test_above_scale_ten_the_city_is_repeated_as_a_province():
    from wangge.core.demo.city import city_layout, city_template

    assert [c[0] for c in city_layout(1)] == ["济南市"]
    assert len(city_layout(10)) == 1
    cities = city_layout(100)
    assert len(cities) == 10 and cities[0][0] == "济南市"
    assert all(abs(c[3] - 10) < 1e-9 for c in cities)
    assert len({c[0] for c in cities}) == 10
    qingdao = city_template(1, *cities[1][:3])
    jinan = city_template(0, *cities[0][:3])
    assert [d.urban for d in qingdao.districts] == [d.urban for d in jinan.districts]
    assert not {d.name for d in qingdao.districts} & {d.name for d in jinan.districts}
    shift = qingdao.lon - jinan.lon
    assert all(
        abs(q.lon - j.lon - shift) < 1e-9
        for q, j in zip(qingdao.districts, jinan.districts, strict=True)
    )
