"""The re-cut: restore balance after the market moved, moving as few units as possible.

Grids more than ±30 % from the median workload are flagged. The re-cut is an integer
program on HiGHS over the boundary units of the grids out of balance and of their
neighbouring grids: x[u, g] = 1 when unit u ends in grid g (its own or a grid next to
it); every grid's workload within the tolerance of the mean; minimise the units moved
(and, a little, the workload moved, so of two equal moves the lighter one goes).
Contiguity is kept by two kinds of constraint: a unit may join a grid only next to a
unit that ends in it, and (added lazily, re-solving until none is broken) the classic
cut: if a piece S of grid g came loose, either some unit of S leaves g or a unit on S's
border joins g. When the band of movable units is too narrow to be feasible it is
widened one unit (and one grid) further, up to ``max_band``; each independent group of
grids is widened on its own, so the groups already balanced keep their narrow re-cut.
Fixed clusters never move and nothing moves into them.

At province size (more than ``LARGE`` units) the designer's single boundary moves run
first, from the grid furthest out towards neighbouring grids with room, until every grid
is within the tolerance; they take seconds where the programs over hundreds of drifted
grids take many minutes, and the programs then finish whatever they left. The same local
search is the last resort when the widest band is still infeasible and time remains.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse.csgraph import connected_components

from wangge.core.territory import Infeasible
from wangge.core.territory.graph import Graph, to_csr
from wangge.core.territory.metrics import deviation

FLAG_BAND = 0.30
#: above this many units the local search runs before the integer program
LARGE = 20_000
#: each integer program stops after this long with the best re-cut it found (kept only if
#: it holds every constraint); the bound on moves is then not proven optimal
PROGRAM_SECONDS = 20.0


@dataclass(frozen=True)
class Move:
    unit: int
    old: int
    new: int
    workload: float


@dataclass
class Recut:
    grid: np.ndarray
    moves: list[Move]
    flagged: list[int]  # grids beyond ±30 % of the median before the re-cut
    band: int  # how far from a boundary units could move
    seconds: float
    rounds: int = 0  # solves, counting those after lazy contiguity cuts
    notes: list[str] = field(default_factory=list)


def flag(loads: np.ndarray, fixed: set[int], band: float = FLAG_BAND) -> list[int]:
    """Grids (not fixed) whose workload is more than ``band`` from the median."""
    free = [g for g in range(len(loads)) if g not in fixed]
    med = float(np.median(loads[free]))
    return [g for g in free if abs(loads[g] - med) > band * med]


def recut(
    graph: Graph,
    weights: np.ndarray,
    current: np.ndarray,
    k: int | None = None,
    tolerance: float = 0.10,
    fixed: set[int] | None = None,
    max_band: int = 4,
    time_limit: float = 120.0,
) -> Recut:
    """A new partition near ``current`` with every free grid within ``tolerance`` of the
    mean of the new ``weights``; ``Infeasible`` when even the widest band cannot."""
    started = time.perf_counter()
    w = np.asarray(weights, dtype=float)
    cur = np.asarray(current, dtype=np.int64)
    k = int(cur.max()) + 1 if k is None else k
    fixed = set(fixed or ())
    loads = np.bincount(cur, weights=w, minlength=k)
    flagged = flag(loads, fixed)
    free = [g for g in range(k) if g not in fixed]
    mean = float(loads[free].mean())
    lo, hi = mean * (1 - tolerance), mean * (1 + tolerance)
    if deviation(loads, fixed) <= tolerance:
        return Recut(cur.copy(), [], flagged, 0, time.perf_counter() - started)
    nbrs = graph.neighbours()
    heavy = w[[u for u in range(graph.n) if cur[u] not in fixed]].max()
    if heavy > hi:
        raise Infeasible("--tolerance", f"a unit's workload {heavy:g} is above a grid's upper "
                         f"bound {hi:.6g}: no re-cut can balance it")  # fmt: skip
    rounds = 0
    grid = cur.copy()
    used = 0
    deadline = started + time_limit
    notes = []
    if graph.n > LARGE:
        # at province size the boundary moves of the local search come first (seconds);
        # the integer program then finishes the grids they leave out of balance
        _local(graph, nbrs, w, grid, k, fixed, mean, tolerance, started + time_limit / 2)
        notes.append("local search first (large instance)")
    for band in range(1, max_band + 1):
        now = np.bincount(grid, weights=w, minlength=k)
        out_of_band = [g for g in free if not lo <= now[g] <= hi]
        if not out_of_band:
            break
        # each independent group of grids is solved on its own: those solved keep their
        # re-cut, only the groups still infeasible are widened to the next band
        grid, r = _solve_band(graph, nbrs, w, grid, k, fixed, lo, hi, out_of_band, band,
                              deadline)  # fmt: skip
        rounds += r
        used = band
        if time.perf_counter() > deadline:
            break
    now = np.bincount(grid, weights=w, minlength=k)
    left = [g for g in free if not lo <= now[g] <= hi]
    if left and time.perf_counter() < deadline:
        _local(graph, nbrs, w, grid, k, fixed, mean, tolerance, deadline)
        notes.append("local search after the integer program")
        now = np.bincount(grid, weights=w, minlength=k)
        left = [g for g in free if not lo <= now[g] <= hi]
    if left:
        raise Infeasible(
            "--tolerance",
            f"no re-cut within ±{tolerance:.0%} found for {len(left)} grid(s) moving units up "
            f"to {used} steps from a boundary in {time_limit:.0f} s; allow a larger tolerance, "
            "more time, or design the grids afresh",
        )
    moves = [Move(int(u), int(cur[u]), int(grid[u]), float(w[u]))
             for u in np.flatnonzero(grid != cur)]  # fmt: skip
    return Recut(grid, moves, flagged, used, time.perf_counter() - started, rounds, notes)


def _local(graph, nbrs, w, grid, k, fixed, mean, tolerance, deadline) -> None:
    """The designer's boundary moves, single units only, until every grid is within
    the tolerance (or the deadline): few moves, contiguity kept, fixed clusters untouched."""
    from wangge.core.territory.design import polish

    loads = np.bincount(grid, weights=w, minlength=k)
    polish(graph, w, grid, loads, set(fixed), mean, deadline, np.random.default_rng(0),
           stop_at=tolerance * mean * 0.999, recombine=False)  # fmt: skip


def _region(graph, cur, k, fixed, out_of_band, hops):
    """The grids that may change: those out of balance and those within ``hops`` of them."""
    e = graph.edges
    a, b = cur[e[:, 0]], cur[e[:, 1]]
    diff = a != b
    gg = to_csr(k, np.unique(np.column_stack([a[diff], b[diff]]), axis=0))
    region = set(out_of_band)
    frontier = set(out_of_band)
    for _ in range(hops):
        nxt = set()
        for g in frontier:
            nxt.update(int(x) for x in gg.indices[gg.indptr[g] : gg.indptr[g + 1]])
        nxt -= region | fixed
        region |= nxt
        frontier = nxt
    return region


def _solve_band(graph, nbrs, w, cur, k, fixed, lo, hi, out_of_band, band, deadline):
    region = _region(graph, cur, k, fixed, out_of_band, band)
    in_region = np.zeros(k, dtype=bool)
    in_region[list(region)] = True
    # units of region grids within `band` steps of a unit of another region grid
    dist = np.full(graph.n, np.inf)
    e = graph.edges
    a, b = cur[e[:, 0]], cur[e[:, 1]]
    border = (a != b) & in_region[a] & in_region[b]
    if band == 1:  # the narrowest band: only the borders of the grids out of balance
        oob = np.zeros(k, dtype=bool)
        oob[list(out_of_band)] = True
        border &= oob[a] | oob[b]
    start = np.unique(e[border].ravel())
    dist[start] = 1
    frontier = start.tolist()
    for d in range(2, band + 1):
        nxt = []
        for u in frontier:
            for v in nbrs[u]:
                if dist[v] == np.inf and in_region[cur[v]]:
                    dist[v] = d
                    nxt.append(v)
        frontier = nxt
    movable = np.flatnonzero(dist <= band)
    # candidate grids of a movable unit: its own and region grids within `band` steps
    cand: dict[int, list[int]] = {}
    for u in movable.tolist():
        seen = {u}
        ring = [u]
        grids = {int(cur[u])}
        for _ in range(band):
            ring = [v for x in ring for v in nbrs[x].tolist() if v not in seen]
            seen.update(ring)
            grids.update(int(cur[v]) for v in ring if in_region[cur[v]])
        cand[u] = sorted(grids)
    # components of region grids linked by movable units are independent programs
    pairs = [(g, h) for u, gs in cand.items() for g in gs for h in gs if g < h]
    rg = sorted(region)
    pos = {g: i for i, g in enumerate(rg)}
    gl = to_csr(len(rg), np.array([(pos[g], pos[h]) for g, h in pairs], dtype=np.int64))
    ncomp, lab = connected_components(gl, directed=False)
    grid = cur.copy()
    rounds = 0
    for c in range(ncomp):
        grids = {g for g in rg if lab[pos[g]] == c}
        if not grids & set(out_of_band):
            continue  # nothing out of balance in this group
        units = [u for u in cand if cur[u] in grids]
        res = _program(nbrs, w, cur, grids, units, cand, lo, hi, deadline)
        if res is None:
            continue  # left as it was, for a wider band
        for u, g in res[0].items():
            grid[u] = g
        rounds += res[1]
    return grid, rounds


def _program(nbrs, w, cur, grids, units, cand, lo, hi, deadline):
    """The integer program of one independent group of grids; None when infeasible."""
    import highspy

    from wangge.core.resources.allocate import _solver

    col = {}
    cost = []
    unit_w = w[units].mean() if units else 1.0
    for u in units:
        for g in cand[u]:
            col[(u, g)] = len(cost)
            cost.append(0.0 if g == cur[u] else 1.0 + 0.01 * w[u] / unit_w)
    movable = set(units)
    h = _solver(highspy)
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.05)
    n = len(cost)
    h.addVars(n, np.zeros(n), np.ones(n))
    h.changeColsCost(n, np.arange(n, dtype=np.int32), np.array(cost))
    h.changeColsIntegrality(
        n, np.arange(n, dtype=np.int32), np.array([highspy.HighsVarType.kInteger] * n)
    )

    def row(lower, upper, idx, vals):
        h.addRow(lower, upper, len(idx), np.array(idx, dtype=np.int32), np.array(vals, float))

    for u in units:
        row(1.0, 1.0, [col[(u, g)] for g in cand[u]], [1.0] * len(cand[u]))
    base = {g: 0.0 for g in grids}
    for u in np.flatnonzero(np.isin(cur, list(grids))).tolist():
        if u not in movable:
            base[int(cur[u])] += w[u]
    members: dict[int, list[int]] = {g: [] for g in grids}
    for u in units:
        for g in cand[u]:
            members[g].append(u)
    for g in grids:
        idx = [col[(u, g)] for u in members[g]]
        row(lo - base[g], hi - base[g], idx, [w[u] for u in members[g]])
    # contiguity by shortest paths: each grid keeps a root (its unit furthest inside);
    # a unit ends in grid g only if a neighbour one step nearer g's root (within the units
    # that may be in g) ends in g too, so every grid has a path down to its root
    for g in grids:
        can = set(members[g]) | {u for u in np.flatnonzero(cur == g).tolist()}
        root = _root(nbrs, cur, g, movable)
        if root in movable:
            row(1.0, 1.0, [col[(root, g)]], [1.0])
        dist = {root: 0}
        queue = [root]
        for u in queue:
            for v in nbrs[u].tolist():
                if v in can and v not in dist:
                    dist[v] = dist[u] + 1
                    queue.append(v)
        for u in can:
            if u == root:
                continue
            if u not in dist:  # cannot reach the root through units that may be in g
                if u in movable:
                    row(0.0, 0.0, [col[(u, g)]], [1.0])
                    continue
                return None
            nearer = [v for v in nbrs[u].tolist() if dist.get(v, 1 << 30) < dist[u]]
            if any(v not in movable and cur[v] == g for v in nearer):
                continue
            terms = [col[(v, g)] for v in nearer if (v, g) in col]
            if u in movable:
                row(-np.inf, 0.0, [col[(u, g)], *terms], [1.0] + [-1.0] * len(terms))
            else:
                row(1.0, np.inf, terms, [1.0] * len(terms))
    rounds = 0
    while True:
        rounds += 1
        h.setOptionValue(
            "time_limit", min(PROGRAM_SECONDS, max(1.0, deadline - time.perf_counter()))
        )
        t0 = time.perf_counter()
        h.run()
        status = h.getModelStatus()
        import os

        if os.environ.get("TERRITORY_DEBUG"):
            print(
                "round", rounds, h.modelStatusToString(status), round(time.perf_counter() - t0, 2)
            )
        solved = status == highspy.HighsModelStatus.kOptimal or (
            status == highspy.HighsModelStatus.kTimeLimit and h.getInfo().primal_solution_status
        )
        if not solved:
            return None
        x = np.asarray(h.getSolution().col_value)
        out = {}
        for u in units:
            g = max(cand[u], key=lambda g, u=u: x[col[(u, g)]])
            out[u] = g
        cuts = _loose_pieces(nbrs, cur, grids, out)
        if not cuts:
            return out, rounds
        for g, piece, rim in cuts:
            inside = [col[(u, g)] for u in piece if u in movable]
            joins = [col[(v, g)] for v in rim if (v, g) in col]
            if not inside and not joins:
                return None
            # all of the piece stays only if a unit on its rim joins (members that cannot
            # move are constants on both sides)
            row(-np.inf, len(inside) - 1.0, inside + joins,
                [1.0] * len(inside) + [-1.0] * len(joins))  # fmt: skip
        if time.perf_counter() > deadline:
            return None


def _root(nbrs, cur, g, movable) -> int:
    """Grid g's unit furthest (in steps) from any other grid, preferring one that stays."""
    members = np.flatnonzero(cur == g).tolist()
    inside = set(members)
    level = {u: 0 for u in members if any(v not in inside for v in nbrs[u].tolist())}
    queue = list(level) or members[:1]
    for u in queue:
        for v in nbrs[u].tolist():
            if v in inside and v not in level:
                level[v] = level[u] + 1
                queue.append(v)
    return max(members, key=lambda u: (u not in movable, level.get(u, 0), -u))


def _loose_pieces(nbrs, cur, grids, out):
    """Pieces of grids come loose under the assignment: (grid, piece, units on its rim)."""

    def owner(u):
        return out.get(u, int(cur[u]))

    cuts = []
    for g in grids:
        members = [u for u in out if out[u] == g]
        members += [u for u in np.flatnonzero(cur == g).tolist() if u not in out]
        seen: set[int] = set()
        pieces = []
        for s in members:
            if s in seen:
                continue
            piece = [s]
            seen.add(s)
            i = 0
            while i < len(piece):
                for v in nbrs[piece[i]].tolist():
                    if v not in seen and owner(v) == g:
                        seen.add(v)
                        piece.append(v)
                i += 1
            pieces.append(piece)
        if len(pieces) <= 1:
            continue
        pieces.sort(key=len, reverse=True)
        for piece in pieces[1:]:
            ps = set(piece)
            rim = {v for u in piece for v in nbrs[u].tolist() if v not in ps}
            cuts.append((g, piece, rim))
    return cuts
