"""``wangge analytics run``: the thin command over ``wangge.analytics.run``."""

from __future__ import annotations

import argparse
import io
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from rich.console import Console

from wangge.analytics import cli

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_synth", ROOT / "bench/analytics/synth.py")
    synth = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synth)
    out = tmp_path_factory.mktemp("store")
    synth.generate(out, subs=5_000, months=13, end_month=date(2026, 10, 1))
    return out


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    return parser.parse_args(argv)


def test_month_parsing():
    assert cli.parse_month("2026-10") == date(2026, 10, 1)
    assert cli.parse_month("2026-10-17") == date(2026, 10, 1)
    with pytest.raises(argparse.ArgumentTypeError):
        cli.parse_month("October")


def test_options_from_flags():
    ns = parse("run", "--month", "2026-10", "--churn-base", "opening", "--churn-suspended-over-90")
    opts = cli.options_from(ns)
    assert opts.churn_base == "opening" and opts.churn_suspended_over_90
    assert opts.growth_base == "last_year"


def test_run_prints_rows_read_and_time_per_stage(store, tmp_path):
    out = io.StringIO()
    ns = parse("run", "--month", "2026-10", "--store", str(store), "--out", str(tmp_path))
    report = cli.handle(ns, Console(file=out, width=120))
    text = out.getvalue()
    assert "rows read" in text and "subscription_month" in text and "time per stage" in text
    assert report.rows_read["subscription_month"] > 0
    assert set(report.seconds) >= {"bind", "grid", "center", "city", "person", "write"}
    written = sorted(p.name for p in (tmp_path / "2026-10").iterdir())
    assert written == ["center.parquet", "city.parquet", "grid.parquet", "person.parquet"]
    assert pq.read_table(tmp_path / "2026-10/grid.parquet").num_rows == report.rows_out["grid"]


def test_store_comes_from_the_data_dir(store, monkeypatch, tmp_path):
    (tmp_path / "store").symlink_to(store)
    monkeypatch.setenv("WANGGE_DATA_DIR", str(tmp_path))
    report = cli.handle(parse("run", "--month", "2026-10"), Console(file=io.StringIO()))
    assert report.engine == "duckdb" and report.rows_out["city"] == 1


def test_django_command_is_thin():
    pytest.importorskip("django")
    from wangge.analytics.management.commands.analytics import Command

    parser = Command().create_parser("wangge", "analytics")
    ns = parser.parse_args(["run", "--month", "2026-10", "--engine", "duckdb"])
    assert ns.month == date(2026, 10, 1) and ns.engine == "duckdb"
