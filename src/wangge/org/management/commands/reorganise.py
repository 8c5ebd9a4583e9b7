"""``wangge reorganise``: move units, people, places or customers on one day, all or nothing."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from wangge.core.org import OrgError
from wangge.org.reorganise import KINDS, CodedMove, reorganise

CODE_NAME = {"person": "staff number"}


def parse_move(kind: str, text: str, where: str) -> CodedMove:
    code, sep, parent = text.partition(":")
    if not sep or not code or not parent:
        raise CommandError(f"{where}: expected CODE:NEW_PARENT_CODE, got {text!r}")
    return CodedMove(kind, code.strip(), parent.strip())


class Command(BaseCommand):
    help = "Reorganise on one day: close the old links and open new ones, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--day", required=True, help="the day the new organisation takes effect (YYYY-MM-DD)"
        )
        for kind in KINDS:
            parser.add_argument(
                f"--{kind}",
                action="append",
                default=[],
                metavar="CODE:PARENT",
                help=f"move a {kind} (by {CODE_NAME.get(kind, 'code')}) to a unit",
            )
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument(
            "--user", metavar="USERNAME", help="the log-in running it, recorded in the audit trail"
        )
        who.add_argument(
            "--system", action="store_true", help="record the run as the system's (no log-in)"
        )
        parser.add_argument(
            "--file", type=Path, help="CSV with columns kind,code,new_parent (one move a row)"
        )

    def handle(self, *args, **options):
        try:
            day = date.fromisoformat(options["day"])
        except ValueError as exc:
            raise CommandError(f"--day: expected YYYY-MM-DD, got {options['day']!r}") from exc
        moves = [parse_move(k, text, f"--{k}") for k in KINDS for text in options[k]]
        if options["file"]:
            moves += self.read_file(options["file"])
        if not moves:
            raise CommandError("nothing to move: give --unit/--person/--place/--customer or --file")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"--user: no log-in {options['user']!r}")
        try:
            result = reorganise(moves, day, user=user)
        except OrgError as exc:
            raise CommandError(str(exc)) from exc
        record = f" ({result.record.reason})" if result.record else " (nothing to change)"
        self.stdout.write(
            f"reorganised on {day}: {result.closed} links closed, {result.opened} opened{record}"
        )

    def read_file(self, path: Path) -> list[CodedMove]:
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        moves = []
        with path.open(newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            missing = {"kind", "code", "new_parent"} - set(reader.fieldnames or [])
            if missing:
                raise CommandError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
            for n, row in enumerate(reader, start=2):
                if row["kind"] not in KINDS:
                    raise CommandError(
                        f"{path}, row {n}, column kind: {row['kind']!r} "
                        f"is not one of {', '.join(KINDS)}"
                    )
                if not row["code"] or not row["new_parent"]:
                    raise CommandError(f"{path}, row {n}: code and new_parent are required")
                moves.append(CodedMove(row["kind"], row["code"].strip(), row["new_parent"].strip()))
        return moves
