"""``wangge people``: the people side's month-end step.

wangge people feed --month 2026-10

Feeds the month's standardisation audits (section scores of each grid) and the
reverse appraisal (each support unit's raters' means, onto its back-office people)
to the appraisal as entered figures, for the company (no signed-in person), all or
nothing; run it again after late ratings and the figures are replaced, not doubled.
Run it before ``wangge appraisal close`` for the month.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from wangge.base.params import BadParameter, to_month
from wangge.people import feed


class Command(BaseCommand):
    help = "The people side: feed audits and reverse-appraisal ratings to the appraisal."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        f = sub.add_parser(
            "feed", help="feed a month's audits, ratings and satisfaction surveys to the appraisal"
        )
        f.add_argument("--month", required=True, help="YYYY-MM")

    def handle(self, *args, **options):
        try:
            month = to_month("--month", options["month"])
        except BadParameter as exc:
            raise CommandError(f"--month: {options['month']!r} is not a month YYYY-MM") from exc
        fed = feed.feed_month(None, month, company=True)
        self.stdout.write(
            f"{month:%Y-%m}: {fed.audits} audits, {fed.units_rated} support units rated, "
            f"{fed.people_rated} back-office people scored, satisfaction of "
            f"{fed.grids_surveyed} grids and {fed.people_surveyed} people"
        )
