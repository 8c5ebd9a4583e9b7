"""The core's figures with the names people read (stage and kind labels)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wangge.work.choices import OpportunityKind, Stage


def stage_rows(figures) -> list[dict]:
    return [
        {"stage_label": Stage(f.stage).label, "count": f.count, "value_cents": f.value_cents}
        for f in figures
    ]


def conversion_rows(conversions) -> list[dict]:
    return [
        {
            "kind": c.kind,
            "kind_label": OpportunityKind(c.kind).label if c.kind else _("all kinds"),
            "stage_label": Stage(c.stage).label,
            "reached": c.reached,
            "advanced": c.advanced,
            "rate": c.rate,
        }
        for c in conversions
    ]
