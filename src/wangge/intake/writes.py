"""Writing staged rows: plain INSERTs and UPDATEs by the thousand, the grid links
that follow, and the counts a check-only run reports. Called inside the run's
transaction; what each write changed is kept in the run's ``undo`` for a rollback.
"""

from __future__ import annotations

from datetime import date

from wangge.intake.staging import codes

EPOCH = date(2000, 1, 1)  # "since ever": a new row's grid when the file gives no date


def jsonable(value):
    return value.isoformat() if isinstance(value, date) else value


def _columns(model, names: list[str]) -> list[str]:
    opts = model._meta
    return [opts.get_field(n.removesuffix("_id") if n.endswith("_id") else n).column for n in names]


def _copy(cursor, sql: str, rows: list[tuple]) -> None:
    """PostgreSQL's COPY FROM STDIN through psycopg: one stream instead of statements."""
    with cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def insert_rows(model, names: list[str], rows: list[tuple]) -> None:
    """Plain INSERTs, many rows a statement (COPY on PostgreSQL): the ORM's per-instance
    work is most of the time of a million-row import, and these rows need none of it
    (no signals, no history)."""
    from django.db import connection

    if not rows:
        return
    qn = connection.ops.quote_name
    table, columns = qn(model._meta.db_table), ", ".join(qn(c) for c in _columns(model, names))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy(cursor, f"COPY {table} ({columns}) FROM STDIN", rows)
            return
        marks = ", ".join(["%s"] * len(names))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def update_rows(model, names: list[str], rows: list[tuple]) -> None:
    """UPDATE by primary key; each row is the new values, then the pk. On PostgreSQL the
    rows are copied into a temporary table and applied by one UPDATE … FROM."""
    from django.db import connection

    if not rows:
        return
    opts = model._meta
    qn = connection.ops.quote_name
    columns = _columns(model, names)
    table, pk = qn(opts.db_table), qn(opts.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            scratch = qn("wangge_intake_update")
            listed = ", ".join(qn(c) for c in [*columns, opts.pk.column])
            cursor.execute(f"DROP TABLE IF EXISTS {scratch}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {scratch} AS SELECT {listed} FROM {table} WITH NO DATA"
            )
            _copy(cursor, f"COPY {scratch} ({listed}) FROM STDIN", rows)
            sets = ", ".join(f"{qn(c)} = u.{qn(c)}" for c in columns)
            cursor.execute(
                f"UPDATE {table} AS t SET {sets} FROM {scratch} AS u WHERE t.{pk} = u.{pk}"
            )
            cursor.execute(f"DROP TABLE {scratch}")
            return
        sets = ", ".join(f"{qn(c)} = %s" for c in columns)
        cursor.executemany(f"UPDATE {table} SET {sets} WHERE {pk} = %s", rows)


def upsert(model, fields, spool, outcome, undo, progress, total) -> dict[str, int]:
    """Create rows with new codes, update changed ones, leave equal ones alone.

    Returns code → id of every row of the file. The codes already stored are read once;
    rows are compared with what is stored only for those codes, and the ids of the new
    rows are read back once at the end (they are above the largest id before).
    """
    before: dict[str, dict] = undo.setdefault("changed", {})
    names = list(fields)
    known = codes(model)
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
                before[str(old["pk"])] = {f: jsonable(v) for f, v in diff.items()}
                changed.append((*(values[f] for f in names), old["pk"]))
            else:
                outcome.unchanged += 1
        insert_rows(model, ["code", *names], new)
        update_rows(model, names, changed)
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


def grid_links(link_model, child: str, spool, ids: dict[str, int], undo: dict, today: date) -> None:
    """Open each new row's grid link (``link_model``, whose ``child`` column names the
    row: ``customer_id``, ``place_id``); move a known row's when the file names another
    grid. A new row's links go with it on a rollback (cascade)."""
    created = set(undo.get("created", []))
    current = {
        row: (pk, grid, since)
        for row, pk, grid, since in link_model.objects.filter(valid_to__isnull=True)
        .values_list(child, "pk", "grid_id", "valid_from")
        .iterator(20_000)
    }
    closed: list[int] = undo.setdefault("links_closed", [])
    moved: list[int] = []
    for batch in spool.batches():
        new, ended = [], []
        for code, _values, grid, since in batch:
            row_id = ids[code]
            link = current.get(row_id)
            if link is not None and link[1] == grid:
                continue
            start = since or (today if link is not None else EPOCH)
            if link is not None:
                if start <= link[2]:
                    start = max(today, link[2])
                ended.append((start, link[0]))
            if row_id not in created:
                moved.append(row_id)
            new.append((row_id, grid, start, None))
        update_rows(link_model, ["valid_to"], ended)
        closed.extend(pk for _start, pk in ended)
        insert_rows(link_model, [child, "grid_id", "valid_from", "valid_to"], new)
    opened: list[int] = []
    for start in range(0, len(moved), 5_000):
        opened.extend(
            link_model.objects.filter(
                **{f"{child}__in": moved[start : start + 5_000]}, valid_to__isnull=True
            ).values_list("pk", flat=True)
        )
    undo["links_opened"] = opened


def dry_counts(model, fields, spool, outcome) -> None:
    """What a check-only run would add, change and leave alone."""
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


def from_json(model, name: str, value):
    field_ = model._meta.get_field(name.removesuffix("_id") if name.endswith("_id") else name)
    if value is not None and field_.get_internal_type() == "DateField":
        return date.fromisoformat(value)
    return value
