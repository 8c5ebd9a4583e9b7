"""A deterministic demo city (Jinan by default) written as the analytics store of ``schema``.

``generate(out_dir, scale=1, seed=20261, months=24, end_month=None, progress=None)``
writes dims/, facts/ and registry/ under ``out_dir`` and returns a ``DemoSummary``.

Scale 1 is one city: 120 grids, 2,000 places, 40 channels per center or county,
400 staff, 200,000 customers and 300,000 subscriptions; every count grows in
proportion with ``scale`` and above 10 the city is repeated (see ``city``).
Units of ``usage`` in the monthly facts: MB for mobile, GB for broadband and
data lines, minutes for fixed lines, hours for IPTV. Numbers of subscriptions
are phone numbers for mobile, "0531" plus eight digits for fixed lines and
KD / TV / ZX plus eight digits for broadband, IPTV and data lines.

Modules: ``layout`` (geometry), ``names`` (names and identity numbers),
``city`` (units, staff, places, channels), ``population`` (customers and
subscriptions), ``churn`` (the hazard), ``simulate`` (the months),
``registry`` (business-registry extracts), ``generator`` (files and streaming).
"""

from wangge.core.demo.generator import DemoSummary, Progress, generate

__all__ = ["DemoSummary", "Progress", "generate"]
