"""``wangge demo`` brings the city's marketing inputs and its dated grid history in
through the import path: the generator writes the inputs as the finance system exports
them (GBK, Chinese headers, yuan), the grid history is written as the CRM exports it,
each file is an import run, and both stores end with exactly what the generator drew."""

from __future__ import annotations

from datetime import date

import pyarrow.parquet as pq
import pytest
from django.core.management import call_command

from wangge.core.demo import generate
from wangge.core.demo.operator_files import marketing_file, yuan
from wangge.customers.models import CustomerGrid
from wangge.intake.models import ImportRun
from wangge.territory.models import PlaceGrid


def test_yuan_is_written_as_an_export_writes_it():
    assert [yuan(c) for c in (0, 5, 123_450, -99, 100_000_000)] == [
        "0.00",
        "0.05",
        "1,234.50",
        "-0.99",
        "1,000,000.00",
    ]


@pytest.mark.slow
def test_the_demo_imports_its_marketing_inputs_with_the_generated_figures(db, tmp_path):
    store = tmp_path / "store"
    generate(store, scale=0.02, months=13, end_month=date(2026, 10, 1), overwrite=True)
    oct_file = store / "facts" / "marketing_input" / "2026-10.parquet"
    drawn = sorted(pq.read_table(oct_file).to_pylist(), key=lambda r: r["grid_id"])
    text = marketing_file(store, date(2026, 10, 1)).read_bytes().decode("gbk")
    assert text.startswith("账期,网格编码,渠道佣金,终端补贴,营销费用,直接人工")
    drawn_links = {
        what: {
            tuple(r.values()) for r in pq.read_table(store / "dims" / f"{what}.parquet").to_pylist()
        }
        for what in ("customer_grid", "place_grid")
    }
    (store / "GENERATED").write_text("scale=0.02 seed=20261 months=13 end_month=2026-10-01")
    call_command(
        "demo",
        *("--scale", "0.02", "--months", "13", "--end-month", "2026-10"),
        *("--store", str(store), "--no-serve", "--appraisal-months", "0"),
    )
    runs = ImportRun.objects.filter(kind="marketing_input", status="done")
    assert runs.count() == 13
    assert runs.get(month=date(2026, 10, 1)).rows_read == len(drawn)
    landed = sorted(pq.read_table(oct_file).to_pylist(), key=lambda r: r["grid_id"])
    assert landed == drawn
    # the grid history came in as two operator files, exactly as drawn
    assert set(ImportRun.objects.filter(kind="grid_link", status="done").values_list(
        "file_name", flat=True
    )) == {"网格归属-场所.csv", "网格归属-客户.csv"}  # fmt: skip
    for model, what, child in ((CustomerGrid, "customer_grid", "customer_id"),
                               (PlaceGrid, "place_grid", "place_id")):  # fmt: skip
        stored = set(model.objects.values_list(child, "grid_id", "valid_from", "valid_to"))
        assert stored == drawn_links[what]
