"""The audit trail across every audited model: who changed what, when, before and after.

django-simple-history keeps one history table per audited model; this reads them
as one time-ordered trail so an auditor does not have to know where to look.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from heapq import merge
from itertools import islice

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_noop
from simple_history.models import registered_models

# The masking policy's field ("phone", "id_number") that each audited field carries:
# their values are shown before and after only as the viewer's role may see them.
MASKED_FIELDS = {
    "customers.Customer": {"name": "name", "phone": "phone", "id_number": "id_number"},
    "customers.Subscription": {"number": "phone"},
    "org.Person": {"phone": "phone", "id_number": "id_number"},
}
# Personal values a row's name prints from a related row ("张三 → 网格X"): masked in the
# name as the viewer's role requires (a dotted path from the history record).
NAMED_THROUGH = {
    "customers.CustomerGrid": {"customer.name": "name"},
}

Mask = Callable[[str, str | None], str | None]  # (policy field, value) -> what is shown

KINDS = {"+": gettext_noop("created"), "~": gettext_noop("changed"), "-": gettext_noop("deleted")}


@dataclass(frozen=True)
class Change:
    when: datetime
    who: str
    model: str
    object_label: str
    kind: str
    reason: str
    model_label: str = ""
    secrets: tuple[tuple[str, str], ...] = ()  # (policy field, raw value) in object_label
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
    carried = MASKED_FIELDS.get(model._meta.label, {})
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
            model_label=model._meta.label,
            secrets=_secrets(record, {**carried, **NAMED_THROUGH.get(model._meta.label, {})}),
        )


def _secrets(record, fields: dict[str, str]) -> tuple[tuple[str, str], ...]:
    found = []
    for path, policy_field in fields.items():
        value = record
        for part in path.split("."):
            try:
                value = getattr(value, part, None) if value is not None else None
            except ObjectDoesNotExist:  # the related row was deleted since
                value = None
        if value:
            found.append((policy_field, str(value)))
    return tuple(found)


def recent_changes(
    *,
    mask: Mask,
    limit: int = 200,
    since: datetime | None = None,
    model_label: str | None = None,
) -> list[Change]:
    """The latest changes over all audited models, newest first, personal numbers shown
    through ``mask`` (required, so no caller can forget the viewer's role; the pages pass
    ``wangge.base.masking.masked`` for the viewer).

    Over the whole trail, the rows of one reorganisation are one entry with its link
    changes beneath it (``parts``); filtered to one model, they are listed one by one.
    """
    models = [m for m in audited_models() if model_label in (None, m._meta.label)]
    streams = [_changes(m, since, limit) for m in models]
    changes = (masked_change(c, mask) for c in merge(*streams, key=lambda c: c.when, reverse=True))
    if model_label is not None:
        return list(islice(changes, limit))
    return _by_operation(changes, limit)


def masked_change(change: Change, mask: Mask) -> Change:
    """The change with every value of a masked field, before and after, and any such
    number inside the object's name (a subscription is named by its number) masked."""
    carried = MASKED_FIELDS.get(change.model_label, {})
    label = change.object_label
    for policy_field, raw in change.secrets:
        label = label.replace(raw, mask(policy_field, raw) or "")
    fields = [
        (name, _mask_value(mask, carried[name], old), _mask_value(mask, carried[name], new))
        if name in carried
        else (name, old, new)
        for name, old, new in change.fields
    ]
    return replace(change, object_label=label, fields=fields, secrets=())


def _mask_value(mask: Mask, policy_field: str, value: object) -> object:
    return None if value is None else mask(policy_field, str(value))


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
