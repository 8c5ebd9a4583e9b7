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
import os
import pickle
import tempfile
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
from wangge.core.intake.sources import SourceError, Table, open_table
from wangge.intake import store as facts_store
from wangge.intake.models import ImportProfile, ImportRun, RunStatus

Progress = Callable[[str, int, int], None]
SUPPORTED = ("customer", "subscription", "subscription_month")
BATCH = 5_000
KEPT_PROBLEMS = 200  # on the run record; the error workbook holds up to the checker's limit
EPOCH = date(2000, 1, 1)  # "since ever": a new customer's grid when the file gives no date


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
    return facts_store.recover(store or store_dir(), _run_state)


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


class _Tracked:
    """The table's rows, remembering the number of the last one handed out."""

    def __init__(self, rows: Iterator[tuple[int, list[Any]]]) -> None:
        self.rows = rows
        self.number = 0

    def __iter__(self):
        for number, cells in self.rows:
            self.number = number
            yield number, cells


class _Spool:
    """Clean rows pickled to a temporary file in batches, read back in the write phase."""

    def __init__(self) -> None:
        self.handle = tempfile.TemporaryFile(prefix="wangge-intake-")
        self.batch: list[Any] = []

    def add(self, item: Any) -> None:
        self.batch.append(item)
        if len(self.batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.batch:
            pickle.dump(self.batch, self.handle, protocol=pickle.HIGHEST_PROTOCOL)
            self.batch = []

    def batches(self) -> Iterator[list[Any]]:
        self.flush()
        self.handle.seek(0)
        while True:
            try:
                yield pickle.load(self.handle)
            except EOFError:
                return

    def close(self) -> None:
        self.handle.close()


# --- code resolution: the operator's codes → our ids ---------------------------------


def _codes(model, field_name: str = "code", **filters) -> dict[str, int]:
    return dict(model.objects.filter(**filters).values_list(field_name, "pk").iterator(10_000))


class _Resolver:
    """Looks codes up, reporting an unknown one as a problem of its cell."""

    def __init__(self, checker: Checker, table: Table, tracked: _Tracked) -> None:
        self.checker, self.table, self.tracked = checker, table, tracked
        self.position = {name: pos for name, pos, _h in checker.columns}

    def __call__(self, record: dict, name: str, known: dict, what: str):
        value = record.get(name)
        if value is None:
            return None
        found = known.get(value)
        if found is None:
            self.checker._problem(
                self.tracked.number, self.position.get(name), value, "unknown_code", what=what
            )
        return found


# --- the database kinds ---------------------------------------------------------------

CUSTOMER_FIELDS = (
    "name",
    "kind",
    "ownership",
    "place_id",
    "phone",
    "id_number",
    "industry",
    "address",
)
SUBSCRIPTION_FIELDS = (
    "customer_id",
    "product_line",
    "product",
    "number",
    "monthly_fee_cents",
    "start_date",
    "end_date",
    "contract_end",
    "status",
    "channel_id",
    "sold_by_id",
)


def _stage_customers(records, resolve, spool, month) -> None:
    from wangge.org.models import Unit
    from wangge.territory.models import Place

    grids = _codes(Unit, kind__in=("grid", "virtual"))
    places = _codes(Place)
    for r in records:
        grid = resolve(r, "grid_code", grids, "grid")
        place = resolve(r, "place_code", places, "place")
        if grid is None or (r["place_code"] is not None and place is None):
            continue
        spool.add(
            (
                r["code"],
                {
                    "name": r["name"],
                    "kind": r["kind"],
                    "ownership": r["ownership"] or "ours",
                    "place_id": place,
                    "phone": r["phone"] or "",
                    "id_number": r["id_number"] or "",
                    "industry": r["industry"] or "",
                    "address": r["address"] or "",
                },
                grid,
                r["valid_from"],
            )
        )


def _stage_subscriptions(records, resolve, spool, month) -> None:
    from wangge.customers.models import Customer
    from wangge.org.models import Person
    from wangge.territory.models import Channel

    customers = _codes(Customer)
    channels = _codes(Channel)
    people = _codes(Person, "staff_no")
    for r in records:
        customer = resolve(r, "customer_code", customers, "customer")
        channel = resolve(r, "channel_code", channels, "channel")
        seller = resolve(r, "sold_by", people, "staff")
        if (
            customer is None
            or (r["channel_code"] is not None and channel is None)
            or (r["sold_by"] is not None and seller is None)
        ):
            continue
        spool.add(
            (
                r["code"],
                {
                    "customer_id": customer,
                    "product_line": r["product_line"],
                    "product": r["product"] or "",
                    "number": r["number"] or "",
                    "monthly_fee_cents": r["monthly_fee_cents"] or 0,
                    "start_date": r["start_date"],
                    "end_date": r["end_date"],
                    "contract_end": r["contract_end"],
                    "status": r["status"],
                    "channel_id": channel,
                    "sold_by_id": seller,
                },
                None,
                None,
            )
        )


def _jsonable(value):
    return value.isoformat() if isinstance(value, date) else value


def _insert(model, names: list[str], rows: list[tuple]) -> None:
    """Plain INSERTs, many rows a statement: the ORM's per-instance work is most of the
    time of a million-row import, and these rows need none of it (no signals, no history)."""
    from django.db import connection

    if not rows:
        return
    opts = model._meta
    columns = [
        opts.get_field(n.removesuffix("_id") if n.endswith("_id") else n).column for n in names
    ]
    qn = connection.ops.quote_name
    sql = (
        f"INSERT INTO {qn(opts.db_table)} ({', '.join(qn(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _update(model, names: list[str], rows: list[tuple]) -> None:
    """UPDATE by primary key; each row is the new values, then the pk."""
    from django.db import connection

    if not rows:
        return
    opts = model._meta
    qn = connection.ops.quote_name
    columns = [
        opts.get_field(n.removesuffix("_id") if n.endswith("_id") else n).column for n in names
    ]
    sql = (
        f"UPDATE {qn(opts.db_table)} SET {', '.join(f'{qn(c)} = %s' for c in columns)} "
        f"WHERE {qn(opts.pk.column)} = %s"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _upsert(model, fields, spool, outcome, undo, progress, total) -> dict[str, int]:
    """Create rows with new codes, update changed ones, leave equal ones alone.

    Returns code → id of every row of the file. The codes already stored are read once;
    rows are compared with what is stored only for those codes, and the ids of the new
    rows are read back once at the end (they are above the largest id before).
    """
    before: dict[str, dict] = undo.setdefault("changed", {})
    names = list(fields)
    known = _codes(model)
    top = max(known.values(), default=0)
    fresh: set[str] = set()
    done = 0
    for batch in spool.batches():
        stored = [item[0] for item in batch if item[0] in known]
        existing = (
            {
                row["code"]: row
                for row in model.objects.filter(pk__in=[known[c] for c in stored]).values(
                    "pk", "code", *fields
                )
            }
            if stored
            else {}
        )
        new, changed = [], []
        for code, values, *_rest in batch:
            old = existing.get(code)
            if old is None:
                new.append((code, *(values[f] for f in names)))
                fresh.add(code)
                continue
            diff = {f: old[f] for f in fields if old[f] != values[f]}
            if diff:
                before[str(old["pk"])] = {f: _jsonable(v) for f, v in diff.items()}
                changed.append((*(values[f] for f in names), old["pk"]))
            else:
                outcome.unchanged += 1
        _insert(model, ["code", *names], new)
        _update(model, names, changed)
        outcome.added += len(new)
        outcome.changed += len(changed)
        done += len(batch)
        if progress:
            progress("write", done, total)
    made = {
        code: pk
        for code, pk in model.objects.filter(pk__gt=top).values_list("code", "pk").iterator(20_000)
        if code in fresh
    }
    undo["created"] = sorted(made.values())
    known.update(made)
    return known


def _grid_links(spool, ids: dict[str, int], undo: dict, today: date) -> None:
    """Open each new customer's grid link; move a known customer's when the file names
    another grid. A new customer's links go with it on a rollback (cascade)."""
    from wangge.customers.models import CustomerGrid

    created = set(undo.get("created", []))
    current = {
        customer: (pk, grid, since)
        for customer, pk, grid, since in CustomerGrid.objects.filter(valid_to__isnull=True)
        .values_list("customer_id", "pk", "grid_id", "valid_from")
        .iterator(20_000)
    }
    closed: list[int] = undo.setdefault("links_closed", [])
    moved: list[int] = []
    for batch in spool.batches():
        new, ended = [], []
        for code, _values, grid, since in batch:
            customer_id = ids[code]
            link = current.get(customer_id)
            if link is not None and link[1] == grid:
                continue
            start = since or (today if link is not None else EPOCH)
            if link is not None:
                if start <= link[2]:
                    start = max(today, link[2])
                ended.append((start, link[0]))
            if customer_id not in created:
                moved.append(customer_id)
            new.append((customer_id, grid, start, None))
        _update(CustomerGrid, ["valid_to"], ended)
        closed.extend(pk for _start, pk in ended)
        _insert(CustomerGrid, ["customer_id", "grid_id", "valid_from", "valid_to"], new)
    opened: list[int] = []
    for start in range(0, len(moved), 5_000):
        opened.extend(
            CustomerGrid.objects.filter(
                customer_id__in=moved[start : start + 5_000], valid_to__isnull=True
            ).values_list("pk", flat=True)
        )
    undo["links_opened"] = opened


def _refresh_dims(store: Path) -> None:
    """The store's customer, subscription and grid files follow the database."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from wangge.analytics.dims import write_org_dims
    from wangge.core import schema
    from wangge.customers.models import Customer, Subscription
    from wangge.engines import count_rows, dim_file

    dims = Path(store) / "dims"
    if not dims.is_dir():
        return
    if count_rows(dim_file(store, "customer")) > Customer.objects.count():
        # a files-only store holds customers the database does not: leave it to intake's
        # own store path rather than drop them
        return
    write_org_dims(store)
    tables = {
        "customer": (
            Customer.objects.order_by("pk").values_list(
                "pk",
                "code",
                "name",
                "kind",
                "ownership",
                "place_id",
                "phone",
                "id_number",
                "industry",
                "address",
            ),
            schema.DIMS["customer"],
        ),
        "subscription": (
            Subscription.objects.order_by("pk").values_list(
                "pk",
                "customer_id",
                "product_line",
                "product",
                "number",
                "monthly_fee_cents",
                "start_date",
                "end_date",
                "contract_end",
                "status",
                "channel_id",
                "sold_by_id",
            ),
            schema.DIMS["subscription"],
        ),
    }
    for name, (rows, arrow_schema) in tables.items():
        partial = dims / f".{name}.parquet.partial"
        with pq.ParquetWriter(partial, arrow_schema) as writer:
            chunk: list[tuple] = []
            for row in rows.iterator(20_000):
                chunk.append(tuple(None if v == "" else v for v in row))
                if len(chunk) >= 20_000:
                    writer.write_table(_arrow(chunk, arrow_schema, pa))
                    chunk = []
            writer.write_table(_arrow(chunk, arrow_schema, pa))
        os.replace(partial, dims / f"{name}.parquet")


def _arrow(rows, arrow_schema, pa):
    columns = list(zip(*rows, strict=True)) if rows else [[] for _ in arrow_schema.names]
    return pa.table(
        {
            n: pa.array(list(c), type=arrow_schema.field(n).type)
            for n, c in zip(arrow_schema.names, columns, strict=True)
        },
        schema=arrow_schema,
    )


# --- the monthly facts -------------------------------------------------------------------


def _stage_facts(records, resolve, staged: facts_store.StagedMonth) -> None:
    from wangge.customers.models import Subscription

    known: dict[str, tuple] = {}
    for code, pk, customer, line, start in (
        Subscription.objects.filter(code__isnull=False)
        .values_list("code", "pk", "customer_id", "product_line", "start_date")
        .iterator(20_000)
    ):
        known[code] = (pk, customer, line, start)
    names = staged_columns()
    columns: dict[str, list] = {n: [] for n in names}
    for r in records:
        sub = resolve(r, "code", known, "subscription")
        if sub is None:
            continue
        pk, customer, line, start = sub
        row = (
            r["month"],
            pk,
            customer,
            line,
            r["status"],
            r["status_since"],
            start,
            r["billed_cents"],
            r["paid_cents"] if r["paid_cents"] is not None else r["billed_cents"],
            r["arrears_cents"] or 0,
            r["arrears_over_90_cents"] or 0,
            r["usage"] or 0,
            r["complaints"] or 0,
        )
        for n, value in zip(names, row, strict=True):
            columns[n].append(value)
        if len(columns["month"]) >= 65_536:
            staged.write(columns)
            columns = {n: [] for n in names}
    if columns["month"]:
        staged.write(columns)


def staged_columns() -> list[str]:
    from wangge.core import schema

    return list(schema.SUBSCRIPTION_MONTH.names)


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
        raise ImportRefused(f"kind {kind!r} cannot be imported yet; one of: {', '.join(SUPPORTED)}")
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

    tracked = _Tracked(table.rows)
    table.rows = iter(tracked)
    checker = Checker(spec, chosen, table, month=month)
    resolve = _Resolver(checker, table, tracked)
    records = _counting(checker.records(), outcome, checker, progress, preview)
    spool: _Spool | None = None
    staged: facts_store.StagedMonth | None = None
    token = facts_store.new_token()
    try:
        if spec.monthly:
            staged = facts_store.StagedMonth(store, month, token)
            _stage_facts(records, resolve, staged)
            staged.close()
        else:
            spool = _Spool()
            stage = _stage_customers if kind == "customer" else _stage_subscriptions
            stage(records, resolve, spool, month)
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
                _dry_counts(kind, spool, outcome)
            elif staged is not None:
                outcome.added = staged.rows
            return outcome
        undo: dict[str, Any] = {"token": token}
        with transaction.atomic():
            if spool is not None:
                total = outcome.rows_read
                if kind == "customer":
                    from wangge.customers.models import Customer

                    ids = _upsert(Customer, CUSTOMER_FIELDS, spool, outcome, undo, progress, total)
                    _grid_links(spool, ids, undo, timezone.localdate())
                else:
                    from wangge.customers.models import Subscription

                    _upsert(
                        Subscription, SUBSCRIPTION_FIELDS, spool, outcome, undo, progress, total
                    )
            else:
                outcome.added = staged.rows
                undo["month"] = month.isoformat()
            run = ImportRun.objects.create(
                kind=kind,
                file_name=file[:255],
                sha256=sha,
                profile=saved,
                month=month,
                status=RunStatus.DONE,
                rows_read=outcome.rows_read,
                added=outcome.added,
                changed=outcome.changed,
                unchanged=outcome.unchanged,
                undo=undo,
                started_by=user if getattr(user, "pk", None) else None,
                started_at=started,
                finished_at=timezone.now(),
            )
        outcome.run_id = run.pk
        if staged is not None:
            facts_store.swap_in(store, month, token)
            staged = None
        else:
            _refresh_dims(store)
        if progress:
            progress("done", outcome.rows_read, outcome.rows_read)
        return outcome
    finally:
        if spool is not None:
            spool.close()
        if staged is not None:
            staged.discard()


def _dry_counts(kind: str, spool: _Spool, outcome: Outcome) -> None:
    from wangge.customers.models import Customer, Subscription

    model, fields = (
        (Customer, CUSTOMER_FIELDS) if kind == "customer" else (Subscription, SUBSCRIPTION_FIELDS)
    )
    for batch in spool.batches():
        existing = {
            row["code"]: row
            for row in model.objects.filter(code__in=[b[0] for b in batch]).values("code", *fields)
        }
        for code, values, *_rest in batch:
            old = existing.get(code)
            if old is None:
                outcome.added += 1
            elif any(old[f] != values[f] for f in fields):
                outcome.changed += 1
            else:
                outcome.unchanged += 1


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
    from wangge.customers.models import Customer, CustomerGrid, Subscription

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
        if run.kind == "subscription_month":
            later = later.filter(kind=run.kind, month=run.month)
        later = later.first()
        if later is not None:
            raise RollbackRefused(
                f"import run #{later.pk} came after #{run_id}; roll that back first"
            )
        if run.month is not None and _published(run.month):
            raise RollbackRefused(f"{run.month:%Y-%m} is published: its facts cannot change")
        undo = run.undo or {}
        if run.kind in ("customer", "subscription"):
            model = Customer if run.kind == "customer" else Subscription
            fields = CUSTOMER_FIELDS if run.kind == "customer" else SUBSCRIPTION_FIELDS
            if run.kind == "customer":
                CustomerGrid.objects.filter(pk__in=undo.get("links_opened", [])).delete()
                CustomerGrid.objects.filter(pk__in=undo.get("links_closed", [])).update(
                    valid_to=None
                )
            created = undo.get("created", [])
            for start in range(0, len(created), 1_000):
                model.objects.filter(pk__in=created[start : start + 1_000]).delete()
            changed = undo.get("changed", {})
            rows = []
            for pk, values in changed.items():
                obj = model.objects.get(pk=int(pk))
                for f, v in values.items():
                    setattr(obj, f, _from_json(model, f, v))
                rows.append(obj)
            model.objects.bulk_update(rows, list(fields), batch_size=1_000) if rows else None
        run.status = RunStatus.ROLLED_BACK
        run.rolled_back_by = user if getattr(user, "pk", None) else None
        run.rolled_back_at = timezone.now()
        run.save(update_fields=["status", "rolled_back_by", "rolled_back_at"])
    if run.kind == "subscription_month":
        facts_store.swap_back(store, run.month, undo["token"])
    else:
        _refresh_dims(store)
    return run


def _from_json(model, name: str, value):
    field_ = model._meta.get_field(name.removesuffix("_id") if name.endswith("_id") else name)
    if value is not None and field_.get_internal_type() == "DateField":
        return date.fromisoformat(value)
    return value
