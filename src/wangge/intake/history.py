"""History rows (django-simple-history) for the bulk kinds, written in bulk.

A million-row customer file is written by COPY, not by ``save()``, so the history
signals never fire. Instead each run copies the rows it created and the rows it
changed into the model's history table in one ``INSERT … SELECT`` per kind of change,
on the database server, each history row naming the run (``import #ID``) and who
started it, so "why did this customer change" has an answer. Created rows are the
ones above the largest id before the run (``history_type`` "+"); changed rows are
named by id ("~"), a thousand a statement.
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from wangge.intake.orgfiles import REASON

CHUNK = 1_000


def _has_history(model) -> bool:
    return hasattr(model, "history") and hasattr(model.history, "model")


def record(
    model,
    run,
    user,
    *,
    above: int | None,
    changed: list[int],
    reason: str | None = None,
    gone: list[int] = (),
) -> None:
    """History rows for ``model``'s rows with ids above ``above`` (created by the run),
    for the ``changed`` ids and for the ``gone`` ids (about to be deleted, "-");
    nothing for a model without history. ``reason`` defaults to ``import #ID``."""
    if not _has_history(model):
        return
    history = model.history.model
    qn = connection.ops.quote_name
    tracked = [f.column for f in model._meta.concrete_fields]
    columns = ", ".join(qn(c) for c in tracked)
    marks = ", ".join(
        qn(c) for c in ("history_date", "history_change_reason", "history_type", "history_user_id")
    )
    head = (
        f"INSERT INTO {qn(history._meta.db_table)} ({columns}, {marks}) "
        f"SELECT {columns}, %s, %s, %s, %s FROM {qn(model._meta.db_table)}"
    )
    pk = qn(model._meta.pk.column)
    stamp = (timezone.now(), reason or f"{REASON}{run.pk}")
    by = user.pk if getattr(user, "pk", None) else None
    changed = [int(i) for i in changed]
    with connection.cursor() as cursor:
        if above is not None:
            cursor.execute(f"{head} WHERE {pk} > %s", [*stamp, "+", by, above])
        for mark, named in (("~", changed), ("-", [int(i) for i in gone])):
            for start in range(0, len(named), CHUNK):
                ids = named[start : start + CHUNK]
                listed = ", ".join(["%s"] * len(ids))
                cursor.execute(f"{head} WHERE {pk} IN ({listed})", [*stamp, mark, by, *ids])


def top_id(model) -> int:
    from django.db.models import Max

    return model.objects.aggregate(top=Max("pk"))["top"] or 0
