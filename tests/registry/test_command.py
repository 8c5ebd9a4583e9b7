"""``wangge registry match``: a registry extract against the database's business customers."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command


def test_match_prints_counts_precision_and_recall_and_writes_the_pairs(extract, tmp_path):
    out_file = tmp_path / "pairs.csv"
    out = io.StringIO()
    call_command(
        "registry", "match", str(extract), "--truth", "真实客户", "--out", str(out_file), stdout=out
    )
    text = out.getvalue()
    assert "matched" in text and "for review" in text
    line = next(x for x in text.splitlines() if x.startswith("precision"))
    precision, recall = float(line.split()[1]), float(line.split()[3])
    assert precision >= 0.95 and recall >= 0.9
    rows = list(csv.DictReader(out_file.open(encoding="utf-8")))
    assert rows and set(rows[0]) == {
        "registry_row", "registry_key", "registry_name", "customer_code", "probability", "band",
        "agreed", "decision",
    }  # fmt: skip
    assert {r["band"] for r in rows} <= {"match", "review"}


def test_a_missing_truth_column_is_an_error_naming_it(extract):
    with pytest.raises(CommandError, match="no column '真值'"):
        call_command("registry", "match", str(extract), "--truth", "真值")


@pytest.mark.parametrize("value", ["0", "1.5", "-0.2"])
def test_a_threshold_outside_zero_to_one_is_refused(extract, value):
    with pytest.raises(CommandError, match="--threshold"):
        call_command("registry", "match", str(extract), "--threshold", value)


def test_a_file_that_is_not_a_table_is_an_error_not_a_crash(db, tmp_path):
    bad = tmp_path / "registry.pdf"
    bad.write_bytes(b"%PDF-1.4")
    with pytest.raises(CommandError, match="not CSV, XLSX or Parquet"):
        call_command("registry", "match", str(bad))
    with pytest.raises(CommandError, match="no such file"):
        call_command("registry", "match", str(tmp_path / "missing.csv"))
