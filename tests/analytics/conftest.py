"""The command's tests run with or without pytest-django."""

from __future__ import annotations

import types

import pytest


@pytest.fixture
def settings():
    """Stands in for pytest-django's ``settings`` (asked for by the suite-wide autouse
    fixture); nothing here changes Django settings."""
    return types.SimpleNamespace()
