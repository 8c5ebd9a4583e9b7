"""The analytics layer's function API: monthly figures and their evidence, as Arrow.

Plain functions, no Django: the month-end close, the explanation pages and the
``wangge analytics`` command all call these. Each run binds exactly the months
it needs, computes the grid level once (the only heavy step), and builds every
other level from that result inside the same engine, so nothing is scanned twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyarrow as pa

from wangge.core import rates
from wangge.core.rates import Period, RateOptions
from wangge.engines import Engine, bind_store, default_store, get_engine, month_files

LEVELS = ("grid", "center", "city", "person")

Progress = Callable[[str, str], None]  # (stage, "start" | "done")


@dataclass
class RunReport:
    """What a run read and how long each stage took, for the command's summary."""

    engine: str
    period: Period
    rows_read: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    rows_out: dict[str, int] = field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


class _Stages:
    def __init__(self, report: RunReport, progress: Progress | None) -> None:
        self.report, self.progress = report, progress

    def run(self, stage: str, fn: Callable[[], pa.Table | None]) -> pa.Table | None:
        if self.progress:
            self.progress(stage, "start")
        t0 = time.perf_counter()
        out = fn()
        self.report.seconds[stage] = time.perf_counter() - t0
        if out is not None:
            self.report.rows_out[stage] = out.num_rows
        if self.progress:
            self.progress(stage, "done")
        return out


def _engine(engine: Engine | str | None) -> tuple[Engine, bool]:
    if engine is None or isinstance(engine, str):
        return get_engine(engine), True
    return engine, False


def period_figures(
    store: Path | None,
    start: date,
    end: date | None = None,
    engine: Engine | str | None = None,
    options: RateOptions | None = None,
    *,
    include_subscriptions: bool = False,
    progress: Progress | None = None,
    report: RunReport | None = None,
) -> dict[str, pa.Table]:
    """Figures for the months ``start``..``end`` (inclusive), one Arrow table per level.

    Levels: ``grid``, ``center`` (centers and county branches), ``city``, ``person``;
    with ``include_subscriptions`` also ``subscription`` (one derivation row per
    subscription, large: meant for exports and audits, not pages).
    """
    options = options or RateOptions()
    period = Period(start, end or start, options)
    eng, owned = _engine(engine)
    report = report if report is not None else RunReport(eng.name, period)
    report.engine, report.period = eng.name, period
    stages = _Stages(report, progress)
    try:
        tables: dict = {}

        def bind() -> None:
            t, rows = bind_store(eng, store or default_store(), period.fact_months, period.months)
            tables.update(t)
            report.rows_read.update(rows)

        stages.run("bind", bind)
        root = store or default_store()
        missing = period.unavailable(m for m in period.fact_months if month_files(root, m))
        comps = rates.grid_components(tables, period)
        places = rates.grid_places(tables, period.as_of)
        grid = stages.run(
            "grid", lambda: eng.to_arrow(rates.grid_figures(comps, places, options, missing))
        )
        assert grid is not None
        g = eng.memtable(grid, "wangge_grid_figures")
        anc = rates.ancestry(tables, period.as_of)
        out: dict[str, pa.Table] = {"grid": grid}
        unit = tables["unit"]
        cities = eng.to_arrow(unit.filter(unit.kind == "city").select("unit_id"))
        city_ids = cities.column("unit_id").to_pylist()
        # a customer with no grid has no center either: with one city (the company) they
        # still count in it, shown beside the centers as "unassigned"
        only_city = city_ids[0] if len(city_ids) == 1 else None
        out["center"] = stages.run(
            "center",
            lambda: eng.to_arrow(
                rates.rollup(
                    g, anc, unit, rates.CENTER_KINDS, options, missing, unassigned_row=True
                )
            ),
        )
        out["city"] = stages.run(
            "city",
            lambda: eng.to_arrow(
                rates.rollup(g, anc, unit, ("city",), options, missing, unassigned_to=only_city)
            ),
        )
        out["person"] = stages.run(
            "person",
            lambda: eng.to_arrow(
                rates.person_figures(g, anc, tables, period.as_of, options, missing)
            ),
        )
        if include_subscriptions:
            subs = rates.subscription_components(tables, period).order_by("subscription_id")
            out["subscription"] = stages.run("subscription", lambda: eng.to_arrow(subs))
        return out
    finally:
        if owned:
            eng.close()


