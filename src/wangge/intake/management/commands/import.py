"""``wangge import KIND FILE``: bring an operator's export in, all or nothing.

wangge import KIND FILE [--profile NAME] [--month YYYY-MM] [--sheet NAME]
                        [--encoding ENC] [--dry-run]

KIND is one of ``unit`` (organisation units and their parent links), ``person``
(people and the unit and post they serve), ``place``, ``channel``, ``customer``,
``subscription``, ``subscription_month`` (the monthly facts: status, billed and paid
revenue, arrears and their age, usage), ``marketing_input`` (a month's commissions,
subsidies, promotion and labour per grid), ``complaint`` and ``registry`` (a
business-registry extract, 工商登记). The monthly kinds need ``--month``.

FILE is CSV (UTF-8 with or without BOM, GBK/GB18030), XLSX (first
sheet or ``--sheet``; the header row may sit below a title) or Parquet. Columns
are found by their headers (用户编码, 出账收入 ...) or by a saved profile. Every
row is checked first; one problem refuses the whole file, writes an error workbook
(the bad rows with an error column) and exits 1 with nothing written.
``--dry-run`` checks and counts without writing anything.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wangge.analytics.cli import parse_month
from wangge.intake.errors import problem_text
from wangge.intake.services import SUPPORTED, ImportRefused, run_import

SHOWN_PROBLEMS = 20


class Command(BaseCommand):
    help = (
        "Import an operator's file (units, people, places, channels, customers, subscriptions,"
        " monthly facts, marketing inputs, complaints, registry), all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=SUPPORTED, help="what the file holds")
        parser.add_argument("file", type=Path, help="CSV, XLSX or Parquet")
        parser.add_argument("--profile", help="a saved import profile's name")
        parser.add_argument("--month", type=parse_month, help="YYYY-MM (monthly facts)")
        parser.add_argument("--sheet", help="XLSX sheet name (default: the first)")
        parser.add_argument("--encoding", help="CSV encoding, e.g. gb18030 (default: detected)")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count only; write nothing"
        )

    def handle(self, *args, **options):
        try:
            outcome = run_import(
                options["kind"],
                options["file"],
                profile=options["profile"],
                month=options["month"],
                sheet=options["sheet"],
                encoding=options["encoding"],
                dry_run=options["dry_run"],
            )
        except ImportRefused as exc:
            raise CommandError(str(exc)) from exc
        if outcome.already is not None:
            self.stdout.write(
                _("%(file)s was already imported as run #%(run)s: nothing to do")
                % {"file": outcome.file, "run": outcome.already}
            )
            return
        if not outcome.ok:
            for p in outcome.problems[:SHOWN_PROBLEMS]:
                self.stderr.write(problem_text(p))
            if outcome.problem_count > SHOWN_PROBLEMS:
                self.stderr.write(
                    _("… and %(n)s more problems not listed")
                    % {"n": outcome.problem_count - SHOWN_PROBLEMS}
                )
            self.stderr.write(
                _("Nothing was written. Error workbook: %(path)s") % {"path": outcome.error_file}
            )
            raise CommandError(
                _("%(file)s: %(n)s problems in %(rows)s rows; refused")
                % {"file": outcome.file, "n": outcome.problem_count, "rows": outcome.rejected},
                returncode=1,
            )
        counts = {
            "rows": outcome.rows_read,
            "added": outcome.added,
            "changed": outcome.changed,
            "unchanged": outcome.unchanged,
        }
        if outcome.dry_run:
            self.stdout.write(
                _(
                    "Dry run, nothing written: %(rows)s rows read and valid; would add "
                    "%(added)s, change %(changed)s, leave %(unchanged)s as they are"
                )
                % counts
            )
            return
        self.stdout.write(
            _(
                "Imported as run #%(run)s: %(rows)s rows read; %(added)s added, "
                "%(changed)s changed, %(unchanged)s unchanged"
            )
            % {**counts, "run": outcome.run_id}
        )
