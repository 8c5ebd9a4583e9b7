"""``wangge resources``: marketing resource budgets, the optimised allocation, the loop.

wangge resources budget --month 2026-10 --kind sms --yuan 100000 [--base-share 0.3]
wangge resources budget --year 2026 --kind sms --yuan 1200000     (split over 12 months)
wangge resources propose --month 2026-10
wangge resources accept --plan 7
wangge resources evaluate --month 2026-10 [--json]
wangge resources input --month 2026-10 --out 营销投入.csv

Commands act for the company (no signed-in person): the same rules as the pages, the
same refusals, all or nothing.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError

from wangge.base.params import BadParameter, to_month
from wangge.core.formatting import number, plain_yuan, yuan
from wangge.core.money import MoneyError, split_exact, to_cents
from wangge.org.models import Unit
from wangge.resources import evaluation, planning
from wangge.resources.choices import ResourceKind
from wangge.resources.models import Plan
from wangge.resources.refusals import ResourcesRefused


def _month(value: str) -> date:
    try:
        return to_month("--month", value)
    except BadParameter as exc:
        raise CommandError(f"--month: {value!r} is not a month YYYY-MM") from exc


class Command(BaseCommand):
    help = "Marketing resources: budgets, the optimised allocation, the closed loop."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        b = sub.add_parser("budget", help="set the budget of a resource kind for a month or year")
        b.add_argument("--month", help="YYYY-MM: the month the budget is for")
        b.add_argument("--year", type=int, help="a year: the amount is split over its 12 months")
        b.add_argument("--kind", required=True, choices=ResourceKind.values,
                       help="the resource kind")  # fmt: skip
        b.add_argument("--yuan", required=True, help="the amount in yuan (two decimals at most)")
        b.add_argument("--base-share", help="least share for the existing base, 0–1 (0.3)")
        p = sub.add_parser("propose", help="run the optimiser for a month (a proposed plan)")
        p.add_argument("--month", required=True, help="YYYY-MM")
        a = sub.add_parser("accept", help="accept a proposed plan as it stands")
        a.add_argument("--plan", type=int, required=True, help="the plan's id")
        e = sub.add_parser("evaluate", help="the closed loop of a month, low ratios flagged")
        e.add_argument("--month", required=True, help="YYYY-MM")
        e.add_argument("--json", action="store_true", help="print the rows as JSON")
        i = sub.add_parser(
            "input", help="the month's resource spend per grid as a 营销投入 (marketing input) CSV"
        )
        i.add_argument("--month", required=True, help="YYYY-MM")
        i.add_argument("--out", required=True, help="the CSV file to write")

    def handle(self, *args, **o):
        try:
            getattr(self, f"_{o['action']}")(o)
        except ResourcesRefused as exc:
            raise CommandError(f"{exc.field}: {exc.message}") from exc

    def _budget(self, o):
        try:
            cents = to_cents(o["yuan"])
        except MoneyError as exc:
            raise CommandError(f"--yuan: {o['yuan']!r} is not an amount in yuan") from exc
        share = None
        if o["base_share"] is not None:
            try:
                share = Decimal(o["base_share"])
            except InvalidOperation as exc:
                raise CommandError("--base-share: not a number") from exc
        if bool(o["month"]) == bool(o["year"]):
            raise CommandError("give either --month or --year")
        if o["month"]:
            months, parts = [_month(o["month"])], [cents]
        else:
            months = [date(o["year"], m, 1) for m in range(1, 13)]
            parts = split_exact(cents, [1] * 12)
        for month, part in zip(months, parts, strict=True):
            planning.set_budget(None, month, o["kind"], part, share)
            self.stdout.write(f"{month:%Y-%m} {o['kind']} {yuan(part)}")

    def _propose(self, o):
        plan = planning.propose(None, _month(o["month"]))
        self.stdout.write(
            f"plan #{plan.pk} {plan.month:%Y-%m}: {plan.lines.count()} lines, "
            f"expected revenue {yuan(plan.objective_cents)}"
        )

    def _accept(self, o):
        plan = Plan.objects.filter(pk=o["plan"]).first()
        if plan is None:
            raise CommandError(f"--plan: no plan #{o['plan']}")
        planning.accept(None, plan)
        self.stdout.write(f"plan #{plan.pk} accepted")

    def _evaluate(self, o):
        rows = evaluation.month_rows(None, _month(o["month"]))
        data = [
            {"unit": r.unit.code, "planned_cents": r.evaluation.planned_cents,
             "spent_cents": r.evaluation.spent_cents, "output_cents": r.evaluation.output_cents,
             "ratio": float(r.evaluation.ratio) if r.evaluation.ratio is not None else None,
             "flagged": r.evaluation.flagged}
            for r in rows
        ]  # fmt: skip
        if o["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        for r in rows:
            e = r.evaluation
            flag = " 待复核 flagged" if e.flagged else ""
            self.stdout.write(
                f"{r.unit.code} {r.unit.name}: in {yuan(e.spent_cents)} out "
                f"{yuan(e.output_cents)} ratio {number(e.ratio)}{flag}"
            )
        self.stdout.write(f"flagged: {sum(1 for r in rows if r.evaluation.flagged)}")

    def _input(self, o):
        month = _month(o["month"])
        spend = evaluation.input_by_grid(month)
        codes = dict(Unit.objects.filter(pk__in=spend).values_list("pk", "code"))
        with open(o["out"], "w", newline="", encoding="utf-8-sig") as out:
            w = csv.writer(out)
            w.writerow(["账期", "网格编码", "营销费用"])
            for unit, cents in sorted(spend.items(), key=lambda kv: codes[kv[0]]):
                w.writerow([f"{month:%Y-%m}", codes[unit], plain_yuan(cents)])
        self.stdout.write(f"{len(spend)} grids → {o['out']}")
