"""``wangge reorganise``: open, move and close units, move people, places or customers on
one day, all or nothing."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from wangge.core.org import OrgError
from wangge.org.reorganise import KINDS, CodedMove, NewUnit, reorganise

CODE_NAME = {"person": "staff number"}


def parse_move(kind: str, text: str, where: str) -> CodedMove:
    code, sep, parent = text.partition(":")
    if not sep or not code or not parent:
        raise CommandError(f"{where}: expected CODE:NEW_PARENT_CODE, got {text!r}")
    return CodedMove(kind, code.strip(), parent.strip())


def parse_new_unit(text: str, where: str) -> NewUnit:
    parts = [p.strip() for p in text.split(":", 3)]
    if len(parts) < 3 or not all(parts[:3]):
        raise CommandError(f"{where}: expected CODE:KIND:PARENT_CODE[:NAME], got {text!r}")
    return NewUnit(parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else "")


class Command(BaseCommand):
    help = (
        "Reorganise on one day: open new units, move units, people, places and customers, "
        "close emptied units; all or nothing, recorded as one entry in the audit trail."
    )

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
        parser.add_argument(
            "--create",
            action="append",
            default=[],
            metavar="CODE:KIND:PARENT[:NAME]",
            help="open a new unit (kind: center, county, area, grid or virtual) under PARENT",
        )
        parser.add_argument(
            "--close",
            action="append",
            default=[],
            metavar="CODE",
            help="close a unit on the day; everything under it must move away in the same run",
        )
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument(
            "--user", metavar="USERNAME", help="the log-in running it, recorded in the audit trail"
        )
        who.add_argument(
            "--system", action="store_true", help="record the run as the system's (no log-in)"
        )
        parser.add_argument(
            "--file",
            type=Path,
            help="CSV with columns kind,code,new_parent (one change a row); kind is unit, "
            "person, place, customer, create (with unit_kind and an optional name column) "
            "or close (new_parent empty)",
        )

    def handle(self, *args, **options):
        try:
            day = date.fromisoformat(options["day"])
        except ValueError as exc:
            raise CommandError(f"--day: expected YYYY-MM-DD, got {options['day']!r}") from exc
        moves = [parse_move(k, text, f"--{k}") for k in KINDS for text in options[k]]
        create = [parse_new_unit(text, "--create") for text in options["create"]]
        close = [code.strip() for code in options["close"]]
        if options["file"]:
            more_moves, more_create, more_close = self.read_file(options["file"])
            moves, create, close = moves + more_moves, create + more_create, close + more_close
        if not (moves or create or close):
            raise CommandError(
                "nothing to do: give --create, --unit/--person/--place/--customer, "
                "--close or --file"
            )
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"--user: no log-in {options['user']!r}")
        try:
            result = reorganise(moves, day, user=user, create=create, close=close)
        except OrgError as exc:
            raise CommandError(str(exc)) from exc
        record = f" ({result.record.reason})" if result.record else " (nothing to change)"
        self.stdout.write(
            f"reorganised on {day}: {result.closed} links closed, {result.opened} opened{record}"
        )

    def read_file(self, path: Path) -> tuple[list[CodedMove], list[NewUnit], list[str]]:
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        moves, create, close = [], [], []
        kinds = (*KINDS, "create", "close")
        with path.open(newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            missing = {"kind", "code", "new_parent"} - set(reader.fieldnames or [])
            if missing:
                raise CommandError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
            for n, row in enumerate(reader, start=2):
                kind = (row["kind"] or "").strip()
                code, parent = (row["code"] or "").strip(), (row["new_parent"] or "").strip()
                if kind not in kinds:
                    raise CommandError(
                        f"{path}, row {n}, column kind: {kind!r} is not one of {', '.join(kinds)}"
                    )
                if not code:
                    raise CommandError(f"{path}, row {n}, column code: required")
                if kind == "close":
                    close.append(code)
                    continue
                if not parent:
                    raise CommandError(f"{path}, row {n}, column new_parent: required")
                if kind == "create":
                    unit_kind = (row.get("unit_kind") or "").strip()
                    if not unit_kind:
                        raise CommandError(f"{path}, row {n}, column unit_kind: required to create")
                    create.append(NewUnit(code, unit_kind, parent, (row.get("name") or "").strip()))
                else:
                    moves.append(CodedMove(kind, code, parent))
        return moves, create, close
