"""The month's rule alerts over the analytics store, as Arrow, on DuckDB or Spark.

The rules are ``wangge.core.alerts.rules`` (one definition); this binds exactly the
files they read and runs them on the chosen engine.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa

from wangge.core import schema
from wangge.core.alerts import rules
from wangge.core.alerts.rules import AlertOptions
from wangge.engines import Engine, default_store, dim_file, get_engine, month_files


def bind_alert_tables(engine: Engine, store: Path, month: date, options: AlertOptions):
    """The tables the rules read; returns them and the fact months the store holds."""
    store = Path(store)
    if not (store / "dims").is_dir():
        raise FileNotFoundError(f"no analytics store at {store} (expected {store}/dims/)")
    wanted = rules.fact_months(month, options)
    files = [f for m in wanted for f in month_files(store, m)]
    tables = {
        "subscription_month": engine.bind("subscription_month", files, schema.SUBSCRIPTION_MONTH)
    }
    for name in ("subscription", "customer", "customer_grid"):
        tables[name] = engine.bind(name, dim_file(store, name), schema.DIMS[name])
    return tables, [m for m in wanted if month_files(store, m)]


def month_alerts(
    store: Path | None,
    month: date,
    engine: Engine | str | None = None,
    options: AlertOptions | None = None,
) -> pa.Table:
    """Every rule alert of ``month`` (schema ``rules.ALERT``).

    Refuses (``FileNotFoundError``) when the month itself has no facts: an empty month
    would look like a month without alerts."""
    options = options or AlertOptions()
    owned = engine is None or isinstance(engine, str)
    eng = get_engine(engine) if owned else engine
    try:
        root = Path(store or default_store())
        tables, found = bind_alert_tables(eng, root, month, options)
        if month not in found:
            raise FileNotFoundError(f"the store holds no monthly facts for {month:%Y-%m}")
        return eng.to_arrow(rules.customer_alerts(tables, month, options)).cast(rules.ALERT)
    finally:
        if owned:
            eng.close()
