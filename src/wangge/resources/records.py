"""The database's uses and results as the core's plain rows (``wangge.core.resources.loop``)."""

from __future__ import annotations

from dataclasses import dataclass

from wangge.core.resources import loop
from wangge.core.resources.kinds import GROWTH
from wangge.resources.models import Result, Use


@dataclass(frozen=True)
class RecordedUse(loop.Use):
    purpose: str = GROWTH


def uses(queryset=None, **filters) -> dict[int, RecordedUse]:
    qs = (queryset if queryset is not None else Use.objects.all()).filter(**filters)
    return {
        u.pk: RecordedUse(u.pk, u.unit_id, u.kind, u.day, u.cents, u.customer_id,
                          u.campaign or None, u.purpose)
        for u in qs.order_by("pk")
    }  # fmt: skip


def results(queryset=None, **filters) -> list[loop.Result]:
    qs = (queryset if queryset is not None else Result.objects.all()).filter(**filters)
    return [
        loop.Result(r.pk, r.unit_id, r.day, r.revenue_cents, r.kind, r.customer_id)
        for r in qs.order_by("pk")
    ]


def purpose_of(use: RecordedUse) -> str:
    return use.purpose
