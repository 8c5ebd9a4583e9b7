"""A reviewer's verdicts on registry pairs: read from the reviewed pairs file, kept,
and given back to the matcher for every later extract.

The reviewed file is the one ``wangge registry match --out`` writes, with its
``decision`` column filled (是/否, accept/reject): a reviewer works through the
review band in a spreadsheet and hands it back with ``wangge registry decide``.
A later verdict on the same pair replaces the earlier one; rows left blank are
not decisions. A word that is neither is refused, naming its row and column, and
nothing of the file is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from wangge.core.intake.sources import open_table
from wangge.core.matching.review import verdict
from wangge.registry.models import MatchDecision

COLUMNS = ("registry_key", "customer_code", "decision")


class ReviewRefused(ValueError):
    pass


@dataclass
class Decided:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    blank: int = 0


def stored() -> dict[tuple[str, str], bool]:
    """Every verdict kept: (registry key, customer code) → accepted."""
    return {
        (key, code): accepted
        for key, code, accepted in MatchDecision.objects.values_list(
            "registry_key", "customer_code", "accepted"
        ).iterator(10_000)
    }


def read_reviewed(path: Path) -> list[tuple[str, str, str, bool]]:
    """(registry key, registry name, customer code, accepted) of each decided row."""

    def score(cells: list[str]) -> int:
        return sum(1 for c in cells if str(c).strip() in COLUMNS)

    table = open_table(path, score=score)
    missing = [c for c in COLUMNS if c not in table.header]
    if missing:
        raise ReviewRefused(f"{table.file}: columns missing: {', '.join(missing)}")
    at = {c: table.header.index(c) for c in (*COLUMNS, "registry_name") if c in table.header}
    out: list[tuple[str, str, str, bool]] = []
    for number, cells in table.rows:

        def cell(name: str, cells=cells) -> str:
            i = at.get(name)
            return "" if i is None or i >= len(cells) or cells[i] is None else str(cells[i]).strip()

        try:
            accepted = verdict(cell("decision"))
        except ValueError:
            raise ReviewRefused(
                f"{table.file}, row {number}, column decision: {cell('decision')!r} "
                "is neither 是 (accept) nor 否 (reject)"
            ) from None
        if accepted is None:
            continue
        for name in ("registry_key", "customer_code"):
            if not cell(name):
                raise ReviewRefused(f"{table.file}, row {number}, column {name}: empty")
        out.append((cell("registry_key"), cell("registry_name"), cell("customer_code"), accepted))
    return out


def record(rows: list[tuple[str, str, str, bool]], user=None) -> Decided:
    """Keep the verdicts, all or nothing; a later one on a pair replaces the earlier."""
    done = Decided()
    now = timezone.now()
    by = user if getattr(user, "pk", None) else None
    with transaction.atomic():
        for key, name, code, accepted in rows:
            old = MatchDecision.objects.filter(registry_key=key, customer_code=code).first()
            if old is None:
                MatchDecision.objects.create(
                    registry_key=key[:200],
                    registry_name=name[:200],
                    customer_code=code[:32],
                    accepted=accepted,
                    decided_by=by,
                    decided_at=now,
                )
                done.added += 1
            elif old.accepted != accepted:
                old.accepted, old.decided_by, old.decided_at = accepted, by, now
                old.save(update_fields=["accepted", "decided_by", "decided_at"])
                done.changed += 1
            else:
                done.unchanged += 1
    return done
