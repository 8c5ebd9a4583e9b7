"""The command's tests run with or without pytest-django."""

from __future__ import annotations
