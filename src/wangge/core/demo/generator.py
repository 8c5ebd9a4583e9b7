"""Write a whole demo city (or province) as an analytics store laid out as ``schema`` describes."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from wangge.core import schema
from wangge.core.demo import names, operator_files
from wangge.core.demo.city import CityPlan, build_city
from wangge.core.demo.population import (
    LINES,
    NO_CONTRACT,
    PRODUCT_FEES,
    PRODUCT_LINE_OF,
    PRODUCT_NAMES,
    Batch,
    build_batch,
    plan_counts,
)
from wangge.core.demo.registry import registry_tables
from wangge.core.demo.simulate import BatchResult, complaints_table, simulate
from wangge.core.demo.timeline import Window, default_end_month, to_days

Progress = Callable[[str, int, int], None]
OWN_DIRS = ("dims", "facts", "registry", operator_files.OPERATOR_DIR)
MONTHLY_SALARY_CENTS = 850_000


@dataclass(frozen=True)
class DemoSummary:
    """What was written, for the CLI to print and for tests to check against."""

    out_dir: Path
    scale: float
    seed: int
    months: int
    end_month: date
    rows: dict[str, int]
    paths: dict[str, Path]
    seconds: float
    batches: int = 0
    month_starts: list[date] = field(default_factory=list)


def generate(
    out_dir: Path,
    *,
    scale: float = 1,
    seed: int = 20261,
    months: int = 24,
    end_month: date | None = None,
    progress: Progress | None = None,
    overwrite: bool = False,
    batch_subscriptions: int | None = None,
) -> DemoSummary:
    """Generate the demo data into ``out_dir``; the same arguments always give the same tables.

    Subscriptions and their monthly facts are produced one batch of grids at a
    time (about half a million subscriptions per batch) and written as they
    come, so memory depends on the batch size, not on ``scale``. Every batch
    draws from its own generator seeded with (seed, stage, batch), so a batch's
    rows do not depend on how much randomness earlier batches consumed.

    ``progress(stage, done, total)`` is called with the stages "city",
    "customers" (batches), "subscriptions" (batch-months) and "marketing".
    ``end_month`` defaults to the last full month before today; pass it
    whenever the output must be reproducible. ``overwrite`` replaces the
    dims/, facts/ and registry/ directories of an earlier run.
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    if months < 2:
        raise ValueError("months must be at least 2 (adds are judged in their second month)")
    began = time.perf_counter()
    out_dir = Path(out_dir)
    _prepare(out_dir, overwrite)
    window = Window((end_month or default_end_month()).replace(day=1), months)
    report = progress or (lambda stage, done, total: None)

    report("city", 0, 1)
    plan = build_city(np.random.default_rng([seed, 1]), window, scale)
    paths: dict[str, Path] = {}
    rows: dict[str, int] = {}
    for name, table in plan.tables.items():
        paths[name] = _write(table, out_dir / "dims" / f"{name}.parquet")
        rows[name] = table.num_rows
    report("city", 1, 1)

    kwargs = {} if batch_subscriptions is None else {"batch_subscriptions": batch_subscriptions}
    counts = plan_counts(plan, scale, **kwargs)
    month_dirs = [out_dir / "facts" / "subscription_month" / f"{d:%Y-%m}" for d in window.starts]
    for d in month_dirs:
        d.mkdir(parents=True, exist_ok=True)
    writers = _Writers(out_dir)
    adds = np.zeros((len(plan.grids), months), dtype=np.int64)
    fact_rows = 0
    next_sub = next_complaint = next_registry = 1
    n_batches = len(counts.batches)
    for b, grids in enumerate(counts.batches):
        report("customers", b, n_batches)
        batch = build_batch(np.random.default_rng([seed, 2, b]), plan, counts, grids)
        sub_ids = np.arange(next_sub, next_sub + len(batch.sub_customer), dtype=np.int64)
        next_sub += len(sub_ids)

        def emit(t: int, table: pa.Table, b: int = b) -> None:
            nonlocal fact_rows
            pq.write_table(table, month_dirs[t] / f"part-{b:05d}.parquet")
            fact_rows += table.num_rows
            report("subscriptions", b * months + t + 1, n_batches * months)

        result = simulate(np.random.default_rng([seed, 3, b]), plan, batch, sub_ids, grids, emit)
        adds[grids] = result.adds
        writers.write("customer", batch.customers)
        writers.write("customer_grid", _customer_grid(plan, batch))
        writers.write("subscription", _subscriptions(plan, batch, sub_ids, result))
        complaints = complaints_table(
            np.random.default_rng([seed, 4, b]), plan, batch, sub_ids, result, next_complaint
        )
        next_complaint += complaints.num_rows
        writers.write("complaint", complaints)
        registry, truth = registry_tables(
            np.random.default_rng([seed, 5, b]), plan, batch, grids, next_registry
        )
        next_registry += registry.num_rows
        writers.write("registry", registry)
        writers.write("registry_truth", truth)
        del batch, result
    report("customers", n_batches, n_batches)
    writers.close()
    rows.update(writers.rows)
    paths.update(writers.paths)
    paths["subscription_month"] = out_dir / "facts" / "subscription_month"
    rows["subscription_month"] = fact_rows

    report("marketing", 0, 1)
    mi_dir = out_dir / "facts" / "marketing_input"
    mi_dir.mkdir(parents=True, exist_ok=True)
    rows["marketing_input"] = 0
    units = plan.tables["unit"]
    unit_codes = dict(zip(units["unit_id"].to_pylist(), units["code"].to_pylist(), strict=True))
    for t, table in enumerate(_marketing_inputs(np.random.default_rng([seed, 6]), plan, adds)):
        _write(table, mi_dir / f"{window.starts[t]:%Y-%m}.parquet")
        # and as the finance system exports it, for `wangge demo` to import
        operator_files.write_marketing(
            table, unit_codes, operator_files.marketing_file(out_dir, window.starts[t])
        )
        rows["marketing_input"] += table.num_rows
    paths["marketing_input"] = mi_dir
    report("marketing", 1, 1)

    return DemoSummary(
        out_dir=out_dir,
        scale=scale,
        seed=seed,
        months=months,
        end_month=window.end_month,
        rows=rows,
        paths=paths,
        seconds=time.perf_counter() - began,
        batches=n_batches,
        month_starts=window.starts,
    )


