"""Fixtures for the engine tests: one demo-like store, one Spark session per run."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
END = date(2026, 10, 1)


def _synth():
    spec = importlib.util.spec_from_file_location("bench_synth", ROOT / "bench/analytics/synth.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def _demo_generate():
    try:
        from wangge.core.demo import generate  # the demo generator, once it has landed
    except ImportError:
        return None
    return generate


@pytest.fixture(scope="session", params=["synthetic", "demo"])
def demo_store(request, tmp_path_factory) -> Path:
    """A small store of 13 months: the benchmark's synthetic writer at 20,000
    subscriptions, and the real demo generator's city when it is available."""
    out = tmp_path_factory.mktemp(f"store-{request.param}")
    if request.param == "synthetic":
        _synth().generate(out, subs=20_000, months=13, end_month=END)
        return out
    generate = _demo_generate()
    if generate is None:
        pytest.skip("wangge.core.demo.generate is not there yet")
    try:
        generate(out, scale=0.02, seed=7, months=13, end_month=END)
    except Exception as exc:  # the generator is young; report, do not hide
        pytest.fail(f"demo generator failed: {exc!r}")
    if not (out / "facts/subscription_month").is_dir() and (out / "store").is_dir():
        out = out / "store"
    return out


@pytest.fixture(scope="session")
def spark_engine():
    """The one SparkSession of the test run, on two local cores."""
    pytest.importorskip("pyspark")
    from wangge.engines.spark import SparkEngine

    return SparkEngine(master="local[2]")


@pytest.fixture
def duck_engine():
    from wangge.engines.duckdb import DuckDBEngine

    engine = DuckDBEngine()
    yield engine
    engine.close()
