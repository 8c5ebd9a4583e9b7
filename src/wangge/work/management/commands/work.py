"""``wangge work``: front-line work.

wangge work escalate [--json]

Escalates every open complaint whose resolution deadline has passed to the director
of its grid's center. Idempotent: an escalated complaint is left alone on the next
run, so it can run every few minutes from cron.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from wangge.work.orders import escalate


class Command(BaseCommand):
    help = "Front-line work: escalate complaints past their resolution deadline."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser(
            "escalate",
            help="escalate open complaints past their deadline to the center director (idempotent)",
        )
        run.add_argument("--json", action="store_true", help="print the escalations as JSON")

    def handle(self, *args, **options):
        done = escalate()
        rows = [
            {
                "order": e.order.pk,
                "title": e.order.title,
                "grid": e.order.unit.code,
                "director": e.director.staff_no if e.director else None,
            }
            for e in done
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            to = row["director"] or "未找到中心主任 no center director"
            self.stdout.write(f"#{row['order']} {row['title']} ({row['grid']}) → {to}")
        self.stdout.write(f"已升级 escalated: {sum(1 for r in rows if r['director'])}")
