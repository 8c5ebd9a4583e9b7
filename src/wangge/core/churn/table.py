"""A churn table as it comes: mixed columns, numbers stored as text, blanks, Yes/No labels.

Nothing here learns from the data beyond its form (which columns hold numbers, which
column is an identifier): encodings and imputations are fitted later, inside each
training fold (see ``wangge.core.churn.model``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

MISSING = {"", "na", "n/a", "nan", "null", "none", "-", "?", "#n/a"}
POSITIVE = {"1", "1.0", "yes", "y", "true", "t", "churn", "churned"}
NEGATIVE = {"0", "0.0", "no", "n", "false", "f", "stayed", "retained"}


class TableError(ValueError):
    """A table that cannot be used, with the file and column in the message."""


@dataclass
class Table:
    """Feature columns (numbers as float with NaN, categories as text with None), the
    0/1 label, and what was set aside and why."""

    features: pd.DataFrame
    label: np.ndarray
    numeric: list[str]
    categorical: list[str]
    notes: list[str] = field(default_factory=list)


def read_csv(path: Path) -> pd.DataFrame:
    """Every cell as stripped text; UTF-8 (with or without BOM), else GB18030; the
    delimiter is sniffed (comma, semicolon, tab)."""
    raw = Path(path).read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte sequence it is given
        raise TableError(f"{path}: neither UTF-8 nor GB18030")
    try:
        dialect = csv.Sniffer().sniff(text[:20000], delimiters=",;\t")
        sep = dialect.delimiter
    except csv.Error:
        sep = ","
    from io import StringIO

    frame = pd.read_csv(
        StringIO(text), sep=sep, dtype=str, keep_default_na=False, skipinitialspace=True
    )
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame.apply(lambda col: col.str.strip())


def parse_label(values: pd.Series, column: str, where: str) -> np.ndarray:
    """Yes/No, True/False, 1/0 (any case) as 1/0; anything else is refused by name."""
    lowered = values.str.lower()
    unknown = sorted(set(lowered) - POSITIVE - NEGATIVE)
    if unknown:
        shown = ", ".join(repr(v) for v in unknown[:5])
        raise TableError(
            f"{where}, column {column}: {shown} is not a churn label "
            "(use Yes/No, True/False or 1/0)"
        )
    label = lowered.isin(POSITIVE).to_numpy(dtype=np.int8)
    if label.min() == label.max():
        raise TableError(f"{where}, column {column}: every row has the same label")
    return label


def _as_number(values: pd.Series) -> pd.Series | None:
    """The column as floats when every filled cell is a number ("1,234.5" included);
    None when it holds text."""
    cleaned = values.str.replace(",", "", regex=False)
    cleaned = cleaned.mask(cleaned.str.lower().isin(MISSING))
    numbers = pd.to_numeric(cleaned, errors="coerce")
    if numbers.notna().sum() == 0 or (numbers.isna() & cleaned.notna()).any():
        return None
    return numbers.astype(float)


def prepare(
    frame: pd.DataFrame, label: str, id_column: str | None = None, where: str = "table"
) -> Table:
    """Split ``frame`` into typed features and the label.

    Rows without a label are left out; the identifier (``id_column``, or any text
    column whose every value differs) and columns with one value are set aside; each
    is said in ``notes``.
    """
    frame = frame.apply(lambda col: col.astype(str).str.strip())
    if label not in frame.columns:
        raise TableError(f"{where}: no column {label!r} (columns: {', '.join(frame.columns)})")
    if id_column is not None and id_column not in frame.columns:
        raise TableError(f"{where}: no column {id_column!r} for --id")
    notes = []
    unlabelled = frame[label].str.lower().isin(MISSING)
    if unlabelled.any():
        notes.append(f"{int(unlabelled.sum())} rows without a label left out")
        frame = frame[~unlabelled]
    y = parse_label(frame[label], label, where)
    features: dict[str, pd.Series] = {}
    numeric, categorical = [], []
    for column in frame.columns:
        if column in (label, id_column):
            continue
        values = frame[column]
        number = _as_number(values)
        filled = values[~values.str.lower().isin(MISSING)]
        if filled.nunique() <= 1:
            notes.append(f"column {column} has one value: not used")
            continue
        if number is None and filled.nunique() == len(frame) and id_column is None:
            notes.append(f"column {column} differs on every row (an identifier): not used")
            continue
        if number is not None:
            features[column] = number
            numeric.append(column)
        else:
            features[column] = values.mask(values.str.lower().isin(MISSING)).astype(object)
            categorical.append(column)
    if not features:
        raise TableError(f"{where}: no feature column left beside {label!r}")
    return Table(
        pd.DataFrame(features, index=frame.index).reset_index(drop=True),
        y,
        numeric,
        categorical,
        notes,
    )


def load(path: Path, label: str, id_column: str | None = None) -> Table:
    return prepare(read_csv(path), label, id_column, where=str(path))
