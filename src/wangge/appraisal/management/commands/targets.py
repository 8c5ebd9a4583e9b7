"""``wangge targets``: decompose, adjust, set, export and import monthly targets.

    wangge targets decompose --month 2026-11 --indicator new_adds.mobile --total 12000
    wangge targets decompose --month 2026-11 --from-excel totals.xlsx
    wangge targets adjust --month 2026-11 --indicator new_adds.mobile --unit 370102-G001 \\
        --value 130 --reason "new estate handed over"
    wangge targets set --month 2026-11 --indicator churn --value 150 --grids
    wangge targets export --month 2026-11 --out targets.xlsx
    wangge targets import targets.xlsx
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from wangge.appraisal.excel import ImportRefused, export_targets, import_targets
from wangge.appraisal.models import Target
from wangge.appraisal.targets import TargetRefused, adjust_target, decompose_targets, set_targets
from wangge.core.months import parse_month
from wangge.org.models import Unit


def month_arg(text: str) -> date:
    try:
        return parse_month(text)
    except ValueError as exc:
        raise CommandError(f"--month: expected YYYY-MM, got {text!r}") from exc


def user_arg(username: str | None):
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"--user: no login {username!r}")
    return user


class Command(BaseCommand):
    help = "Monthly targets: decompose a total down the tree, adjust, set, export, import."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        d = sub.add_parser("decompose", help="split a company total down to the grids")
        d.add_argument("--month", type=month_arg, required=True)
        d.add_argument("--indicator", help="e.g. new_adds.mobile, development, revenue")
        d.add_argument("--total", type=int, help="count, or cents for money indicators")
        d.add_argument("--root", help="unit code to decompose from (default: the city)")
        d.add_argument(
            "--weights",
            help="population,economic,last_year,base e.g. 0.3,0.2,0.3,0.2 (must sum to 1)",
        )
        d.add_argument(
            "--from-excel",
            type=Path,
            help="a sheet of totals: columns indicator, total (one decomposition per row)",
        )
        d.add_argument("--user")
        a = sub.add_parser("adjust", help="move one unit's target within ±10 %% with a reason")
        a.add_argument("--month", type=month_arg, required=True)
        a.add_argument("--indicator", required=True)
        a.add_argument("--unit", required=True, help="unit code")
        a.add_argument("--value", type=int, required=True)
        a.add_argument("--reason", required=True)
        a.add_argument("--user")
        s = sub.add_parser("set", help="give units the same target (rates: ten-thousandths)")
        s.add_argument("--month", type=month_arg, required=True)
        s.add_argument("--indicator", required=True)
        s.add_argument("--value", type=int, required=True)
        s.add_argument("--units", nargs="*", default=[], help="unit codes")
        s.add_argument("--grids", action="store_true", help="every grid")
        e = sub.add_parser("export", help="write the month's targets to an .xlsx file")
        e.add_argument("--month", type=month_arg, required=True)
        e.add_argument("--out", type=Path, required=True)
        i = sub.add_parser("import", help="read targets from an .xlsx file (all rows or none)")
        i.add_argument("file", type=Path)
        i.add_argument("--user")

    def handle(self, *args, **o) -> None:
        try:
            getattr(self, f"do_{o['action']}")(o)
        except (TargetRefused, ImportRefused) as exc:
            raise CommandError(str(exc)) from exc

    def do_decompose(self, o) -> None:
        root = None
        if o["root"]:
            root = Unit.objects.filter(code=o["root"]).first()
            if root is None:
                raise CommandError(f"--root: no unit {o['root']!r}")
        weights = None
        if o["weights"]:
            parts = o["weights"].split(",")
            if len(parts) != 4:
                raise CommandError("--weights needs four numbers")
            weights = dict(zip(("population", "economic", "last_year", "base"), parts, strict=True))
        jobs: list[tuple[str, int]] = []
        if o["from_excel"]:
            jobs = _totals_from_excel(o["from_excel"])
        elif o["indicator"] and o["total"] is not None:
            jobs = [(o["indicator"], o["total"])]
        else:
            raise CommandError("give --indicator and --total, or --from-excel")
        user = user_arg(o["user"])
        for key, total in jobs:
            plan = decompose_targets(
                o["month"],
                key,
                total,
                root=root,
                weights=weights,
                user=user,
                store=Path(settings.STORE_DIR),
            )
            n = plan.targets.count()
            self.stdout.write(f"{key} {o['month']:%Y-%m}: {total} split over {n} units")

    def do_adjust(self, o) -> None:
        unit = Unit.objects.filter(code=o["unit"]).first()
        if unit is None:
            raise CommandError(f"--unit: no unit {o['unit']!r}")
        adj = adjust_target(
            o["month"], o["indicator"], unit, o["value"], o["reason"], user=user_arg(o["user"])
        )
        moved = ", ".join(f"{k}: {b} → {a}" for k, (b, a) in adj.siblings.items())
        self.stdout.write(f"{unit.name}: {adj.before} → {adj.after}; siblings {moved or '-'}")

    def do_set(self, o) -> None:
        units = list(Unit.objects.filter(code__in=o["units"]))
        if o["grids"]:
            units += list(Unit.objects.filter(kind="grid"))
        if not units:
            raise CommandError("name --units or --grids")
        n = set_targets(o["month"], o["indicator"], o["value"], units)
        self.stdout.write(f"{o['indicator']} {o['month']:%Y-%m} = {o['value']} for {n} units")

    def do_export(self, o) -> None:
        export_targets(Target.objects.filter(month=o["month"]), o["out"])
        self.stdout.write(str(o["out"]))

    def do_import(self, o) -> None:
        n = import_targets(o["file"], user=user_arg(o["user"]))
        self.stdout.write(f"{n} targets imported from {o['file']}")


def _totals_from_excel(path: Path) -> list[tuple[str, int]]:
    """Totals to decompose: first sheet, columns "indicator" and "total" (bilingual ok)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise CommandError(f"{path.name}: not an Excel workbook ({exc})") from exc
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    if not rows:
        raise CommandError(f"{path.name}: the sheet is empty")
    head = [str(h or "").split(" ")[-1].strip().lower() for h in rows[0]]
    if "indicator" not in head or "total" not in head:
        raise CommandError(f"{path.name}, row 1: needs columns indicator and total")
    ki, kt = head.index("indicator"), head.index("total")
    out, errors = [], []
    for n, row in enumerate(rows[1:], start=2):
        if not row or row[ki] in (None, ""):
            continue
        try:
            out.append((str(row[ki]).strip(), int(row[kt])))
        except (TypeError, ValueError):
            errors.append(f"{path.name}, row {n}, column total: expected a whole number")
    if errors:
        raise CommandError("\n".join(errors))
    return out
