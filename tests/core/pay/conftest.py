"""The pay core is pure Python: its tests need no Django.

``tests/conftest.py`` adjusts Django settings for every test through an autouse
fixture; overriding it here by name lets these tests run with or without the
Django plugin (``pytest -p no:django``).
"""

import pytest


@pytest.fixture(autouse=True)
def _fast_passwords():
    """No Django settings to adjust for the pure pay core."""
