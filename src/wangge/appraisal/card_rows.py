"""A closed month's cards and items as database rows, written a chunk at a time.

The core gives one :class:`~wangge.core.appraisal.ClosedCard` at a time
(:func:`wangge.core.appraisal.closed_cards`); :func:`card_row` and :func:`item_rows`
turn one into the rows stored for it (the one place a card's rows are produced), and
the close writes them in bulk, :data:`CHUNK` cards at a time, inside its transaction.
What the version diff compares is kept per card (:func:`summary_of`), a few strings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from wangge.appraisal.models import AppraisalRun, ItemScore, RunStatus, ScoreCard, SubjectKind
from wangge.appraisal.subjects import person_key, unit_key
from wangge.core import appraisal as core
from wangge.core.explain import format_number

#: cards scored, turned into rows and written together (memory holds one chunk)
CHUNK = 500

__all__ = [
    "CHUNK",
    "card_row",
    "card_summary",
    "drop_draft",
    "item_rows",
    "run_summaries",
    "summary_of",
    "write_cards",
    "write_items",
]


def _dec(value: Fraction | float | None, places: int = 6) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, float):
        value = Fraction(str(value))
    return Decimal(format_number(value, places))


def _figures_json(row: dict[str, Any] | None) -> dict[str, Any]:
    if row is None:
        return {}
    return {k: v for k, v in row.items() if isinstance(v, int | float | str) or v is None}


def card_row(run: AppraisalRun, cc: core.ClosedCard) -> ScoreCard:
    """The stored card of one scored subject (not yet saved)."""
    s, c = cc.subject, cc.card
    return ScoreCard(
        run=run,
        subject_kind=SubjectKind.UNIT if s.kind == "unit" else SubjectKind.PERSON,
        unit_id=s.ref if s.kind == "unit" else None,
        person_id=s.ref if s.kind == "person" else None,
        label=s.label,
        scheme_code=c.scheme_code,
        quantitative=_dec(c.quantitative, 2),
        qualitative=_dec(c.qualitative, 2),
        total=_dec(c.total, 2),
        rank=_dec(c.rank, 2),
        peers=c.peers,
        passed=c.passed,
        figures=_figures_json(s.figures),
        derivation=c.derivation.to_dict(),
    )


def item_rows(cc: core.ClosedCard, card: ScoreCard) -> list[ItemScore]:
    """The stored items of one scored subject, under its saved card."""
    rows = []
    for item in cc.card.items:
        actual, target = cc.values.get(item.key, (None, None))
        if item.kind == "qualitative":
            actual, target = item.exact, None
        rows.append(
            ItemScore(
                card=card,
                key=item.key,
                label=item.label,
                kind=item.kind,
                weight=_dec(item.weight, 2),
                actual=_dec(actual),
                target=_dec(target),
                completion=_dec(item.completion),
                points=_dec(item.points, 2),
                derivation=item.derivation.to_dict(),
            )
        )
    return rows


def write_cards(run: AppraisalRun, chunk: Sequence[core.ClosedCard]) -> list[ScoreCard]:
    """Insert the chunk's cards (with their history rows); returns them saved, in order."""
    return bulk_create_with_history(
        [card_row(run, cc) for cc in chunk], ScoreCard, batch_size=CHUNK
    )


def write_items(chunk: Sequence[core.ClosedCard], cards: Sequence[ScoreCard]) -> None:
    """Insert the items of the chunk's cards."""
    rows = [r for cc, card in zip(chunk, cards, strict=True) for r in item_rows(cc, card)]
    ItemScore.objects.bulk_create(rows, batch_size=2000)


def drop_draft(run: AppraisalRun) -> None:
    """Remove a draft run and its results in three statements.

    A replaced draft needs no per-card deletion history (its cards were never
    published), and going through the ORM's collector would write one history row
    per card; the raw deletes keep re-running a month cheap.
    """
    assert not run.is_published
    db = transaction.get_connection().alias
    ItemScore.objects.filter(card__run=run)._raw_delete(db)
    ScoreCard.objects.filter(run=run)._raw_delete(db)
    AppraisalRun.objects.filter(pk=run.pk, status=RunStatus.DRAFT)._raw_delete(db)


# --- what the version diff compares ------------------------------------------------------


def card_summary(card: ScoreCard, items: list[ItemScore] | None = None) -> dict[str, Any]:
    """What the version diff compares for one stored card."""
    items = items if items is not None else list(card.items.all())
    return {
        "label": card.label,
        "total": str(card.total),
        "rank": str(card.rank),
        "items": {i.key: str(i.points) for i in items},
    }


def run_summaries(run: AppraisalRun) -> dict[str, dict[str, Any]]:
    """:func:`card_summary` of every card of a stored run, by subject key."""
    out: dict[str, dict[str, Any]] = {}
    items: dict[int, list[ItemScore]] = defaultdict(list)
    for item in ItemScore.objects.filter(card__run=run).only("card", "key", "points"):
        items[item.card_id].append(item)
    for card in run.cards.select_related("unit", "person"):
        key = unit_key(card.unit) if card.unit_id else person_key(card.person)
        out[key] = card_summary(card, items[card.pk])
    return out


def _two(value: float) -> str:
    """As a DecimalField(…, 2) shows it, so a fresh card compares equal to a stored one."""
    return str(_dec(value, 2).quantize(Decimal("0.01")))


def summary_of(cc: core.ClosedCard) -> dict[str, Any]:
    """:func:`card_summary` of a card just scored."""
    return {
        "label": cc.subject.label,
        "total": _two(cc.card.total),
        "rank": _two(cc.card.rank),
        "items": {i.key: _two(i.points) for i in cc.card.items},
    }
