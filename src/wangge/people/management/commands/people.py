"""``wangge people``: the people side's defaults and month-end step.

wangge people seed
wangge people feed --month 2026-10

``seed`` stores the default audit checklist, skills and competency model, courses
and satisfaction survey that are not there yet (idempotent, never overwriting an
edited row).

``feed`` feeds the month's standardisation audits (section scores of each grid), the
reverse appraisal (each support unit's raters' means, onto its back-office people)
and the satisfaction surveys (each grid's score, onto the grid and its people) to the
appraisal as entered figures, for the company (no signed-in person), all or nothing;
run it again after late ratings and the figures are replaced, not doubled. Run it
before ``wangge appraisal close`` for the month.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from wangge.base.params import BadParameter, to_month
from wangge.people import feed
from wangge.people.defaults import seed_defaults


class Command(BaseCommand):
    help = "The people side: seed its defaults; feed audits, ratings and surveys to the appraisal."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "seed", help="store the default checklist, skills, courses and survey not there yet"
        )
        f = sub.add_parser(
            "feed", help="feed a month's audits, ratings and satisfaction surveys to the appraisal"
        )
        f.add_argument("--month", required=True, help="YYYY-MM")

    def handle(self, *args, **options):
        if options["action"] == "seed":
            done = seed_defaults()
            self.stdout.write(f"{done.created} defaults stored, {done.existing} already there")
            return
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
