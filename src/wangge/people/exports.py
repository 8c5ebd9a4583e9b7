"""The people lists as sheets people hand around: training hours with shortfalls, and
a month's audits with their section scores (the rows the page shows, same order)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from wangge.core.sheets import Column, write_list
from wangge.people.choices import Section

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def hours_sheet(rows, year: int) -> bytes:
    columns = [
        Column(_("staff number"), width=12), Column(_("name"), width=12),
        Column(_("post"), width=18), Column(_("hours this year"), "number"),
        Column(_("hours expected by now"), "number"), Column(_("hours missing"), "number"),
        Column(_("yearly minimum"), "number"),
    ]  # fmt: skip
    data = [
        [r.person.staff_no, r.person.name, r.person.get_post_display(), r.done, r.expected,
         r.missing, r.minimum]
        for r in rows
    ]  # fmt: skip
    return write_list(_("Training hours %(year)s") % {"year": year}, columns, data,
                      freeze_columns=2)  # fmt: skip


def audits_sheet(audits, title: str) -> bytes:
    columns = [
        Column(_("month"), width=10), Column(_("grid"), width=14),
        *[Column(str(label), "number") for _code, label in Section.choices],
        Column(_("total"), "number"), Column(_("passed")), Column(_("auditor"), width=12),
    ]  # fmt: skip
    data = [
        [f"{a.month:%Y-%m}", a.grid.name,
         *[a.sections.get(code) and float(a.sections[code]) for code in Section.values],
         a.total, _("yes") if a.passed else _("no"), a.auditor.name if a.auditor else ""]
        for a in audits
    ]  # fmt: skip
    return write_list(title, columns, data, freeze_columns=2)


def pay_people_sheet(user, month) -> bytes:
    """Pay's own "attendance and training" input sheet (``wangge.pay.input_sheets``) for
    ``month``, with each person's training hours of the year so far taken from the
    recorded attendance; the director imports it on the pay page, where pay's checks
    (scope, locked distributions, all or nothing) apply. Attendance and rural posting
    stay as pay holds them."""
    from wangge.pay import input_sheets as pay
    from wangge.people.training import hours_rows

    done = {r.person.staff_no: r.done for r in hours_rows(user, month)}
    rows = []
    for row in pay.template_rows("people", month, user):
        staff_no = row[0]
        if staff_no in done:
            hours = done[staff_no]
            row = [*row[:4], float(Decimal(hours.numerator) / Decimal(hours.denominator)),
                   *row[5:]]  # fmt: skip
        rows.append(row)
    kinds = {pay.TRAINING: "number"}
    columns = [Column(h, kinds.get(h, "text"), width=max(14, len(h) + 4))
               for h in pay.HEADERS["people"]]  # fmt: skip
    return write_list(f"{month:%Y-%m}", columns, rows, freeze_columns=2)


def satisfaction_sheet(rows, title: str) -> bytes:
    columns = [
        Column(_("grid code"), width=14), Column(_("grid"), width=14),
        Column(_("responses"), "count"), Column(_("satisfaction score"), "number"),
        Column(_("band"), width=12),
    ]  # fmt: skip
    data = [[r.grid.code, r.grid.name, r.responses, float(r.score), r.band] for r in rows]
    return write_list(title, columns, data, freeze_columns=2)
