"""The designer on any polygon file: read, check, design, measure, write (all or nothing).

What ``wangge territory design`` runs; plain data in, a report out.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from wangge.core.territory import TerritoryError
from wangge.core.territory.design import DEFAULT_TOLERANCE, Design, design, fixed_clusters
from wangge.core.territory.graph import DEFAULT_BUFFER_M, Graph, build_graph
from wangge.core.territory.layers import Layer, read_layer, read_measures, write_partition
from wangge.core.territory.metrics import Metrics, measure


@dataclass
class FileDesign:
    layer: Layer
    graph: Graph
    weights: np.ndarray
    design: Design
    metrics: Metrics
    notes: list[str] = field(default_factory=list)
    written: Path | None = None


def parse_fixed(specs: list[str], layer: Layer) -> np.ndarray:
    """Units chosen by ``COLUMN=VALUE`` rules (any rule matching)."""
    chosen = np.zeros(len(layer), dtype=bool)
    for spec in specs:
        column, sep, value = spec.partition("=")
        if not sep or not column:
            raise TerritoryError(f"--fixed {spec}", "expected COLUMN=VALUE")
        if column not in layer.columns:
            raise TerritoryError(f"--fixed {spec}", f"{layer.path.name} has no column {column!r}")
        hit = np.array([str(v) == value for v in layer.columns[column]])
        if not hit.any():
            raise TerritoryError(f"--fixed {spec}", f"no unit has {column} = {value!r}")
        chosen |= hit
    return chosen


def read_barriers(path: str | Path, layer: Layer, crs: str | None = None) -> np.ndarray:
    """Lines (rivers, main roads) in the units' metric CRS."""
    import pyogrio.raw
    import shapely
    from pyproj import CRS, Transformer

    from wangge.core.territory.layers import _apply, parse_crs

    path = Path(path)
    if not path.exists():
        raise TerritoryError(f"--barrier {path.name}", "no such file")
    meta, _f, wkb, _d = pyogrio.raw.read(path)[:4]
    geoms = shapely.force_2d(shapely.from_wkb(wkb))
    source = parse_crs(crs) if crs else (CRS.from_user_input(meta["crs"]) if meta["crs"] else None)
    if source is None:
        raise TerritoryError(f"--barrier {path.name}", "does not say its coordinate system")
    if isinstance(source, str) or layer.crs_name == "GCJ-02":
        raise TerritoryError(f"--barrier {path.name}", "give barriers in WGS-84 or a projected CRS")
    # into the units' metric CRS: through lon/lat, then the layer's own way to metres
    if layer.source_crs is not None and source == layer.source_crs and not source.is_geographic:
        factor = source.axis_info[0].unit_conversion_factor
        return shapely.transform(geoms, lambda xy: xy * factor)
    to_ll = Transformer.from_crs(source, CRS.from_epsg(4326), always_xy=True)
    ll = _apply(geoms, to_ll.transform)
    if layer.source_crs is not None and not layer.source_crs.is_geographic:
        back = Transformer.from_crs(CRS.from_epsg(4326), layer.source_crs, always_xy=True)
        factor = layer.source_crs.axis_info[0].unit_conversion_factor
        return shapely.transform(_apply(ll, back.transform), lambda xy: xy * factor)
    raise TerritoryError(
        f"--barrier {path.name}", "barriers need a projected unit layer (or the same CRS)"
    )


def design_file(
    path: str | Path,
    workload: str,
    k: int,
    tolerance: float = DEFAULT_TOLERANCE,
    crs: str | None = None,
    fixed: list[str] | None = None,
    key: str | None = None,
    measures: str | Path | None = None,
    within: str | None = None,
    barrier: str | Path | None = None,
    buffer_m: float = DEFAULT_BUFFER_M,
    out: str | Path | None = None,
    seed: int = 0,
    time_limit: float = 300.0,
) -> FileDesign:
    """Design k grids over the polygons of ``path``; write ``out`` only when it succeeds."""
    started = time.perf_counter()
    layer = read_layer(path, crs=crs, key=key)
    if measures is not None:
        if key is None:
            raise TerritoryError("--measures", "give --key COLUMN to join the CSV on")
        weights = read_measures(measures, key, workload, layer)
    else:
        weights = layer.numbers(workload)
    if within is not None and within not in layer.columns:
        raise TerritoryError(f"--within {within}", f"{layer.path.name} has no column {within!r}")
    if out is not None:
        out = Path(out)
        if not out.parent.exists():
            raise TerritoryError(f"--out {out}", "its folder does not exist")
    lines = read_barriers(barrier, layer) if barrier else None
    graph = build_graph(
        layer.geoms, buffer_m, barriers=lines,
        within=layer.columns[within] if within else None,
    )  # fmt: skip
    notes = []
    for j in graph.joins[:5]:
        notes.append(
            f"island joined: {layer.label(j.island)} to {layer.label(j.to)} ({j.gap_m:.0f} m apart)"
        )
    if len(graph.joins) > 5:
        notes.append(f"island joined: and {len(graph.joins) - 5} more")
    if graph.cut_by_barrier:
        notes.append(f"hard boundary: {graph.cut_by_barrier} neighbourhoods cut by the barrier")
    if graph.cut_by_column:
        notes.append(f"hard boundary: {graph.cut_by_column} neighbourhoods cut by {within}")
    clusters = fixed_clusters(graph, parse_fixed(fixed, layer)) if fixed else []
    result = design(graph, weights, k, tolerance, clusters, seed=seed, label=layer.label,
                    time_limit=time_limit)  # fmt: skip
    seconds = time.perf_counter() - started
    metrics = measure(graph, layer.geoms, weights, result.grid, k, result.fixed, seconds)
    fd = FileDesign(layer, graph, weights, result, metrics, notes)
    if out is not None:
        fd.written = write_partition(layer, result.grid + 1, out)
    return fd
