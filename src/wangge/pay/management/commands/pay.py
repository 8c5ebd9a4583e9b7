"""``wangge pay``: the month's pools and the payroll export from the command line.

wangge pay pools --month 2026-10
wangge pay export --month 2026-10 [--unit LX] --format xlsx|csv [--out FILE]
wangge pay template bases|revenue|people --month 2026-10 [--out FILE] [--user LOGIN]
wangge pay import bases|revenue|people FILE --month 2026-10 [--user LOGIN]
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from wangge.console import progress_bars
from wangge.core.formatting import yuan
from wangge.core.months import parse_month
from wangge.org.models import Unit
from wangge.pay import exports, imports, input_sheets
from wangge.pay.pools import compute_pools, pyramid
from wangge.pay.refusals import PayRefused


class Command(BaseCommand):
    help = (
        "Pay: compute a month's pools, export approved pay to payroll, "
        "exchange the month's inputs (bases, revenue, people) as Excel."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        pools = sub.add_parser("pools", help="compute every center's and county's pool")
        pools.add_argument("--month", required=True, help="YYYY-MM")
        export = sub.add_parser("export", help="approved pay as XLSX or CSV for payroll")
        export.add_argument("--month", required=True, help="YYYY-MM")
        export.add_argument("--unit", help="unit code (default: every unit)")
        export.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
        export.add_argument("--out", type=Path, help="file to write (default: payroll-…)")
        template = sub.add_parser(
            "template", help="an input's Excel template, filled with the month's values"
        )
        template.add_argument("kind", choices=imports.KINDS)
        template.add_argument("--month", required=True, help="YYYY-MM")
        template.add_argument("--out", type=Path, help="file to write (default: KIND-MONTH.xlsx)")
        template.add_argument("--user", help="login whose scope to use (default: the city)")
        imp = sub.add_parser("import", help="read an input from Excel (every row or none)")
        imp.add_argument("kind", choices=imports.KINDS)
        imp.add_argument("file", type=Path)
        imp.add_argument("--month", required=True, help="YYYY-MM")
        imp.add_argument("--user", help="login whose role and scope apply (default: the city)")

    def handle(self, *args, **options):
        try:
            month = parse_month(options["month"])
        except ValueError as exc:
            raise CommandError(f"--month: {exc}") from exc
        if options["action"] == "pools":
            return self.pools(month)
        if options["action"] == "template":
            return self.template(month, options)
        if options["action"] == "import":
            return self.do_import(month, options)
        return self.export(month, options)

    def _user(self, options):
        name = options.get("user")
        if not name:
            return None
        user = get_user_model().objects.filter(username=name).first()
        if user is None:
            raise CommandError(f"--user: no login {name!r}")
        return user

    def template(self, month, options) -> None:
        kind = options["kind"]
        user = self._user(options)
        path = options["out"] or Path(input_sheets.file_name(kind, month))
        rows = input_sheets.template_rows(kind, month, user)
        path.write_bytes(input_sheets.template_bytes(kind, month, user))
        self.stdout.write(f"{path}: {len(rows)} rows")

    def do_import(self, month, options) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        user = self._user(options)
        try:
            with path.open("rb") as f:
                result = imports.import_file(options["kind"], f, month, user=user, name=path.name)
        except imports.ImportRefused as exc:
            raise CommandError("refused, nothing written:\n  " + "\n  ".join(exc.errors)) from exc
        for r in result.rows:
            self.stdout.write(f"row {r.row:<5} {r.key:<12} {r.name:<12} {r.action:<10} {r.values}")
        for n in result.notices:
            self.stdout.write(f"note: {n}")
        self.stdout.write(result.summary)

    def pools(self, month) -> None:
        try:
            with progress_bars() as report:
                pools = compute_pools(month, progress=report)
        except PayRefused as exc:
            raise CommandError("refused, nothing written:\n  " + "\n  ".join(exc.messages)) from exc
        for p in pools:
            flag = " (scaled to the company total)" if p.scaled_down else ""
            self.stdout.write(
                f"{p.unit.code:<10} {p.unit.name:<12} score {p.score:>6}  tier {p.tier}"
                f"  pool {yuan(p.pool_cents):>14}{flag}"
            )
        total = sum(p.pool_cents for p in pools)
        self.stdout.write(f"{len(pools)} pools, total {yuan(total)}")
        for w in pyramid(month).warnings:
            self.stdout.write(f"warning: {w}")

    def export(self, month, options) -> None:
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"--unit: no unit with code {options['unit']!r}")
        fmt = options["format"]
        path = options["out"] or Path(exports.file_name(month, unit, fmt))
        rows = exports.payroll_rows(month, unit)
        if not rows:
            raise CommandError(
                f"no approved pay for {month:%Y-%m}"
                + (f" in {unit.name}" if unit else "")
                + ": nothing to export"
            )
        if fmt == "xlsx":
            path.write_bytes(exports.xlsx_bytes(month, unit))
        else:
            path.write_text(exports.csv_text(month, unit), encoding="utf-8-sig")
        self.stdout.write(f"{path}: {len(rows)} rows")
