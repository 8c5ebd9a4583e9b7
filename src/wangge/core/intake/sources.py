"""Reading operators' files as a header and numbered rows, streamed.

CSV comes in UTF-8 (with or without a byte-order mark) or GBK/GB18030, XLSX from
Excel with a title block above the header row, Parquet from a data platform.
Each reader yields ``(row_number, cells)`` with the row number a person sees in
the file (the line in the CSV, the row in the sheet, the record for Parquet), so
every problem can be named by file, row and column. Rows are never all held in
memory: a month of facts can be millions of lines.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wangge.core.intake.mapping import normalise_header

SAMPLE_BYTES = 1 << 20
HEADER_SEARCH_ROWS = 30
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "gbk")


class SourceError(ValueError):
    """The file cannot be read as a table; ``row`` and ``column`` when they are known."""

    def __init__(
        self, file: str, message: str, *, row: int | None = None, column: str | None = None
    ):
        self.file = file
        self.row = row
        self.column = column
        self.message = message
        where = file + (f", row {row}" if row else "") + (f", column {column}" if column else "")
        super().__init__(f"{where}: {message}")


@dataclass
class Table:
    """A header and an iterator of its rows; ``header_row`` is the row the header sat on."""

    file: str
    header: list[str]
    header_row: int
    rows: Iterator[tuple[int, list[Any]]]


def detect_encoding(sample: bytes) -> str:
    """UTF-8 if the sample decodes as UTF-8 (a BOM says so too), else GB18030.

    GB18030 is a superset of GBK and GB2312, so it reads all three; the sample
    may end inside a character, which the incremental decoder tolerates.
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


def _header_at(
    rows: list[tuple[int, list[Any]]], score: Callable[[list[str]], int]
) -> tuple[int, list[str]]:
    """The row among the first ones that names most of the kind's columns.

    Exports often start with a title ("2026年11月出账明细") and a blank line; the
    header is the row that matches the most known column names, the first
    non-empty row when none does.
    """
    best: tuple[int, int, list[str]] | None = None
    for index, (_number, cells) in enumerate(rows):
        texts = ["" if c is None else str(c).strip() for c in cells]
        if sum(1 for t in texts if t) == 0:
            continue
        points = score(texts)
        if best is None or points > best[0]:
            best = (points, index, texts)
    if best is None:
        raise ValueError("empty")
    return best[1], best[2]


def _check_header(file: str, header: list[str], row: int) -> list[str]:
    while header and not header[-1]:
        header.pop()
    seen: dict[str, str] = {}
    for position, name in enumerate(header):
        column = column_letter(position)
        if not name:
            raise SourceError(
                file,
                "a column has no header (a merged header cell? give each column its own)",
                row=row,
                column=column,
            )
        if name.startswith("="):
            raise SourceError(file, "the header holds a formula", row=row, column=column)
        norm = normalise_header(name)
        if norm in seen:
            raise SourceError(
                file, f"column {name!r} appears twice (also {seen[norm]!r})", row=row, column=column
            )
        seen[norm] = name
    return header


def column_letter(position: int) -> str:
    """Spreadsheet column name of a 0-based position: 0 → A, 26 → AA."""
    letters = ""
    n = position + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _csv_rows(file: str, path: Path, encoding: str) -> Iterator[tuple[int, list[Any]]]:
    """Lines are decoded one by one, so a byte the encoding cannot read is named by its line.

    Splitting bytes on newline is safe for UTF-8 and GB18030 alike: neither uses the
    newline byte inside a multi-byte character.
    """
    decode = codecs.getdecoder(encoding)
    line_number = 0

    def lines() -> Iterator[str]:
        nonlocal line_number
        with path.open("rb") as handle:
            for raw in handle:
                line_number += 1
                if line_number == 1 and raw.startswith(codecs.BOM_UTF8):
                    raw = raw[len(codecs.BOM_UTF8) :]
                try:
                    yield decode(raw)[0]
                except UnicodeDecodeError:
                    raise SourceError(
                        file,
                        f"is not {encoding} on this line; give the file's encoding"
                        " (--encoding gb18030 or utf-8)",
                        row=line_number,
                    ) from None

    reader = csv.reader(lines())
    try:
        for cells in reader:
            yield reader.line_num, cells
    except csv.Error as exc:
        raise SourceError(file, f"is not well-formed CSV: {exc}", row=reader.line_num) from None


def _xlsx_rows(file: str, path: Path, sheet: str | None) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises several kinds for a non-workbook
        raise SourceError(file, f"is not an Excel workbook (.xlsx): {type(exc).__name__}") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise SourceError(
                file, f"has no sheet {sheet!r}; its sheets: {', '.join(book.sheetnames)}"
            )
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        for number, cells in enumerate(ws.iter_rows(values_only=True), start=1):
            yield number, list(cells)
    finally:
        book.close()


def _parquet_rows(file: str, path: Path) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    import pyarrow.parquet as pq

    try:
        handle = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid and OSError alike
        raise SourceError(file, f"is not a Parquet file: {exc}") from None
    names = list(handle.schema_arrow.names)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        number = 1
        for batch in handle.iter_batches(batch_size=65_536):
            columns = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
            for cells in zip(*columns, strict=True):
                number += 1
                yield number, list(cells)

    return names, rows()


def open_table(
    path: str | Path,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    score: Callable[[list[str]], int] | None = None,
    name: str | None = None,
) -> Table:
    """Open a CSV, XLSX or Parquet file as a ``Table``; ``score`` finds the header row."""
    path = Path(path)
    file = name or path.name
    if not path.exists():
        raise SourceError(file, "no such file")
    if path.stat().st_size == 0:
        raise SourceError(file, "is empty")
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        header, rows = _parquet_rows(file, path)
        return Table(file, _check_header(file, header, 1), 1, rows)
    if suffix in (".xlsx", ".xlsm"):
        raw = _xlsx_rows(file, path, sheet)
    elif suffix in (".csv", ".txt", ".tsv"):
        if encoding is None:
            with path.open("rb") as handle:
                encoding = detect_encoding(handle.read(SAMPLE_BYTES))
        else:
            try:
                codecs.lookup(encoding)
            except LookupError:
                raise SourceError(file, f"unknown encoding {encoding!r}") from None
            if encoding.lower().replace("_", "-") in ("utf-8", "utf8"):
                encoding = "utf-8-sig"
        raw = _csv_rows(file, path, encoding)
    elif suffix == ".xls":
        raise SourceError(file, "is an old Excel file (.xls); save it as .xlsx or CSV")
    else:
        raise SourceError(file, "is not CSV, XLSX or Parquet (by its name's ending)")
    head: list[tuple[int, list[Any]]] = []
    for item in raw:
        head.append(item)
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    try:
        index, header = _header_at(head, score or (lambda texts: 0))
    except ValueError:
        raise SourceError(file, "holds no rows") from None
    header_row = head[index][0]
    header = _check_header(file, header, header_row)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        yield from head[index + 1 :]
        yield from raw

    return Table(file, header, header_row, rows())


def text_table(content: str, *, name: str = "upload.csv") -> Table:
    """A CSV held in memory as a Table (tests, pasted text); the header is the first row."""
    reader = csv.reader(io.StringIO(content))
    rows = [(reader.line_num, cells) for cells in reader]
    if not rows:
        raise SourceError(name, "holds no rows")
    header = _check_header(name, [c.strip() for c in rows[0][1]], rows[0][0])
    return Table(name, header, rows[0][0], iter(rows[1:]))
