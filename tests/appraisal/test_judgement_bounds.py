"""Judgement scores stay within their item: every entry path is refused, no page breaks.

The old import stored 99999 points for a 10-point item; the qualitative pages then
answered 500 until the row was removed by hand.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook

OCT = date(2026, 10, 1)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def schemes(city):
    from django.utils import translation

    from wangge.appraisal.schemes import seed_schemes

    seed_schemes()
    with translation.override("en"):
        yield


def _sheet(tmp_path, *rows):
    from wangge.appraisal.excel import QUALITATIVE_HEADERS

    path = tmp_path / "q.xlsx"
    book = Workbook()
    book.active.append(QUALITATIVE_HEADERS)
    for row in rows:
        book.active.append(list(row))
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("item", "points", "why"),
    [
        ("whole_process", 99999, "99999 is above the maximum of whole_process (10 points)"),
        ("whole_process", 10.5, "10.5 is above the maximum of whole_process (10 points)"),
        ("no_such_item", 5, "no judgement item no_such_item in the schemes in use"),
        ("whole_process", "NaN", "NaN is not a number of points"),
        ("whole_process", "Infinity", "Infinity is not a number of points"),
    ],
)
def test_the_import_refuses_points_the_item_cannot_give(tmp_path, item, points, why):
    from wangge.appraisal.excel import ImportRefused, import_qualitative
    from wangge.appraisal.models import QualitativeScore

    good = ["2026-10", "whole_process", "LX-G02", "", "", 8, "走访到位"]
    bad = ["2026-10", item, "LX-G01", "", "", points, "走访到位"]
    with pytest.raises(ImportRefused) as exc:
        import_qualitative(_sheet(tmp_path, good, bad))
    assert exc.value.errors == [f"q.xlsx, row 3, column points: {why}"]
    assert not QualitativeScore.objects.exists()  # not even the good row


def test_the_model_refuses_them_whatever_the_entry_path(city):
    """The admin, the API and the shell all end in save(): the rule is there."""
    from django.core.exceptions import ValidationError

    from wangge.appraisal.models import QualitativeScore

    for item, points in [("whole_process", 99999), ("nope", 1), ("whole_process", "NaN")]:
        score = QualitativeScore(
            month=OCT, item_key=item, unit=city["units"]["x"], points=points, reason="r"
        )
        with pytest.raises(ValidationError):
            score.full_clean()
        with pytest.raises(ValidationError):
            score.save()
    assert not QualitativeScore.objects.exists()
    ok = QualitativeScore(
        month=OCT, item_key="whole_process", unit=city["units"]["x"], points=10, reason="r"
    )
    ok.full_clean()
    ok.save()


def test_the_database_refuses_points_out_of_range(city):
    from django.db import IntegrityError, transaction

    from wangge.appraisal.models import QualitativeScore

    with pytest.raises(IntegrityError), transaction.atomic():
        QualitativeScore.objects.bulk_create(
            [
                QualitativeScore(
                    month=OCT, item_key="whole_process", unit=city["units"]["x"], points=-1
                )
            ]
        )


def test_a_bad_row_stored_before_the_rule_does_not_break_the_page(city, login, settings):
    from django.db import connection

    from wangge.appraisal.models import QualitativeScore

    good = QualitativeScore.objects.create(
        month=OCT, item_key="whole_process", unit=city["units"]["x"], points=8, reason="走访到位"
    )
    if connection.vendor != "sqlite":
        pytest.skip("only SQLite ever held such a value (no CHECK before this rule)")
    with connection.constraint_checks_disabled(), connection.cursor() as cursor:
        cursor.execute("PRAGMA ignore_check_constraints = ON")
        cursor.execute(
            "INSERT INTO appraisal_qualitativescore"
            " (month, item_key, points, reason, unit_id, entered_at)"
            " VALUES (%s, 'standard_work', 99999, 'x', %s, %s)",
            [OCT, city["units"]["x"].pk, "2026-10-31 00:00:00"],
        )
        cursor.execute("PRAGMA ignore_check_constraints = OFF")
    client = login("marketing")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/appraisal/qualitative/?month=2026-10")
    assert page.status_code == 200
    text = page.content.decode()
    assert "走访到位" in text and "1 judgement score(s) hold points out of range" in text
    assert client.get("/appraisal/qualitative/?month=2026-10&format=xlsx").status_code == 200
    assert good.points == Decimal("8")


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", Decimal("1e15")])
def test_an_entered_figure_must_be_a_number_the_column_holds(city, value):
    from django.core.exceptions import ValidationError

    from wangge.appraisal.models import EnteredFigure

    figure = EnteredFigure(
        month=OCT, indicator_key="satisfaction", unit=city["units"]["x"], value=value
    )
    with pytest.raises(ValidationError):
        figure.save()
    assert not EnteredFigure.objects.exists()


def test_a_reason_that_looks_like_a_formula_is_exported_as_text(city):
    from io import BytesIO

    from openpyxl import load_workbook

    from wangge.appraisal.excel import export_qualitative
    from wangge.appraisal.models import QualitativeScore

    QualitativeScore.objects.create(
        month=OCT, item_key="whole_process", unit=city["units"]["x"], points=8, reason="+1+1"
    )
    sheet = load_workbook(BytesIO(export_qualitative(QualitativeScore.objects.all()))).active
    assert (sheet.cell(2, 7).value, sheet.cell(2, 7).data_type) == ("+1+1", "s")
