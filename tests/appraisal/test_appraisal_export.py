"""A month's appraisal as Excel: the viewer's cards, best first, figures as real numbers."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from openpyxl import load_workbook

OCT = date(2026, 10, 1)


def test_the_scores_sheet_is_the_list_with_numbers_formats_and_a_frozen_header(month_inputs, login):
    from wangge.appraisal import queries
    from wangge.appraisal.close import close_month
    from wangge.appraisal.models import ItemScore

    run = close_month(OCT)
    response = login("director").get(f"/appraisal/run/{run.pk}/export/")
    book = load_workbook(BytesIO(response.content))
    scores = book["scores"]
    assert scores.freeze_panes == "E2"  # header, and month to subject, stay in view
    assert scores.auto_filter.ref == f"A1:J{scores.max_row}"
    rows = list(scores.iter_rows(min_row=2))
    # the cards the director may see, in the order of the ranking within each scheme
    cards = queries.cards_for(month_inputs["people"]["director"].user, run).order_by(
        "scheme_code", "rank", "pk"
    )
    assert [r[3].value for r in rows] == [
        f"{c.unit.code} {c.unit.name}" if c.unit_id else f"{c.person.staff_no} {c.person.name}"
        for c in cards
    ]
    assert "SZ-G01 网格Z" not in [r[3].value for r in rows]
    first = rows[0]
    assert first[7].data_type == "n" and first[7].number_format == "#,##0.00"  # total
    assert first[8].data_type == "n"  # rank: a number, 2.5 for a tie
    assert first[9].number_format == "#,##0"  # peers

    items = book["items"]
    completion = [r[5] for r in items.iter_rows(min_row=2) if r[5].value is not None]
    assert completion and all(c.number_format == "0.00%" for c in completion)
    stored = ItemScore.objects.filter(card__run=run, completion__isnull=False).first()
    assert any(abs(c.value - float(stored.completion)) < 1e-9 for c in completion)
    assert items.freeze_panes == "C2"
    assert book["derivation"].auto_filter.ref.startswith("A1:H")
