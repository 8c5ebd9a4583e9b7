"""Fixtures of the appraisal tests: the hand-written store and the month's inputs."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest


def _load():
    spec = importlib.util.spec_from_file_location(
        "appraisal_store", Path(__file__).with_name("appraisal_store.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


helpers = _load()


@pytest.fixture
def store(city, tmp_path, settings):
    root = tmp_path / "store"
    ids = helpers.build_store(root, city)
    settings.STORE_DIR = root
    return {"root": root, "subs": ids}


@pytest.fixture
def month_inputs(city, store):
    """Schemes, targets, entered figures and judgements for October 2026."""
    return helpers.fill_month(city)