def _prepare(out_dir: Path, overwrite: bool) -> None:
    existing = [out_dir / d for d in OWN_DIRS if (out_dir / d).exists()]
    if existing and not overwrite:
        raise FileExistsError(
            f"{out_dir} already holds demo data; pass overwrite=True to replace it"
        )
    for d in existing:
        shutil.rmtree(d)
    for d in OWN_DIRS:
        (out_dir / d).mkdir(parents=True, exist_ok=True)


def _write(table: pa.Table, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)
    return path


class _Writers:
    """One Parquet file per streamed table, appended to batch by batch."""

    PLACES = {
        "customer": ("dims/customer.parquet", schema.CUSTOMER),
        "customer_grid": ("dims/customer_grid.parquet", schema.CUSTOMER_GRID),
        "subscription": ("dims/subscription.parquet", schema.SUBSCRIPTION),
        "complaint": ("facts/complaint.parquet", schema.COMPLAINT),
        "registry": ("registry/registry.parquet", schema.REGISTRY),
        "registry_truth": ("registry/registry_truth.parquet", schema.REGISTRY_TRUTH),
    }

    def __init__(self, out_dir: Path) -> None:
        self.paths = {k: out_dir / rel for k, (rel, _) in self.PLACES.items()}
        self.writers = {
            k: pq.ParquetWriter(self.paths[k], sch) for k, (_, sch) in self.PLACES.items()
        }
        self.rows = dict.fromkeys(self.PLACES, 0)

    def write(self, name: str, table: pa.Table) -> None:
        self.writers[name].write_table(table)
        self.rows[name] += table.num_rows

    def close(self) -> None:
        for w in self.writers.values():
            w.close()


