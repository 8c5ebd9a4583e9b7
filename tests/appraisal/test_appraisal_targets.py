"""Decomposition, adjustment with a reason, Excel round trips (all rows or none)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

NOV = date(2026, 11, 1)
OCT = date(2026, 10, 1)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """Refusals are asserted in their English source form, whatever the catalogue says."""
    from django.utils import translation

    with translation.override("en"):
        yield


def _values(indicator="new_adds.mobile", month=NOV):
    from wangge.appraisal.models import Target

    return {
        t.unit.code: t.value
        for t in Target.objects.filter(month=month, indicator_key=indicator).select_related("unit")
    }


def test_decompose_command_splits_exactly(city, capsys):
    from django.core.management import call_command

    call_command(
        "targets",
        "decompose",
        "--month",
        "2026-11",
        "--indicator",
        "new_adds.mobile",
        "--total",
        "12000",
    )
    v = _values()
    assert v["JN"] == 12000
    assert v["LX"] + v["SZ"] == 12000
    assert v["LX-G01"] + v["LX-G02"] == v["LX"]
    assert v["SZ-G01"] == v["SZ"]
    assert "12000 split over 6 units" in capsys.readouterr().out


def test_adjustment_needs_a_reason_and_stays_within_ten_percent(city, django_user_model):
    from wangge.appraisal.models import TargetAdjustment
    from wangge.appraisal.targets import TargetRefused, adjust_target, decompose_targets

    decompose_targets(NOV, "new_adds.mobile", 1000)
    v = _values()
    x = city["units"]["x"]
    with pytest.raises(TargetRefused, match="needs a written reason"):
        adjust_target(NOV, "new_adds.mobile", x, v["LX-G01"] + 1, " ")
    with pytest.raises(TargetRefused, match="outside ±10%"):
        adjust_target(NOV, "new_adds.mobile", x, v["LX-G01"] * 2, "big estate")
    director = django_user_model.objects.get(username="director")
    after = v["LX-G01"] + v["LX-G01"] // 20
    adj = adjust_target(NOV, "new_adds.mobile", x, after, "新小区交付", user=director)
    w = _values()
    assert w["LX-G01"] == after
    assert w["LX-G01"] + w["LX-G02"] == v["LX"]  # the sibling absorbed the difference
    assert adj.reason == "新小区交付" and adj.by_name == "director"
    assert adj.siblings == {str(city["units"]["y"].pk): [v["LX-G02"], w["LX-G02"]]}
    assert TargetAdjustment.objects.count() == 1


def test_target_excel_round_trip(city, tmp_path):
    from wangge.appraisal.excel import export_targets, import_targets
    from wangge.appraisal.models import Target
    from wangge.appraisal.targets import set_targets

    set_targets(NOV, "churn", 150, [city["units"]["x"], city["units"]["y"]])
    path = tmp_path / "targets.xlsx"
    export_targets(Target.objects.filter(month=NOV), path)
    book = load_workbook(path)
    sheet = book.active
    assert sheet.cell(2, 6).value == 150
    sheet.cell(2, 6).value = 120
    book.save(path)
    assert import_targets(path) == 2
    assert sorted(_values("churn").values()) == [120, 150]
    assert set(Target.objects.filter(month=NOV).values_list("source", flat=True)) == {"imported"}


def test_a_bad_row_refuses_the_whole_sheet(city, tmp_path):
    from wangge.appraisal.excel import TARGET_HEADERS, ImportRefused, import_targets

    path = tmp_path / "bad.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(TARGET_HEADERS)
    sheet.append(["2026-11", "churn", "LX-G01", "", "网格X", 150, "ratio", ""])
    sheet.append(["2026-11", "churn", "LX-G02", "", "网格Y", "abc", "ratio", ""])
    sheet.append(["2026-11", "churn", "NOPE", "", "", 150, "ratio", ""])
    book.save(path)
    with pytest.raises(ImportRefused) as exc:
        import_targets(path)
    assert exc.value.errors == [
        "bad.xlsx, row 3, column value: expected a whole number, got 'abc'",
        "bad.xlsx, row 4, column unit code: no unit 'NOPE'",
    ]
    assert _values("churn") == {}  # nothing imported, not even the good row


def test_import_outside_scope_is_refused(city, tmp_path, django_user_model):
    from wangge.appraisal.excel import TARGET_HEADERS, ImportRefused, import_targets

    path = tmp_path / "scope.xlsx"
    book = Workbook()
    book.active.append(TARGET_HEADERS)
    book.active.append(["2026-11", "churn", "SZ-G01", "", "", 150, "ratio", ""])
    book.save(path)
    director = django_user_model.objects.get(username="director")
    with pytest.raises(
        ImportRefused, match="row 2, column unit code: SZ-G01 is outside your scope"
    ):
        import_targets(path, user=director)


def test_qualitative_round_trip_and_reason_required(city, tmp_path):
    from wangge.appraisal.excel import (
        QUALITATIVE_HEADERS,
        ImportRefused,
        export_qualitative,
        import_qualitative,
    )
    from wangge.appraisal.models import QualitativeScore
    from wangge.appraisal.schemes import seed_schemes

    seed_schemes()  # the judgement items and their maxima come from the schemes in use
    path = tmp_path / "q.xlsx"
    book = Workbook()
    book.active.append(QUALITATIVE_HEADERS)
    book.active.append(["2026-10", "whole_process", "LX-G01", "", "网格X", 8.5, "走访到位"])
    book.active.append(["2026-10", "team_management", "", "S001", "王网格", 9, ""])
    book.save(path)
    with pytest.raises(ImportRefused) as exc:
        import_qualitative(path)
    assert exc.value.errors == ["q.xlsx, row 3, column reason: a judgement needs a written reason"]
    assert not QualitativeScore.objects.exists()
    book.active.cell(3, 7).value = "团队稳定"
    book.save(path)
    assert import_qualitative(path) == 2
    out = tmp_path / "out.xlsx"
    export_qualitative(QualitativeScore.objects.all(), out)
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert ("2026-10", "team_management", None, "S001", "王网格", 9) in [r[:6] for r in rows]
    assert QualitativeScore.objects.get(item_key="whole_process").points == Decimal("8.5")


def test_appraisal_export_has_a_derivation_sheet(month_inputs, login):
    from io import BytesIO

    from wangge.appraisal.close import close_month

    run = close_month(OCT)
    response = login("director").get(f"/appraisal/run/{run.pk}/export/")
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["scores", "items", "derivation"]
    derivation = [r for r in book["derivation"].iter_rows(values_only=True)][1:]
    subjects = {r[0] for r in derivation}
    assert "LX-G01 网格X" in subjects and "SZ-G01 网格Z" not in subjects  # scoped
    assert any(r[5] and "1 / ((5 + 5) / 2) × 100 = 20 %" in r[5] for r in derivation)


def test_page_adjusts_with_a_reason(city, login):
    from wangge.appraisal.targets import decompose_targets

    decompose_targets(NOV, "new_adds.mobile", 1000)
    v = _values()
    client = login("director")
    response = client.post(
        "/appraisal/targets/adjust/",
        {
            "month": "2026-11",
            "indicator": "new_adds.mobile",
            "unit": city["units"]["x"].pk,
            "value": v["LX-G01"] + 1,
            "reason": "新楼盘",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert _values()["LX-G01"] == v["LX-G01"] + 1
    assert "新楼盘" in response.content.decode()


def test_the_page_refuses_a_unit_outside_scope_and_a_missing_reason(city, login):
    from wangge.appraisal.targets import decompose_targets

    decompose_targets(NOV, "new_adds.mobile", 1000)
    before = _values()
    client = login("director")  # 历下 center: 网格X and 网格Y, not 市中's 网格Z
    post = {"month": "2026-11", "indicator": "new_adds.mobile", "reason": "新楼盘"}
    for extra, refusal in [
        ({"unit": city["units"]["z"].pk, "value": before["SZ-G01"] + 1}, "单元"),
        ({"unit": city["units"]["x"].pk, "value": before["LX-G01"] + 1, "reason": " "}, "理由"),
        ({"unit": city["units"]["x"].pk, "value": "十"}, "新目标"),
        ({"unit": city["units"]["x"].pk, "value": 1, "month": "2026-13"}, "月份"),
    ]:
        response = client.post("/appraisal/targets/adjust/", {**post, **extra}, follow=True)
        assert response.status_code == 200, extra
        assert f"{refusal}：" in response.content.decode(), extra  # the field, then why
    assert _values() == before


def test_the_decompose_form_names_what_is_wrong(city, login):
    client = login("marketing")
    response = client.post(
        "/appraisal/targets/decompose/",
        {"month": "2026-11", "indicator": "new_adds.mobile", "total": "-5"},
        follow=True,
    )
    assert "全市目标：" in response.content.decode()
    assert not _values()


def test_decompose_from_an_excel_sheet_of_totals(city, tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "totals.xlsx"
    book = Workbook()
    book.active.append(["指标 indicator", "总数 total"])
    book.active.append(["new_adds.mobile", 300])
    book.active.append(["new_adds.broadband", 120])
    book.save(path)
    call_command("targets", "decompose", "--month", "2026-11", "--from-excel", str(path))
    assert _values("new_adds.mobile")["JN"] == 300
    assert _values("new_adds.broadband")["JN"] == 120
    out = capsys.readouterr().out
    assert "new_adds.mobile 2026-11: 300 split over 6 units" in out


def _sheet(tmp_path, *rows, name="targets.xlsx"):
    from wangge.appraisal.excel import TARGET_HEADERS

    path = tmp_path / name
    book = Workbook()
    book.active.append(TARGET_HEADERS)
    for row in rows:
        book.active.append(list(row))
    book.save(path)
    return path


def test_the_import_cannot_rewrite_a_published_month(city, tmp_path, publish_run):
    """The old import rewrote a published October target from 16 to 1."""
    from wangge.appraisal.excel import ImportRefused, import_targets
    from wangge.appraisal.targets import set_targets

    set_targets(OCT, "new_adds.mobile", 16, [city["units"]["x"]])
    publish_run(OCT, {city["units"]["x"]: 90}, {})
    path = _sheet(tmp_path, ["2026-10", "new_adds.mobile", "LX-G01", "", "", 1, "count", "", ""])
    with pytest.raises(ImportRefused) as exc:
        import_targets(path)
    assert exc.value.errors == [
        "targets.xlsx, row 2, column value: 2026-10 is published: its targets can no longer change"
    ]
    assert _values(month=OCT) == {"LX-G01": 16}


def test_the_import_refuses_negative_targets(city, tmp_path):
    from wangge.appraisal.excel import ImportRefused, import_targets

    path = _sheet(tmp_path, ["2026-11", "churn", "LX-G01", "", "", -5, "ratio", "", ""])
    with pytest.raises(ImportRefused, match="row 2, column value: a target must not be negative"):
        import_targets(path)
    assert _values("churn") == {}


def test_an_imported_change_to_a_decomposed_target_is_an_adjustment(city, tmp_path):
    """Within ±10 % with the row's reason; the sibling absorbs it, levels still add up."""
    from wangge.appraisal.excel import export_targets, import_targets
    from wangge.appraisal.models import Target, TargetAdjustment
    from wangge.appraisal.targets import decompose_targets

    decompose_targets(NOV, "new_adds.mobile", 1000)
    v = _values()
    path = tmp_path / "targets.xlsx"
    export_targets(Target.objects.filter(month=NOV), path)
    book = load_workbook(path)
    sheet = book.active
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 3).value == "LX-G01")
    sheet.cell(row, 6).value = v["LX-G01"] + v["LX-G01"] // 20
    sheet.cell(row, 9).value = "新小区交付"
    book.save(path)
    import_targets(path)
    w = _values()
    assert w["LX-G01"] == v["LX-G01"] + v["LX-G01"] // 20
    assert w["LX-G01"] + w["LX-G02"] == v["LX"]
    assert TargetAdjustment.objects.get().reason == "新小区交付"


