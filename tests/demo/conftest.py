"""Fixtures of the demo preparation tests: the appraisal tests' hand-written store.

The appraisal side of the demo (``wangge.demo.appraisal``) is tested on the same small
store as the appraisal itself, so its fixture is borrowed rather than written again.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "appraisal_conftest", Path(__file__).parents[1] / "appraisal" / "conftest.py"
)
_appraisal = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_appraisal)

store = _appraisal.store
