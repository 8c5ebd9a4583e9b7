"""Problems in words (Chinese first) and the error workbook a person fixes a file from.

The workbook holds the file's own rows that had a problem, exactly as read, with
the row number in front and an error column naming the column and what was
expected, so the operator's clerk corrects the source and exports again. File-level
problems (a missing column, an unreadable file) are rows of their own.
"""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook

from wangge.core.cells import append_row
from wangge.core.intake import values as v
from wangge.core.intake.check import ROW_RULES, Problem
from wangge.core.intake.kinds import kind
from wangge.core.intake.mapping import header_score
from wangge.core.intake.sources import SourceError, open_table

# the core's English words, marked so the catalogue carries their Chinese
for _text in (*v.EXPECTED.values(), *ROW_RULES.values()):
    gettext_noop(_text)

WORKBOOK_ROWS = 10_000


def expected(p: Problem) -> str:
    template = v.EXPECTED.get(p.rule) or ROW_RULES[p.rule]
    params = dict(p.params)
    if p.rule == "unknown_code":
        params["what"] = _(str(params["what"]))  # grid, place, customer ...
    return _(template).format(**params)


def where(p: Problem) -> str:
    text = _("%(file)s, row %(row)s") % {"file": p.file, "row": p.row} if p.row else p.file
    if p.column:
        text += _(", column %(letter)s “%(column)s”") % {"letter": p.letter, "column": p.column}
    elif p.letter:
        text += _(", column %(letter)s") % {"letter": p.letter}
    return text


def problem_text(p: Problem) -> str:
    """``客户.csv，第 4 行，C 列“出账收入”：“1.234”：应为…``, in the active language."""
    if p.rule == "file":
        return f"{where(p)}: {expected(p)}"
    if p.value:
        return _("%(where)s: %(value)s: expected %(expected)s") % {
            "where": where(p),
            "value": f"“{p.value}”",
            "expected": expected(p),
        }
    return _("%(where)s: expected %(expected)s") % {"where": where(p), "expected": expected(p)}


def cell_text(p: Problem) -> str:
    """The error column of the workbook: the column, then the reason."""
    if p.column:
        return _("column %(letter)s “%(column)s”: %(expected)s") % {
            "letter": p.letter,
            "column": p.column,
            "expected": expected(p),
        }
    return expected(p)


def write_error_workbook(
    outcome, path: Path, directory: Path, *, sheet: str | None, encoding: str | None
) -> Path:
    """Write the rows with problems, as the file had them, and an error column."""
    directory.mkdir(parents=True, exist_ok=True)
    by_row: dict[int, list[Problem]] = {}
    file_level: list[Problem] = []
    for p in outcome.problems:
        if p.rule == "file" or not p.row:
            file_level.append(p)
        else:
            by_row.setdefault(p.row, []).append(p)
    book = Workbook(write_only=True)
    ws = book.create_sheet(_("errors"))
    header: list[str] = []
    rows: list[tuple[int, list]] = []
    if by_row:
        try:
            # the same header row the import found: the row naming most known columns
            table = open_table(
                path,
                sheet=sheet,
                encoding=encoding,
                name=outcome.file,
                score=header_score(kind(outcome.kind)),
            )
            header = list(table.header)
            for number, cells in table.rows:
                if number in by_row:
                    rows.append((number, list(cells)))
                    if len(rows) >= WORKBOOK_ROWS:
                        break
        except SourceError:
            rows = [(n, []) for n in sorted(by_row)][:WORKBOOK_ROWS]
    append_row(ws, [_("row"), *header, _("error")])
    for p in file_level:
        append_row(ws, [p.row or "", *([""] * len(header)), problem_text(p)])
    for number, cells in rows:
        cells = [*cells[: len(header)], *([""] * (len(header) - len(cells)))]
        reasons = "; ".join(cell_text(p) for p in by_row[number])
        append_row(ws, [number, *cells, reasons])
    if outcome.problem_count > len(outcome.problems):
        append_row(
            ws,
            [
                "",
                *([""] * len(header)),
                _("… and %(n)s more problems not listed")
                % {"n": outcome.problem_count - len(outcome.problems)},
            ],
        )
    stem = Path(outcome.file).stem[:60] or "import"
    target = directory / f"{stem}-errors-{timezone.now():%Y%m%d%H%M%S%f}.xlsx"
    book.save(target)
    return target
