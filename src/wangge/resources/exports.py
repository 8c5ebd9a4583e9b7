"""The resource gaps as a sheet: the rows the page shows, in its order, money in yuan."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wangge.core.sheets import Column, write_list
from wangge.resources.choices import ResourceKind

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def gaps_sheet(month_gaps) -> bytes:
    columns = [
        Column(_("unit code"), width=14), Column(_("unit"), width=14),
        Column(_("resource kind"), width=12), Column(_("amount asked"), "yuan"),
        Column(_("least needed"), "yuan"), Column(_("allocated"), "yuan"),
        Column(_("gap"), "yuan"), Column(_("below the least needed")),
        Column(_("delivered and confirmed"), "yuan"),
    ]  # fmt: skip
    data = [
        [r.unit.code, r.unit.name, str(ResourceKind(r.gap.kind).label), r.gap.asked_cents,
         r.gap.min_cents, r.gap.allocated_cents, r.gap.gap_cents,
         _("yes") if r.gap.below_minimum else "", r.gap.delivered_cents]
        for r in month_gaps.rows
    ]  # fmt: skip
    title = _("Resource gaps %(month)s") % {"month": f"{month_gaps.month:%Y-%m}"}
    return write_list(title, columns, data, freeze_columns=2)
