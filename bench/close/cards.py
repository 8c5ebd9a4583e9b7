"""Print a digest of the latest run of a month (every card and item as stored), to check
that two closes of the same inputs store the same thing card for card.

    PYTHONPATH=src WANGGE_DATA_DIR=... .venv/bin/python bench/close/cards.py --month 2026-10
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--month", default="2026-10")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wangge.project.settings")
    import django

    django.setup()
    from wangge.appraisal.close import current_run
    from wangge.appraisal.models import ItemScore
    from wangge.core.months import parse_month

    run = current_run(parse_month(args.month))
    digest = hashlib.sha256()
    cards = run.cards.order_by("subject_kind", "unit_id", "person_id")
    n_items = 0
    for card in cards.iterator(chunk_size=2000):
        digest.update(
            json.dumps(
                [
                    card.subject_kind,
                    card.unit_id,
                    card.person_id,
                    card.label,
                    card.scheme_code,
                    *map(str, (card.quantitative, card.qualitative, card.total, card.rank)),
                    card.peers,
                    card.passed,
                    card.figures,
                    card.derivation,
                ],
                sort_keys=True,
                ensure_ascii=False,
                default=str,
            ).encode()
        )
    items = ItemScore.objects.filter(card__run=run).order_by(
        "card__subject_kind", "card__unit_id", "card__person_id", "key"
    )
    for i in items.values_list(
        "card__unit_id",
        "card__person_id",
        "key",
        "label",
        "kind",
        "weight",
        "actual",
        "target",
        "completion",
        "points",
        "derivation",
    ).iterator(chunk_size=5000):
        n_items += 1
        digest.update(json.dumps(i, sort_keys=True, ensure_ascii=False, default=str).encode())
    print(
        f"{run.month:%Y-%m} v{run.version}: {cards.count()} cards, {n_items} items, "
        f"sha256 {digest.hexdigest()[:16]}"
    )


if __name__ == "__main__":
    main()