def _customer_grid(plan: CityPlan, batch: Batch) -> pa.Table:
    n = batch.customers.num_rows
    return pa.table(
        {
            "customer_id": batch.customers.column("customer_id"),
            "grid_id": pa.array(plan.grids.unit_id[batch.customer_grid_local]),
            "valid_from": pa.array(np.full(n, to_days(plan.org_start), dtype=np.int32)).cast(
                pa.date32()
            ),
            "valid_to": pa.nulls(n, pa.date32()),
        },
        schema=schema.CUSTOMER_GRID,
    )


def _subscriptions(
    plan: CityPlan, batch: Batch, sub_ids: np.ndarray, result: BatchResult
) -> pa.Table:
    line = PRODUCT_LINE_OF[batch.sub_product]
    scrambled = (sub_ids * 48_271 + 12_345) % 100_000_000
    tail = pc.utf8_lpad(names.digits(scrambled), 8, "0")
    prefix = names.PHONE_PREFIXES[sub_ids % len(names.PHONE_PREFIXES)]
    mobile = names.digits(prefix * 100_000_000 + scrambled)
    number = mobile
    for li, head in ((1, "KD"), (2, "0531"), (3, "TV"), (4, "ZX")):
        number = pc.if_else(names.mask(line == li), names.join(head, tail), number)
    contract = result.contract_end
    return pa.table(
        {
            "subscription_id": pa.array(sub_ids),
            "customer_id": pa.array(batch.sub_customer),
            "product_line": names.take(LINES, line),
            "product": names.take(PRODUCT_NAMES, batch.sub_product),
            "number": number,
            "monthly_fee_cents": pa.array(PRODUCT_FEES[batch.sub_product]),
            "start_date": pa.array(result.start_day.astype(np.int32)).cast(pa.date32()),
            "end_date": pa.array(result.end_day, mask=result.end_day < 0).cast(pa.date32()),
            "contract_end": pa.array(contract, mask=contract == NO_CONTRACT).cast(pa.date32()),
            "status": names.take(schema.SUBSCRIPTION_STATUSES, result.status.astype(np.int64)),
            "channel_id": pa.array(batch.sub_channel, mask=batch.sub_channel == 0),
            "sold_by": pa.array(batch.sub_seller, mask=batch.sub_seller == 0),
        },
        schema=schema.SUBSCRIPTION,
    )


def _marketing_inputs(rng: np.random.Generator, plan: CityPlan, adds: np.ndarray) -> list[pa.Table]:
    """Spend per grid and month, driven by the adds each grid booked; all integer cents."""
    from wangge.core.demo.churn import SEASON_ADDS

    g = plan.grids
    n, months = adds.shape
    cal = plan.window.calendar_months()
    per_add = g.commission_per_add + np.where(g.fake, 8_000, 0)
    subsidy_per_add = rng.integers(2_000, 12_000, n)
    promo_base = rng.integers(150_000, 900_000, n)
    out = []
    for t in range(months):
        month = to_days(plan.window.starts[t])
        season_permille = round(float(SEASON_ADDS[cal[t] - 1]) * 1000)
        noise = rng.integers(850, 1_151, (4, n))
        commission = adds[:, t] * per_add * noise[0] // 1000
        subsidy = adds[:, t] * subsidy_per_add * noise[1] // 1000
        promotion = promo_base * season_permille // 1000 * noise[2] // 1000
        labour = g.staff * MONTHLY_SALARY_CENTS * noise[3] // 1000
        out.append(
            pa.table(
                {
                    "month": pa.array(np.full(n, month, dtype=np.int32)).cast(pa.date32()),
                    "grid_id": pa.array(g.unit_id),
                    "commission_cents": pa.array(commission.astype(np.int64)),
                    "subsidy_cents": pa.array(subsidy.astype(np.int64)),
                    "promotion_cents": pa.array(promotion.astype(np.int64)),
                    "labour_cents": pa.array(labour.astype(np.int64)),
                },
                schema=schema.MARKETING_INPUT,
            )
        )
    return out
