"""``wangge work``: front-line work.

wangge work escalate [--json]
wangge work pool [--days N] [--json]
wangge work tags [--json]

Escalates every open complaint whose resolution deadline has passed to the director
of its grid's center. Idempotent: an escalated complaint is left alone on the next
run, so it can run every few minutes from cron.

`pool` returns to their grid's pool (公海) the prospects nobody followed up for
WANGGE_POOL_DAYS (default 30) days, or --days. Idempotent: a pooled customer has no
owner to lose, so it can run daily from cron; each return is kept in the owner's history.

`tags` recomputes the rule tags of every customer (contract ends this quarter,
competitor broadband, high-ARPU family); only the differences are written, so it is
idempotent and can run daily.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from wangge.work.orders import escalate
from wangge.work.pool import return_idle


class Command(BaseCommand):
    help = (
        "Front-line work: escalate complaints past their resolution deadline; return"
        " prospects nobody follows up to the grid's pool."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser(
            "escalate",
            help="escalate open complaints past their deadline to the center director (idempotent)",
        )
        run.add_argument("--json", action="store_true", help="print the escalations as JSON")
        pool = sub.add_parser(
            "pool",
            help="return prospects nobody followed up to their grid's pool (idempotent)",
        )
        pool.add_argument(
            "--days", type=int, default=None, help="days without a follow-up (WANGGE_POOL_DAYS)"
        )
        pool.add_argument("--json", action="store_true", help="print the returns as JSON")
        tags = sub.add_parser("tags", help="recompute the rule tags of every customer (idempotent)")
        tags.add_argument("--json", action="store_true", help="print the counts as JSON")

    def handle(self, *args, **options):
        if options["action"] == "pool":
            return self.pool(options)
        if options["action"] == "tags":
            return self.tags(options)
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

    def pool(self, options):
        from django.core.management.base import CommandError

        days = options["days"]
        if days is not None and days < 1:
            raise CommandError("--days 至少为 1 must be at least 1")
        rows = [
            {
                "customer": r.customer.code,
                "grid": r.unit.code,
                "previous_owner": r.previous_person.staff_no if r.previous_person else None,
            }
            for r in return_idle(days=days)
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            self.stdout.write(f"{row['customer']} ({row['grid']}) ← {row['previous_owner']}")
        self.stdout.write(f"已退回公海 returned to the pool: {len(rows)}")

    def tags(self, options):
        from wangge.work.tags import refresh_rule_tags

        done = refresh_rule_tags()
        body = {"added": done.added, "removed": done.removed, "tagged": done.tagged}
        if options["json"]:
            self.stdout.write(json.dumps(body, ensure_ascii=False))
            return
        for code, n in done.tagged.items():
            self.stdout.write(f"{code}: {n}")
        self.stdout.write(f"新增 added: {done.added} 移除 removed: {done.removed}")
