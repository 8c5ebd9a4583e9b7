"""The demo city's inputs as an operator's systems export them, for ``wangge demo`` to
bring in through the same import path as a real operator's files.

Each month's marketing inputs become ``operator/营销投入-YYYY-MM.csv`` in GBK with the
finance system's Chinese headers, grids named by their codes and money in yuan with
two decimals ("1,234.50" above a thousand), the way a clerk's export reads.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa

OPERATOR_DIR = "operator"
MARKETING_HEADER = ("账期", "网格编码", "渠道佣金", "终端补贴", "营销费用", "直接人工")
MONEY = ("commission_cents", "subsidy_cents", "promotion_cents", "labour_cents")


def yuan(cents: int) -> str:
    """Cents as an export writes yuan: thousands separated, two decimals."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(int(cents)), 100)
    return f"{sign}{whole:,}.{part:02d}"


def marketing_file(out_dir: Path, month) -> Path:
    return Path(out_dir) / OPERATOR_DIR / f"营销投入-{month:%Y-%m}.csv"


def write_marketing(table: pa.Table, unit_codes: dict[int, str], path: Path) -> Path:
    """One month of ``schema.MARKETING_INPUT`` rows as the operator's CSV."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="gbk", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(MARKETING_HEADER)
        for row in table.to_pylist():
            out.writerow(
                [
                    f"{row['month']:%Y%m}",
                    unit_codes[row["grid_id"]],
                    *(yuan(row[m]) for m in MONEY),
                ]
            )
    return path
