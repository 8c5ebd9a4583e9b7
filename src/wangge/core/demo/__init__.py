"""A deterministic demo city (Jinan by default) written as the analytics store of ``schema``.

Use ``generate(out_dir, scale=..., seed=..., months=..., end_month=...)``; see
``generator`` for the streaming design and ``city`` for how scale maps to grids,
places, staff and cities.
"""

from wangge.core.demo.generator import DemoSummary, Progress, generate

__all__ = ["DemoSummary", "Progress", "generate"]
