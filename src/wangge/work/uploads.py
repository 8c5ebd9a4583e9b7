"""Excel files people upload to front-line work (customer tags, name lists): the first
sheet, a header row naming the columns (Chinese or English), one record a row. A bad
file or row is named by file, row and column; the callers write all or nothing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _


class UploadRefused(Exception):
    """The file cannot be taken: every problem found, each naming row and column."""

    def __init__(self, problems: Sequence[str]):
        super().__init__("; ".join(problems))
        self.problems = list(problems)


def problem(name: str, row: int, column: str, why: str) -> str:
    return _("%(file)s, row %(row)s, column %(column)s: %(why)s") % {
        "file": name,
        "row": row,
        "column": column,
        "why": why,
    }


def cell_text(value: Any) -> str:
    """A code as text, even when Excel stored it as a number."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _norm(text: Any) -> str:
    return cell_text(text).lower().replace(" ", "").replace("_", "")


#: most rows one upload may hold
MAX_ROWS = 100_000


def read_rows(
    source, name: str, columns: Mapping[str, Sequence[str]], required: Sequence[str]
) -> list[tuple[int, dict[str, str]]]:
    """(Excel row number, {column key: text}) for each non-empty row. ``columns`` maps a
    key to the headers it may have (the first is the one named in messages)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a non-workbook
        raise UploadRefused(
            [_("%(file)s: not an Excel workbook (.xlsx)") % {"file": name}]
        ) from exc
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None) or ()
        where: dict[str, int] = {}
        for i, h in enumerate(header):
            for key, names in columns.items():
                if key not in where and _norm(h) in {_norm(n) for n in names}:
                    where[key] = i
        missing = [columns[k][0] for k in required if k not in where]
        if missing:
            raise UploadRefused(
                [
                    _("%(file)s, row 1: no column %(column)s") % {"file": name, "column": m}
                    for m in missing
                ]
            )
        out = []
        for n, values in enumerate(rows, start=2):
            cells = {k: cell_text(values[i]) if i < len(values) else "" for k, i in where.items()}
            if not any(cells.values()):
                continue
            if len(out) >= MAX_ROWS:
                raise UploadRefused(
                    [_("%(file)s: more than %(n)s rows") % {"file": name, "n": MAX_ROWS}]
                )
            out.append((n, cells))
        return out
    finally:
        book.close()
