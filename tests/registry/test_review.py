"""A reviewer's verdicts are kept and applied to the next extract; entries that are
nobody's customer become prospects of the grid they lie in."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from tests.registry.conftest import HEADERS
from wangge.core.matching.review import prospect_code


def _match(path, out_file, *extra):
    out = io.StringIO()
    call_command("registry", "match", str(path), "--out", str(out_file), *extra, stdout=out)
    return out.getvalue(), list(csv.DictReader(out_file.open(encoding="utf-8")))


def _decide(tmp_path, rows, name="审核结果.csv"):
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8-sig") as out:
        w = csv.DictWriter(out, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    out = io.StringIO()
    call_command("registry", "decide", str(path), stdout=out)
    return out.getvalue()


def test_a_verdict_is_applied_to_the_next_extract_instead_of_asking_again(extract, tmp_path):
    from wangge.registry.models import MatchDecision

    _text, pairs = _match(extract, tmp_path / "pairs.csv")
    review = [p for p in pairs if p["band"] == "review"]
    links = [p for p in pairs if p["band"] == "match"]
    assert len(review) >= 2 and links
    accepted, rejected, wrong_link = review[0], review[1], links[0]
    decided = [
        {**accepted, "decision": "是"},
        {**rejected, "decision": "否"},
        {**wrong_link, "decision": "否"},
    ]
    undecided = [{**r, "decision": ""} for r in review[2:3]]  # a blank is no verdict
    text = _decide(tmp_path, [*decided, *undecided])
    assert "3 decisions kept" in text
    assert MatchDecision.objects.count() == 3
    # the next extract: the registry keys, not its row numbers, carry the verdicts over
    _text, again = _match(extract, tmp_path / "pairs2.csv")
    by_pair = {(p["registry_key"], p["customer_code"]): p for p in again}
    kept = by_pair[(accepted["registry_key"], accepted["customer_code"])]
    assert kept["band"] == "match" and kept["agreed"] == "reviewed"
    assert (rejected["registry_key"], rejected["customer_code"]) not in by_pair
    assert (wrong_link["registry_key"], wrong_link["customer_code"]) not in by_pair
    # deciding again changes only what changed
    text = _decide(tmp_path, [{**accepted, "decision": "否"}], "第二次审核.csv")
    assert "0 decisions kept, 1 changed" in text
    assert not MatchDecision.objects.get(customer_code=accepted["customer_code"]).accepted


def test_a_word_that_is_no_verdict_is_refused_naming_row_and_column(extract, tmp_path):
    from wangge.registry.models import MatchDecision

    _text, pairs = _match(extract, tmp_path / "pairs.csv")
    rows = [{**pairs[0], "decision": "是"}, {**pairs[1], "decision": "也许"}]
    with pytest.raises(CommandError, match=r"row 3, column decision: '也许'"):
        _decide(tmp_path, rows)
    assert not MatchDecision.objects.exists()  # nothing of the file kept


@pytest.fixture
def city(db):
    from wangge.org.models import Unit, UnitLink
    from wangge.territory.models import Place, PlaceGrid

    root = Unit.objects.create(code="JN", name="济南市", kind="city")
    square = {
        "type": "Polygon",
        "coordinates": [
            [[117.0, 36.6], [117.1, 36.6], [117.1, 36.7], [117.0, 36.7], [117.0, 36.6]]
        ],
    }
    grids = {}
    for code, name, boundary in (("G01", "历下一网格", square), ("G02", "历下二网格", None)):
        grids[code] = Unit.objects.create(code=code, name=name, kind="grid", boundary=boundary)
        UnitLink.objects.create(unit=grids[code], parent=root, valid_from=date(2020, 1, 1))
    for code, name, grid in (("P01", "华润中心", "G02"), ("P02", "泉城广场写字楼", "G02")):
        place = Place.objects.create(code=code, name=name, kind="building", lon=117.2, lat=36.65)
        PlaceGrid.objects.create(place=place, grid=grids[grid], valid_from=date(2020, 1, 1))
    return grids


PROSPECTS = [
    # name, credit code, address, place code, lon, lat → grid
    ("济南泉源机械有限公司", "91370102MA3C4X5Y6K", "济南市历下区经十路1号", "P01", "", "", "G02"),
    (
        "济南恒宇科技有限公司",
        "91370102MA3C4X5Y7M",
        "济南市历下区山大路9号",
        "",
        "117.05",
        "36.65",
        "G01",
    ),
    (
        "山东润通商贸有限公司",
        "91370102MA3C4X5Y8P",
        "济南市历下区泉城路5号泉城广场写字楼",
        "",
        "",
        "",
        "G02",
    ),
    ("济南鑫桥餐饮有限公司", "91370102MA3C4X5Y9Q", "济南市天桥区无影山路3号", "", "", "", None),
]


def test_entries_matching_no_customer_become_prospects_of_their_grid_once(extract, city, tmp_path):
    from wangge.customers.models import Customer, Ownership
    from wangge.intake.models import ImportRun

    rows = list(csv.reader(extract.open(encoding="utf-8-sig")))
    path = tmp_path / "工商登记-带坐标.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as out:
        w = csv.writer(out)
        w.writerow([*HEADERS, "场所编码", "经度", "纬度"])
        w.writerows([*r, "", "", ""] for r in rows[1:])
        for name, credit, address, place, lon, lat, _grid in PROSPECTS:
            w.writerow([name, credit, "张伟", address, "", "", place, lon, lat])
    text, _pairs = _match(path, tmp_path / "pairs.csv", "--prospects")
    assert "prospects added" in text
    for name, credit, _a, _p, _lon, _lat, grid in PROSPECTS:
        found = Customer.objects.filter(code=prospect_code(credit)).first()
        if grid is None:
            assert found is None  # no place, no coordinates, no place in its address
            continue
        assert found.name == name and found.ownership == Ownership.POTENTIAL
        assert found.kind == "business" and found.grid_on().code == grid
    run = ImportRun.objects.get(kind="customer")
    assert run.added == 3
    assert found is None
    # the next extract: the same entries are known prospects, nothing is added again
    text, _pairs = _match(path, tmp_path / "pairs2.csv", "--prospects")
    assert ImportRun.objects.filter(kind="customer").count() == 1
    assert Customer.objects.filter(code__startswith="GS").count() == 3
