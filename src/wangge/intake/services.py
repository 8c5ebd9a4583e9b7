"""One import: parse → map → check every row → stage → swap in, all or nothing.

``run_import`` reads the file once through the core's ``Checker`` (every cell
parsed, every problem named by file, row and column), resolves the operator's
codes against what is stored (grid, place, customer, channel, staff and
subscription codes) and stages the clean rows: in a temporary file for the
database kinds, beside the live partition for the monthly facts. Only a file with
no problem at all is written, in one database transaction; a facts partition is
swapped in after that transaction commits (``wangge.intake.store``), so a killed
import leaves both stores as they were. Rows are matched on the operator's codes,
so importing the same file again changes nothing; the same file hash is not even
read twice. Each run is recorded with what it changed, and ``rollback`` undoes the
latest one as a unit while no published month depends on it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wangge.core.intake import kinds as K
from wangge.core.intake.check import Checker, Problem
from wangge.core.intake.mapping import Profile, header_score, propose
from wangge.core.intake.sources import SourceError, open_table
from wangge.intake import complaints, history, linkfiles
from wangge.intake import store as facts_store
from wangge.intake.dims import refresh_dims
from wangge.intake.models import ImportProfile, ImportRun, RunStatus
from wangge.intake.orgfiles import ORG_KINDS as _ORG_KINDS
from wangge.intake.orgfiles import OrgKind, OrgRollbackRefused
from wangge.intake.staging import Resolver, Spool, Tracked, stage_facts
from wangge.intake.storefiles import FILES, StagedFile
from wangge.intake.storefiles import recover as recover_files
from wangge.intake.storefiles import swap_back as swap_file_back
from wangge.intake.storefiles import swap_in as swap_file_in
from wangge.intake.tables import TABLES
from wangge.intake.writes import dry_counts, from_json, grid_links, upsert

Progress = Callable[[str, int, int], None]
FACTS = "subscription_month"
# the dated grid history rests on the customers and places it names
LINK_KINDS = {
    "grid_link": OrgKind(linkfiles.stage, linkfiles.write, linkfiles.dry, linkfiles.rollback)
}
ORG_KINDS = {**_ORG_KINDS, **LINK_KINDS}
SUPPORTED = (*_ORG_KINDS, *TABLES, *LINK_KINDS, FACTS, *FILES)
DB_KINDS = (
    *_ORG_KINDS,
    *TABLES,
    *LINK_KINDS,
)  # one order of runs: a later one may rest on an earlier
KEPT_PROBLEMS = 200  # on the run record; the error workbook holds up to the checker's limit


class ImportRefused(ValueError):
    """An import that cannot start (unknown kind, no month, a published month...)."""


@dataclass
class Outcome:
    """What an import did or would do; ``problems`` empty means it was (or would be) written."""

    kind: str
    file: str
    sha256: str
    month: date | None = None
    dry_run: bool = False
    rows_read: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    rejected: int = 0
    error_file: Path | None = None
    run_id: int | None = None
    already: int | None = None  # the earlier run that imported this very file
    profile: Profile | None = None
    preview: list[dict[str, Any]] = field(default_factory=list)
    orders_opened: int = 0  # complaints: the work orders the run opened
    orders_unassigned: int = 0  # complaints whose grid has nobody to give them to

    @property
    def ok(self) -> bool:
        return self.problem_count == 0


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def store_dir() -> Path:
    return Path(settings.STORE_DIR)


def _published(month: date) -> bool:
    from wangge.appraisal.models import AppraisalRun
    from wangge.appraisal.models import RunStatus as AppraisalStatus

    return AppraisalRun.objects.filter(month=month, status=AppraisalStatus.PUBLISHED).exists()


def _run_state(token: str) -> str | None:
    return ImportRun.objects.filter(undo__token=token).values_list("status", flat=True).first()


def recover(store: Path | None = None) -> list[str]:
    """Finish or undo what a killed import or rollback left in the store."""
    store = store or store_dir()
    return facts_store.recover(store, _run_state) + recover_files(store, _run_state)


def resolve_profile(kind: K.Kind, profile: ImportProfile | Profile | str | None, header):
    """The profile to read a file with: a saved one by name, or one proposed from its header."""
    saved = None
    if isinstance(profile, str):
        saved = ImportProfile.objects.filter(name=profile).first()
        if saved is None:
            raise ImportRefused(f"no import profile named {profile!r}")
        profile = saved
    if isinstance(profile, ImportProfile):
        saved = profile
        if profile.kind != kind.name:
            raise ImportRefused(f"profile {profile.name!r} is for {profile.kind}, not {kind.name}")
        profile = profile.profile()
    if profile is None:
        profile = propose(kind, header)
    elif isinstance(profile, Profile) and not profile.columns:
        profile = propose(kind, header, known=profile)
    return profile, saved


# --- the run ---------------------------------------------------------------------------


def _counting(
    records, outcome: Outcome, checker: Checker, progress: Progress | None, keep_preview: int
) -> Iterator[dict]:
    for record in records:
        if len(outcome.preview) < keep_preview:
            outcome.preview.append(dict(record))
        if progress and checker.rows_read % 10_000 == 0:
            progress("check", checker.rows_read, 0)
        yield record


def _previous(kind: str, sha: str, month: date | None) -> ImportRun | None:
    return (
        ImportRun.objects.filter(kind=kind, sha256=sha, month=month, status=RunStatus.DONE)
        .order_by("-pk")
        .first()
    )


def run_import(
    kind: str,
    path: str | Path,
    *,
    profile: ImportProfile | Profile | str | None = None,
    month: date | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    dry_run: bool = False,
    user=None,
    progress: Progress | None = None,
    name: str | None = None,
    store: Path | None = None,
    preview: int = 0,
    error_dir: Path | None = None,
) -> Outcome:
    """Bring one file in; see the module docstring. ``user`` None is the command line."""
    if kind not in SUPPORTED:
        raise ImportRefused(f"kind {kind!r} cannot be imported; one of: {', '.join(SUPPORTED)}")
    spec = K.kind(kind)
    path = Path(path)
    store = Path(store or store_dir())
    if spec.monthly:
        if month is None:
            raise ImportRefused(f"a {kind} import needs its month (--month YYYY-MM)")
        month = month.replace(day=1)
        if _published(month):
            raise ImportRefused(f"{month:%Y-%m} is published: its facts cannot change")
    else:
        month = None
    file = name or path.name
    started = timezone.now()
    sha = sha256_of(path) if path.exists() else ""
    outcome = Outcome(kind=kind, file=file, sha256=sha, month=month, dry_run=dry_run)
    recover(store)
    earlier = _previous(kind, sha, month) if sha else None
    if earlier is not None and not dry_run:
        outcome.already = earlier.pk
        return outcome
    try:
        table = open_table(
            path, sheet=sheet, encoding=encoding, score=header_score(spec), name=file
        )
    except SourceError as exc:
        outcome.problems = [
            Problem(file, exc.row or 0, "", exc.column or "", "", "file", {"message": exc.message})
        ]
        outcome.problem_count = 1
        return _refused(outcome, None, started, user, path, sheet, encoding, error_dir, dry_run)
    chosen, saved = resolve_profile(spec, profile, table.header)
    outcome.profile = chosen
    mapping_problems = chosen.problems(spec, table.header)
    if spec.monthly:
        mapping_problems = [p for p in mapping_problems if "required field month" not in p]
    if mapping_problems:
        outcome.problems = [
            Problem(file, table.header_row, "", "", "", "file", {"message": m})
            for m in mapping_problems
        ]
        outcome.problem_count = len(mapping_problems)
        return _refused(outcome, saved, started, user, path, sheet, encoding, error_dir, dry_run)

    tracked = Tracked(table.rows)
    table.rows = iter(tracked)
    checker = Checker(spec, chosen, table, month=month)
    resolve = Resolver(checker, table, tracked)
    records = _counting(checker.records(), outcome, checker, progress, preview)
    db = TABLES.get(kind)
    org = ORG_KINDS.get(kind)
    spool: Spool | None = None
    staged: facts_store.StagedMonth | None = None
    staged_file: StagedFile | None = None
    org_rows: list | None = None
    token = facts_store.new_token()
    try:
        if kind == FACTS:
            staged = facts_store.StagedMonth(store, month, token)
            stage_facts(records, resolve, staged)
            staged.close()
        elif kind in FILES:
            staged_file = StagedFile(FILES[kind], store, month, token)
            staged_file.rows = list(FILES[kind].stage(records, resolve, month))
        elif org is not None:
            org_rows = org.stage(records, resolve)
        else:
            spool = Spool()
            db.stage(records, resolve, spool, month)
        outcome.rows_read = checker.rows_read
        outcome.problems = list(checker.problems)
        outcome.problem_count = checker.problem_count + len(checker.missing)
        if checker.missing:
            outcome.problems.insert(
                0,
                Problem(
                    file,
                    table.header_row,
                    "",
                    "",
                    "",
                    "file",
                    {"message": f"required columns missing: {', '.join(checker.missing)}"},
                ),
            )
        if not outcome.ok:
            return _refused(
                outcome, saved, started, user, path, sheet, encoding, error_dir, dry_run
            )
        if dry_run:
            if spool is not None:
                dry_counts(db.model(), db.fields, spool, outcome)
            elif staged is not None:
                outcome.added = staged.rows
            elif staged_file is not None:
                outcome.added, outcome.changed, outcome.unchanged = staged_file.counts()
            else:
                org.dry(org_rows, resolve, outcome)
            return outcome
        undo: dict[str, Any] = {"token": token}
        if staged_file is not None:
            outcome.added, outcome.changed, outcome.unchanged = staged_file.counts()
            staged_file.write()
            undo["file"] = str(staged_file.target.relative_to(store))
        with transaction.atomic():
            run = ImportRun.objects.create(
                kind=kind,
                file_name=file[:255],
                sha256=sha,
                profile=saved,
                month=month,
                status=RunStatus.DONE,
                rows_read=outcome.rows_read,
                started_by=user if getattr(user, "pk", None) else None,
                started_at=started,
            )
            if spool is not None:
                total, model = outcome.rows_read, db.model()
                top = history.top_id(model)
                ids = upsert(model, db.fields, spool, outcome, undo, progress, total)
                history.record(model, run, user, above=top, changed=list(undo["changed"]))
                if db.link is not None:
                    link = db.link.model()
                    top = history.top_id(link)
                    grid_links(link, db.link.child, spool, ids, undo, timezone.localdate())
                    history.record(link, run, user, above=top, changed=undo["links_closed"])
            elif org_rows is not None:
                org.write(org_rows, resolve, run, user, outcome, undo, timezone.localdate())
            elif staged is not None:
                outcome.added = staged.rows
                undo["month"] = month.isoformat()
            elif kind == "complaint":
                complaints.open_orders(staged_file.rows, run, user, outcome)
            run.added, run.changed, run.unchanged = (
                outcome.added,
                outcome.changed,
                outcome.unchanged,
            )
            run.undo, run.finished_at = undo, timezone.now()
            run.save(update_fields=["added", "changed", "unchanged", "undo", "finished_at"])
        outcome.run_id = run.pk
        if staged is not None:
            facts_store.swap_in(store, month, token)
            staged = None
        elif staged_file is not None:
            swap_file_in(staged_file.target, token)
            staged_file = None
        else:
            refresh_dims(store)
        if progress:
            progress("done", outcome.rows_read, outcome.rows_read)
        return outcome
    finally:
        if spool is not None:
            spool.close()
        if staged is not None:
            staged.discard()
        if staged_file is not None:
            staged_file.discard()


def _refused(outcome, saved, started, user, path, sheet, encoding, error_dir, dry_run) -> Outcome:
    from wangge.intake.errors import write_error_workbook

    outcome.rejected = len({p.row for p in outcome.problems if p.row}) or outcome.problem_count
    directory = Path(error_dir or Path(settings.EXPORT_DIR) / "imports")
    outcome.error_file = write_error_workbook(
        outcome, path, directory, sheet=sheet, encoding=encoding
    )
    if dry_run:
        return outcome
    run = ImportRun.objects.create(
        kind=outcome.kind,
        file_name=outcome.file[:255],
        sha256=outcome.sha256,
        profile=saved,
        month=outcome.month,
        status=RunStatus.REFUSED,
        rows_read=outcome.rows_read,
        rejected=outcome.rejected,
        problems=[problem_json(p) for p in outcome.problems[:KEPT_PROBLEMS]],
        error_file=str(outcome.error_file or ""),
        started_by=user if getattr(user, "pk", None) else None,
        started_at=started,
        finished_at=timezone.now(),
    )
    outcome.run_id = run.pk
    return outcome


def problem_json(p: Problem) -> dict[str, Any]:
    return {
        "file": p.file,
        "row": p.row,
        "column": p.column,
        "letter": p.letter,
        "value": p.value,
        "rule": p.rule,
        "params": {k: str(v) for k, v in p.params.items()},
    }


def problem_from_json(data: dict[str, Any]) -> Problem:
    return Problem(
        data["file"],
        data["row"],
        data["column"],
        data["letter"],
        data["value"],
        data["rule"],
        data.get("params") or {},
    )


# --- rollback ---------------------------------------------------------------------------


class RollbackRefused(ValueError):
    pass


def rollback(run_id: int, *, user=None, store: Path | None = None) -> ImportRun:
    """Undo a run as a unit: only the latest run still in force, and not under a published month."""
    store = Path(store or store_dir())
    recover(store)
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None:
            raise RollbackRefused(f"no import run #{run_id}")
        if run.status != RunStatus.DONE:
            raise RollbackRefused(f"import run #{run_id} is {run.status}: nothing to roll back")
        later = ImportRun.objects.filter(
            pk__gt=run.pk, status=RunStatus.DONE, kind__in=SUPPORTED
        ).order_by("pk")
        if run.kind == FACTS or run.kind in FILES:
            # a store file's runs stack on each other alone
            later = later.filter(kind=run.kind, month=run.month)
        later = later.first()
        if later is not None:
            raise RollbackRefused(
                f"import run #{later.pk} came after #{run_id}; roll that back first"
            )
        if run.month is not None and _published(run.month):
            raise RollbackRefused(f"{run.month:%Y-%m} is published: its facts cannot change")
        undo = run.undo or {}
        db = TABLES.get(run.kind)
        if run.kind == "complaint":
            try:
                complaints.rollback(run)
            except complaints.ComplaintRollbackRefused as exc:
                raise RollbackRefused(str(exc)) from exc
        if run.kind in ORG_KINDS:
            try:
                ORG_KINDS[run.kind].rollback(undo, run, user)
            except OrgRollbackRefused as exc:
                raise RollbackRefused(str(exc)) from exc
        if db is not None:
            model, fields = db.model(), db.fields
            reason = f"rollback of import #{run.pk}"
            if db.link is not None:
                link = db.link.model()
                link.objects.filter(pk__in=undo.get("links_opened", [])).delete()
                reopened = undo.get("links_closed", [])
                link.objects.filter(pk__in=reopened).update(valid_to=None)
                history.record(link, run, user, above=None, changed=reopened, reason=reason)
            created = undo.get("created", [])
            for start in range(0, len(created), 1_000):
                model.objects.filter(pk__in=created[start : start + 1_000]).delete()
            changed = undo.get("changed", {})
            rows = []
            for pk, values in changed.items():
                obj = model.objects.get(pk=int(pk))
                for f, v in values.items():
                    setattr(obj, f, from_json(model, f, v))
                rows.append(obj)
            model.objects.bulk_update(rows, list(fields), batch_size=1_000) if rows else None
            history.record(model, run, user, above=None, changed=list(changed), reason=reason)
        run.status = RunStatus.ROLLED_BACK
        run.rolled_back_by = user if getattr(user, "pk", None) else None
        run.rolled_back_at = timezone.now()
        run.save(update_fields=["status", "rolled_back_by", "rolled_back_at"])
    if run.kind == FACTS:
        facts_store.swap_back(store, run.month, undo["token"])
    elif run.kind in FILES:
        swap_file_back(store / undo["file"], undo["token"])
    else:
        refresh_dims(store)
    return run
