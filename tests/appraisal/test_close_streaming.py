"""The close scores and writes a chunk of cards at a time; how it is cut changes nothing
stored: the same cards, items, ranks and derivations as one piece."""

from __future__ import annotations

from datetime import date

import pytest

OCT = date(2026, 10, 1)
pytestmark = pytest.mark.django_db


def stored(run):
    from wangge.appraisal.models import ItemScore

    cards = {
        c.label: (c.scheme_code, c.total, c.rank, c.peers, c.passed, c.figures, c.derivation)
        for c in run.cards.all()
    }
    items = sorted(
        (i.card.label, i.key, i.weight, i.actual, i.target, i.completion, i.points)
        for i in ItemScore.objects.filter(card__run=run).select_related("card")
    )
    derivations = {
        (i.card.label, i.key): i.derivation
        for i in ItemScore.objects.filter(card__run=run).select_related("card")
    }
    return cards, items, derivations, run.summary


def test_a_close_in_chunks_of_one_card_stores_what_a_close_in_one_piece_stores(
    month_inputs, monkeypatch
):
    from wangge.appraisal import card_rows
    from wangge.appraisal.close import close_month
    from wangge.core.scoring import run as scoring_run

    whole = stored(close_month(OCT))
    assert whole[3]["cards"] == len(whole[0]) > 3

    monkeypatch.setattr(card_rows, "CHUNK", 1)
    # every item worked out twice (for the ranks, then for the card): as in a province
    monkeypatch.setattr(scoring_run, "KEEP_ITEMS", 0)
    assert stored(close_month(OCT)) == whole


def test_the_close_reports_each_chunk_written_and_its_whole_time(month_inputs, monkeypatch):
    from wangge.appraisal import card_rows
    from wangge.appraisal.close import close_month

    monkeypatch.setattr(card_rows, "CHUNK", 2)
    seen = []
    run = close_month(OCT, progress=lambda stage, done, total: seen.append((stage, done, total)))
    writes = [(done, total) for stage, done, total in seen if stage == "write"]
    total = run.cards.count()
    assert writes[0] == (0, total) and writes[-1] == (total, total)
    assert [d for d, _ in writes] == sorted(d for d, _ in writes)
    assert len(writes) == 1 + -(-total // 2)
    assert run.seconds > 0