def test_the_import_keeps_the_ten_percent_rule_and_the_reason(city, tmp_path):
    from wangge.appraisal.excel import ImportRefused, import_targets
    from wangge.appraisal.models import TargetAdjustment
    from wangge.appraisal.targets import decompose_targets

    decompose_targets(NOV, "new_adds.mobile", 1000)
    v = _values()
    far = ["2026-11", "new_adds.mobile", "LX-G01", "", "", v["LX-G01"] * 2, "count", "", "大"]
    silent = ["2026-11", "new_adds.mobile", "LX-G02", "", "", v["LX-G02"] + 1, "count", "", ""]
    with pytest.raises(ImportRefused) as exc:
        import_targets(_sheet(tmp_path, far, silent))
    text = "\n".join(exc.value.errors)
    assert "row 2, column value" in text and "outside ±10%" in text
    assert "row 3, column value: 网格Y: changing a decomposed target needs a written reason" in text
    assert _values() == v and not TargetAdjustment.objects.exists()


def test_the_page_cannot_adjust_a_published_month(city, publish_run):
    from wangge.appraisal.targets import TargetRefused, adjust_target, decompose_targets

    decompose_targets(OCT, "new_adds.mobile", 1000)
    publish_run(OCT, {city["units"]["x"]: 90}, {})
    v = _values(month=OCT)
    with pytest.raises(TargetRefused, match="2026-10 is published"):
        adjust_target(OCT, "new_adds.mobile", city["units"]["x"], v["LX-G01"] + 1, "late")
    assert _values(month=OCT) == v


def test_the_targets_page_shows_targets_in_their_unit_with_pickers_to_decompose(city, login):
    client = login("marketing")
    client.post(
        "/appraisal/targets/decompose/",
        {"month": "2026-11", "indicator": "new_adds.mobile", "total": "12,000"},
        follow=True,
    )
    assert _values()["JN"] == 12000  # typed with a separator, as people write it
    page = client.get("/appraisal/targets/?month=2026-11&indicator=new_adds.mobile")
    text = page.content.decode()
    assert "12,000" in text and 'id="target-tree"' in text
    assert 'class="row-edit"' in text and 'class="stack"' not in text  # one line a row
    # the indicator is picked from a list of names, the month from the months
    assert '<select name="indicator" required>' in text and 'type="month"' in text
    assert "用户流失率（%）" in text  # named, with the unit it is typed in
    refused = client.post(
        "/appraisal/targets/decompose/",
        {"month": "2026-11", "indicator": "new_adds.mobile", "total": "12.5"},
        follow=True,
    )
    assert "12.5 不是整数" in refused.content.decode()
