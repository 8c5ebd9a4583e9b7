"""``wangge imports list|show ID|rollback ID``: the record of imports, and undoing one.

A rollback undoes a run as a unit (the rows it created go, the values it changed
come back, a facts month returns to what it was) while it is the latest import in
force and no published month rests on it.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wangge.intake.errors import problem_text
from wangge.intake.models import ImportRun
from wangge.intake.services import RollbackRefused, problem_from_json, rollback


class Command(BaseCommand):
    help = "List and show import runs, or roll one back."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        ls = sub.add_parser("list", help="the latest import runs")
        ls.add_argument("--limit", type=int, default=30)
        show = sub.add_parser("show", help="one run: counts and problems")
        show.add_argument("id", type=int)
        back = sub.add_parser("rollback", help="undo a run as a unit")
        back.add_argument("id", type=int)

    def handle(self, *args, **options):
        action = options["action"]
        if action == "list":
            for run in ImportRun.objects.order_by("-pk")[: options["limit"]]:
                self.stdout.write(self._line(run))
        elif action == "show":
            run = ImportRun.objects.filter(pk=options["id"]).first()
            if run is None:
                raise CommandError(_("no import run #%(id)s") % {"id": options["id"]})
            self.stdout.write(self._line(run))
            self.stdout.write(
                _("file %(file)s, SHA-256 %(sha)s") % {"file": run.file_name, "sha": run.sha256}
            )
            if run.error_file:
                self.stdout.write(_("error workbook: %(path)s") % {"path": run.error_file})
            for p in run.problems:
                self.stdout.write("  " + problem_text(problem_from_json(p)))
        else:
            try:
                run = rollback(options["id"])
            except RollbackRefused as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(_("Run #%(id)s rolled back") % {"id": run.pk})

    def _line(self, run: ImportRun) -> str:
        month = f" {run.month:%Y-%m}" if run.month else ""
        who = run.started_by.get_username() if run.started_by else "cli"
        return (
            f"#{run.pk} {run.started_at:%Y-%m-%d %H:%M} {run.kind}{month} {run.file_name} "
            f"[{run.get_status_display()}] "
            + _("read %(read)s, added %(added)s, changed %(changed)s, rejected %(rejected)s")
            % {
                "read": run.rows_read,
                "added": run.added,
                "changed": run.changed,
                "rejected": run.rejected,
            }
            + f" ({who})"
        )