def monthly_figures(
    store: Path | None,
    month: date,
    engine: Engine | str | None = None,
    options: RateOptions | None = None,
    **kwargs: object,
) -> dict[str, pa.Table]:
    """The month-end figures of ``month``; see ``period_figures`` for the tables."""
    return period_figures(store, month, month, engine, options, **kwargs)  # type: ignore[arg-type]


def unit_evidence(
    store: Path | None,
    month: date,
    unit_id: int,
    engine: Engine | str | None = None,
    options: RateOptions | None = None,
    *,
    end: date | None = None,
    kinds: tuple[str, ...] = rates.EVIDENCE_KINDS,
) -> dict[str, pa.Table]:
    """The subscriptions behind a unit's numbers (any unit: grid, center, city).

    ``new_adds``: the adds judged in the period, each with ``valid`` and a reason;
    ``churned``: who churned and how; ``arrears``: who owes at period end.
    """
    options = options or RateOptions()
    period = Period(month, end or month, options)
    eng, owned = _engine(engine)
    try:
        tables, _ = bind_store(eng, store or default_store(), period.fact_months, period.months)
        grids = rates.unit_grids(tables, period.as_of, unit_id)
        return {k: eng.to_arrow(rates.evidence(tables, period, grids, k)) for k in kinds}
    finally:
        if owned:
            eng.close()


def person_evidence(
    store: Path | None,
    month: date,
    person_id: int,
    engine: Engine | str | None = None,
    options: RateOptions | None = None,
    *,
    kinds: tuple[str, ...] = rates.EVIDENCE_KINDS,
) -> dict[str, pa.Table]:
    """Evidence for a person: the same tables over every grid they answer for."""
    options = options or RateOptions()
    period = Period(month, month, options)
    eng, owned = _engine(engine)
    try:
        tables, _ = bind_store(eng, store or default_store(), period.fact_months, period.months)
        pu = rates.as_of(tables["person_unit"], period.as_of)
        pu = pu.filter(pu.person_id == person_id).select("unit_id")
        anc = rates.ancestry(tables, period.as_of)
        grids = anc.semi_join(pu, anc.ancestor_id == pu.unit_id).select(grid_id=anc.unit_id)
        unit = tables["unit"]
        grids = grids.semi_join(
            unit.filter(unit.kind == "grid"), grids.grid_id == unit.unit_id
        ).distinct()
        return {k: eng.to_arrow(rates.evidence(tables, period, grids, k)) for k in kinds}
    finally:
        if owned:
            eng.close()


def run(
    store: Path | None,
    month: date,
    engine: str | None = None,
    *,
    end: date | None = None,
    master: str | None = None,
    memory_limit: str | None = None,
    options: RateOptions | None = None,
    out_dir: Path | None = None,
    progress: Progress | None = None,
) -> tuple[dict[str, pa.Table], RunReport]:
    """What ``wangge analytics run`` does: figures, optionally written as Parquet."""
    eng = get_engine(engine, master=master, memory_limit=memory_limit)
    report = RunReport(eng.name, Period(month, end or month, options or RateOptions()))
    try:
        figures = period_figures(store, month, end, eng, options, progress=progress, report=report)
    finally:
        eng.close()
    if out_dir is not None:
        import pyarrow.parquet as pq

        t0 = time.perf_counter()
        target = Path(out_dir) / f"{report.period.start:%Y-%m}"
        if report.period.end != report.period.start:
            target = Path(f"{target}_{report.period.end:%Y-%m}")
        target.mkdir(parents=True, exist_ok=True)
        for level, table in figures.items():
            pq.write_table(table, target / f"{level}.parquet")
        report.seconds["write"] = time.perf_counter() - t0
    return figures, report
