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

#: rows one person wrote into one table with the same reason within this many seconds
#: are one action (a pay submission writes a sale-points row per sale)
ACTION_SECONDS = 5


@dataclass(frozen=True)
class TrailFilter:
    """What the reader narrows the trail to; every part is optional.

    ``unit_ids`` keeps the rows of a unit (and, as given, its subtree): the unit's own
    row and the rows of tables with a ``unit`` column; ``person_ids`` likewise for a
    person (their row and rows with a ``person`` column). Tables without such a column
    drop out when the filter is set. ``by_user_ids`` keeps the changes those log-ins made.
    """

    model_label: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    kinds: frozenset[str] = frozenset()  # history types: "+", "~", "-"
    by_user_ids: frozenset[int] | None = None
    unit_ids: frozenset[int] | None = None
    person_ids: frozenset[int] | None = None


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


def _about(model, ids: frozenset[int] | None, own_label: str, column: str) -> dict | None:
    """The history filter keeping rows about ``ids`` (None: no such filter; {} never
    happens: a table that cannot be about them gives None through ``_history``)."""
    if ids is None:
        return {}
    if model._meta.label == own_label:
        return {"id__in": ids}
    names = {f.name for f in model._meta.fields}
    return {f"{column}_id__in": ids} if column in names else None


def _history(model, flt: TrailFilter):
    """The model's history rows the filter keeps, newest first (None: none can match)."""
    history = model.history.model.objects.select_related("history_user__person")
    wanted = {}
    for ids, own, column in (
        (flt.unit_ids, "org.Unit", "unit"),
        (flt.person_ids, "org.Person", "person"),
    ):
        about = _about(model, ids, own, column)
        if about is None:
            return None
        wanted.update(about)
    if flt.since is not None:
        wanted["history_date__gte"] = flt.since
    if flt.until is not None:
        wanted["history_date__lt"] = flt.until
    if flt.kinds:
        wanted["history_type__in"] = flt.kinds
    if flt.by_user_ids is not None:
        wanted["history_user_id__in"] = flt.by_user_ids
    return history.filter(**wanted).order_by("-history_date")


def who_changed(user) -> str:
    """A log-in as the trail names it: the person's name with the log-in, or the log-in."""
    if user is None:
        return "system"
    person = getattr(user, "person", None)  # a log-in without a person has none
    return f"{person.name} ({user.username})" if person is not None else user.username


def _changes(model, flt: TrailFilter, limit):
    carried = MASKED_FIELDS.get(model._meta.label, {})
    history = _history(model, flt)
    if history is None:
        return
    for record in history[:limit]:
        fields = []
        if record.history_type == "~":
            previous = record.prev_record
            if previous is not None:
                delta = record.diff_against(previous)
                fields = [(c.field, c.old, c.new) for c in delta.changes]
        yield Change(
            when=record.history_date,
            who=who_changed(record.history_user),
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
    where: TrailFilter | None = None,
) -> list[Change]:
    """The latest changes over all audited models, newest first, personal numbers shown
    through ``mask`` (required, so no caller can forget the viewer's role; the pages pass
    ``wangge.base.masking.masked`` for the viewer), narrowed by ``where``.

    Over the whole trail, the rows of one reorganisation are one entry with its link
    changes beneath it (``parts``), and so are the rows one action wrote (same person,
    table, reason and kind within ``ACTION_SECONDS``: the newest row, the others beneath
    it); filtered to one model, the rows are listed one by one.
    """
    flt = where or TrailFilter()
    if model_label is not None or since is not None:
        flt = replace(flt, model_label=model_label or flt.model_label, since=since or flt.since)
    models = [m for m in audited_models() if flt.model_label in (None, m._meta.label)]
    streams = [_changes(m, flt, limit) for m in models]
    changes = (masked_change(c, mask) for c in merge(*streams, key=lambda c: c.when, reverse=True))
    if flt.model_label is not None:
        return list(islice(changes, limit))
    return _by_operation(changes, limit)


class _Actions:
    """The open actions of a newest-first stream: a row joins the entry of the same
    person, table, reason and kind written at most ``ACTION_SECONDS`` after it."""

    def __init__(self) -> None:
        self.heads: dict[tuple, Change] = {}

    @staticmethod
    def _key(change: Change) -> tuple:
        return (change.who, change.model_label, change.reason, change.kind)

    def join(self, change: Change) -> bool:
        head = self.heads.get(self._key(change))
        if head is None or (head.when - change.when).total_seconds() > ACTION_SECONDS:
            return False
        head.parts.append(change)
        return True

    def start(self, change: Change) -> None:
        self.heads[self._key(change)] = change


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
    actions = _Actions()
    for change in changes:
        if not change.reason.startswith(REORGANISATION_REASON):
            if actions.join(change):
                continue
            if len(entries) >= limit:
                break
            actions.start(change)
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
