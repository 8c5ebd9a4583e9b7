"""``wangge registry``: match a business-registry extract (工商登记) to our business customers.

wangge registry match FILE [--threshold P] [--out FILE] [--truth COLUMN] [--prospects]
wangge registry decide FILE

FILE is CSV (UTF-8 or GB18030), XLSX or Parquet with the registry kind's
headers (企业名称, 统一社会信用代码, 住所 ...; see ``wangge import``). The
customers are the database's business customers. With ``--truth COLUMN`` the
file's column of true customer codes scores the result (precision, recall).

Every verdict a reviewer gave earlier is applied (``wangge.registry.review``): an
accepted pair is a link, a rejected one is not proposed again. ``--out`` writes the
pairs with an empty ``decision`` column; ``decide`` reads it back once filled
(是/否). ``--prospects`` brings the entries that match no customer in as prospects
of the grid they lie in (``wangge.registry.prospects``).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wangge.core.intake.kinds import KINDS
from wangge.core.intake.mapping import header_score, propose
from wangge.core.intake.sources import SourceError, open_table
from wangge.core.intake.values import CellProblem, coordinate
from wangge.core.matching import matcher
from wangge.core.matching.review import decisions_for_rows, registry_key
from wangge.customers.models import Customer, CustomerKind
from wangge.registry import review
from wangge.registry.prospects import make_prospects

REGISTRY = KINDS["registry"]


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def read_registry(
    path: Path, truth: str | None
) -> tuple[list[dict[str, str | None]], set[tuple[str, str]]]:
    """The file's rows as registry fields (id = its row number) and its true pairs."""
    table = open_table(path, score=header_score(REGISTRY))
    profile = propose(REGISTRY, table.header)
    if "name" not in profile.columns:
        raise CommandError(f"{table.file}: no column for 企业名称 (name)")
    at = {f: table.header.index(h) for f, h in profile.columns.items()}
    truth_at = None
    if truth is not None:
        if truth not in table.header:
            raise CommandError(f"--truth: {table.file} has no column {truth!r}")
        truth_at = table.header.index(truth)
    rows: list[dict[str, str | None]] = []
    true_pairs: set[tuple[str, str]] = set()
    for number, cells in table.rows:
        row: dict[str, Any] = {"registry_id": str(number)}
        for f in ("name", "credit_code", "address", "phone", "legal_person", "industry"):
            row[f] = _text(cells[at[f]]) if f in at and at[f] < len(cells) else None
        row["place_code"] = _text(cells[at["place_code"]]) if "place_code" in at else None
        for f in ("lon", "lat"):
            try:
                row[f] = coordinate(cells[at[f]]) if f in at and at[f] < len(cells) else None
            except CellProblem:
                raise CommandError(
                    f"{table.file}, row {number}, column {profile.columns[f]}: "
                    f"{cells[at[f]]!r} is not a coordinate"
                ) from None
        row["registry_key"] = registry_key(row["name"], row["credit_code"], row["address"])
        rows.append(row)
        if truth_at is not None and truth_at < len(cells) and _text(cells[truth_at]):
            true_pairs.add((str(number), str(_text(cells[truth_at]))))
    return rows, true_pairs


class Command(BaseCommand):
    help = "Business registry: match a registry extract to our business customers."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        m = sub.add_parser("match", help="link registry entries to business customers")
        m.add_argument("file", type=Path, help="registry extract: CSV, XLSX or Parquet")
        m.add_argument(
            "--threshold",
            type=float,
            default=matcher.DEFAULT_THRESHOLD,
            help=f"match probability for a link (default {matcher.DEFAULT_THRESHOLD}); "
            f"pairs from {matcher.REVIEW_FLOOR} up to it are for review",
        )
        m.add_argument("--out", type=Path, help="CSV of the pairs (default: none)")
        m.add_argument("--truth", help="column of true customer codes: print precision, recall")
        m.add_argument(
            "--prospects",
            action="store_true",
            help="bring the entries matching no customer in as prospects of their grid",
        )
        d = sub.add_parser("decide", help="keep a reviewer's verdicts on pairs (the --out file)")
        d.add_argument("file", type=Path, help="the pairs file with its decision column filled")

    def handle(self, *args, **options):
        if options["action"] == "decide":
            return self.decide(options["file"])
        return self.match(options)

    def decide(self, path: Path):
        try:
            rows = review.read_reviewed(path)
        except (SourceError, review.ReviewRefused) as exc:
            raise CommandError(str(exc)) from exc
        done = review.record(rows)
        self.stdout.write(
            f"{path.name}: {done.added} decisions kept, {done.changed} changed, "
            f"{done.unchanged} as before"
        )

    def match(self, options):
        threshold = options["threshold"]
        if not 0 < threshold <= 1:
            raise CommandError("--threshold: a probability in (0, 1]")
        try:
            rows, truth = read_registry(options["file"], options["truth"])
        except SourceError as exc:
            raise CommandError(str(exc)) from exc
        customers = list(
            Customer.objects.filter(kind=CustomerKind.BUSINESS).values_list(
                "code", "name", "id_number", "address", "phone"
            )
        )
        if not rows or not customers:
            self.stdout.write(f"registry {len(rows)} rows, business customers {len(customers)}")
            return
        reg = matcher.prepare(
            [r["registry_id"] for r in rows],
            [r["name"] for r in rows],
            [r["credit_code"] for r in rows],
            [r["address"] for r in rows],
            [r["phone"] for r in rows],
        )
        cust = matcher.prepare(*zip(*customers, strict=True))
        keys = {r["registry_id"]: r["registry_key"] for r in rows}
        result = matcher.match(
            reg,
            cust,
            threshold=threshold,
            review_floor=min(matcher.REVIEW_FLOOR, threshold),
            decisions=decisions_for_rows(keys, review.stored()),
        )
        pairs = result.pairs
        links = pairs[pairs["band"] == "match"]
        for_review = pairs[pairs["band"] == "review"]
        self.stdout.write(
            f"registry {len(rows)} rows, business customers {len(customers)}: "
            f"{len(links)} matched, {len(for_review)} for review, "
            f"{len(rows) - len(pairs)} unmatched"
        )
        if options["truth"] is not None:
            precision, recall = matcher.score(links, truth)
            self.stdout.write(f"precision {precision:.4f} recall {recall:.4f}")
        if options["out"]:
            names = {r["registry_id"]: r["name"] for r in rows}
            with options["out"].open("w", newline="", encoding="utf-8") as out:
                w = csv.writer(out)
                w.writerow(["registry_row", "registry_key", "registry_name", "customer_code",
                            "probability", "band", "agreed", "decision"])  # fmt: skip
                for p in pairs.itertuples(index=False):
                    w.writerow([p.registry_id, keys[p.registry_id], names.get(p.registry_id),
                                p.customer_code, f"{p.probability:.4f}", p.band, p.agreed,
                                ""])  # fmt: skip
            self.stdout.write(f"{options['out']}: {len(pairs)} pairs")
        if options["prospects"]:
            paired = set(pairs["registry_id"])
            made = make_prospects([r for r in rows if r["registry_id"] not in paired])
            self.stdout.write(
                f"prospects: {made.found} entries match no customer, {made.known} known already, "
                f"{made.no_grid} without a grid"
            )
            outcome = made.outcome
            if outcome is not None and not outcome.ok:
                from wangge.intake.errors import problem_text

                raise CommandError(problem_text(outcome.problems[0]))
            if outcome is not None:
                self.stdout.write(
                    f"import #{outcome.run_id or outcome.already}: {outcome.added} prospects added"
                )
