"""The audit trail across every audited model: who changed what, when, before and after.

django-simple-history keeps one history table per audited model; this reads them
as one time-ordered trail so an auditor does not have to know where to look.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from heapq import merge
from itertools import islice

from django.utils.translation import gettext_noop
from simple_history.models import registered_models

KINDS = {"+": gettext_noop("created"), "~": gettext_noop("changed"), "-": gettext_noop("deleted")}


@dataclass(frozen=True)
class Change:
    when: datetime
    who: str
    model: str
    object_label: str
    kind: str
    reason: str
    fields: list[tuple[str, object, object]] = field(default_factory=list)
    parts: list[Change] = field(default_factory=list)  # the rows of one operation


def audited_models() -> list:
    return sorted(
        (
            m
            for m in registered_models.values()
            if m._meta.app_label.startswith(("org", "territory", "customers", "appraisal", "pay"))
        ),
        key=lambda m: m._meta.label,
    )


def _changes(model, since, limit):
    history = model.history.model.objects.select_related("history_user").order_by("-history_date")
    if since is not None:
        history = history.filter(history_date__gte=since)
    for record in history[:limit]:
        fields = []
        if record.history_type == "~":
            previous = record.prev_record
            if previous is not None:
                delta = record.diff_against(previous)
                fields = [(c.field, c.old, c.new) for c in delta.changes]
        yield Change(
            when=record.history_date,
            who=getattr(record.history_user, "username", "") or "system",
            model=str(model._meta.verbose_name),
            object_label=str(record.instance) if record.history_type != "-" else str(record.pk),
            kind=KINDS.get(record.history_type, record.history_type),
            reason=record.history_change_reason or "",
            fields=fields,
        )


def recent_changes(
    *, limit: int = 200, since: datetime | None = None, model_label: str | None = None
) -> list[Change]:
    """The latest changes over all audited models, newest first.

    Over the whole trail, the rows of one reorganisation are one entry with its link
    changes beneath it (``parts``); filtered to one model, they are listed one by one.
    """
    models = [m for m in audited_models() if model_label in (None, m._meta.label)]
    streams = [_changes(m, since, limit) for m in models]
    changes = merge(*streams, key=lambda c: c.when, reverse=True)
    if model_label is not None:
        return list(islice(changes, limit))
    return _by_operation(changes, limit)


def _by_operation(changes, limit: int) -> list[Change]:
    from wangge.org.models import REORGANISATION_REASON, Reorganisation

    entries: list[Change] = []
    groups: dict[str, Change] = {}
    for change in changes:
        if not change.reason.startswith(REORGANISATION_REASON):
            if len(entries) >= limit:
                break
            entries.append(change)
            continue
        if change.reason not in groups:
            if len(entries) >= limit:
                break
            record = Reorganisation.objects.filter(
                pk=change.reason.removeprefix(REORGANISATION_REASON)
            ).first()
            groups[change.reason] = Change(
                when=record.ran_at if record else change.when,
                who=change.who,
                model=str(Reorganisation._meta.verbose_name),
                object_label=f"{record.day}: {record.summary}" if record else "",
                kind=gettext_noop("reorganised"),
                reason=change.reason,
            )
            entries.append(groups[change.reason])
        groups[change.reason].parts.append(change)
    return entries
