"""The grid designer: a balanced, contiguous partition of units into k grids.

Cluster first, then physical (先聚类后物理): every connected group of units a ``fixed``
rule picks (a park, a campus, a cluster market) becomes a grid of its own first; the
other units are cut into the remaining grids, each piece left apart by hard boundaries
getting a whole number of grids in proportion to its workload.

Each piece is cut by recursive spanning-tree bisection (the seed GerryChain's
``recursive_tree_part`` and ReCom use): draw a random spanning tree, cut the one edge
that splits the workload closest to k1 : k2 grids, recurse on both halves (each half of a
tree is connected, so every grid is contiguous by construction). Halving (rather than
peeling one grid at a time) keeps the cost at about log2(k) passes over the units.
A polish then moves boundary units, one at a time or as a chain along neighbouring
grids, from the grid furthest from the mean towards the nearest grid with room, never
breaking a grid apart, never touching a fixed cluster.

GerryChain itself was not used: version 1.0 needs geopandas and rustworkx and works on
networkx graphs of Python objects; this module needs only scipy's sparse graphs.
"""

from __future__ import annotations

import itertools
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import triu
from scipy.sparse.csgraph import connected_components, depth_first_order, minimum_spanning_tree

from wangge.core.territory import Infeasible, TerritoryError
from wangge.core.territory.graph import Graph
from wangge.core.territory.metrics import deviation

DEFAULT_TOLERANCE = 0.10


@dataclass
class Design:
    """A partition: ``grid[i]`` is the grid (0..k-1) of unit i; grids in ``fixed`` are
    the fixed clusters (kept out of the balance)."""

    grid: np.ndarray
    k: int
    fixed: set[int] = field(default_factory=set)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def fixed_clusters(graph: Graph, chosen: np.ndarray) -> list[np.ndarray]:
    """The connected groups of chosen units (each one fixed grid)."""
    idx = np.flatnonzero(chosen)
    if len(idx) == 0:
        return []
    sub = graph.csr[idx][:, idx]
    count, label = connected_components(sub, directed=False)
    return [idx[label == c] for c in range(count)]


def share_grids(weights: list[float], sizes: list[int], k: int) -> list[int]:
    """Whole grids for pieces of these workloads: each at least one, the next grid always
    to the piece with the heaviest workload per grid (which minimises the worst mean)."""
    out = [1] * len(weights)
    for _ in range(k - len(weights)):
        best, best_v = -1, -1.0
        for i, (w, s) in enumerate(zip(weights, sizes, strict=True)):
            if out[i] < s and w / out[i] > best_v:
                best, best_v = i, w / out[i]
        if best < 0:
            break
        out[best] += 1
    return out


def design(
    graph: Graph,
    weights: np.ndarray,
    k: int,
    tolerance: float = DEFAULT_TOLERANCE,
    fixed: list[np.ndarray] | None = None,
    seed: int = 0,
    label: Callable[[int], str] = lambda i: f"feature {i + 1}",
    time_limit: float = 300.0,
    strict: bool = True,
    progress: Callable[[str, int, int], None] | None = None,
) -> Design:
    """Cut ``graph``'s units into k grids whose workloads are within ``tolerance`` of
    their mean; raise ``Infeasible`` saying why when that cannot be done."""
    started = time.perf_counter()
    w = np.asarray(weights, dtype=float)
    n = graph.n
    if k < 1:
        raise TerritoryError("--k", "must be at least 1")
    if k > n:
        raise TerritoryError("--k", f"{k} grids asked for, but the layer has only {n} units")
    if not 0 < tolerance < 1:
        raise TerritoryError("--tolerance", f"{tolerance} is not a share between 0 and 1")
    fixed = [np.asarray(f) for f in (fixed or []) if len(f)]
    grid = np.full(n, -1, dtype=np.int64)
    for g, members in enumerate(fixed):
        grid[members] = g
    nf = len(fixed)
    free = np.flatnonzero(grid < 0)
    if nf and len(free) == 0 and nf == k:
        return Design(grid, k, set(range(nf)), time.perf_counter() - started)
    if nf >= k:
        raise Infeasible(
            "--fixed", f"the fixed clusters alone make {nf} grids, leaving none of the {k} for "
            f"the other {len(free)} units",
        )  # fmt: skip
    kf = k - nf
    if w[free].sum() <= 0:
        raise Infeasible("--workload", "the units outside the fixed clusters carry no workload")
    mean = w[free].sum() / kf
    heavy = free[w[free] > mean * (1 + tolerance)]
    if len(heavy):
        i = int(heavy[np.argmax(w[heavy])])
        raise Infeasible(
            label(i),
            f"its workload {w[i]:g} alone is more than a grid may carry: the mean is "
            f"{mean:.6g} and ±{tolerance:.0%} allows at most {mean * (1 + tolerance):.6g}; "
            "split the unit, allow a larger tolerance or ask for fewer grids",
        )
    sub = graph.csr[free][:, free]
    count, comp = connected_components(sub, directed=False)
    if count > kf:
        raise Infeasible(
            "--k", f"the units outside the fixed clusters fall into {count} pieces that no grid "
            f"may join (fixed clusters, barriers or --within cut them), more than the {kf} "
            "grids left",
        )  # fmt: skip
    pieces = [free[comp == c] for c in range(count)]
    pw = [float(w[p].sum()) for p in pieces]
    shares = share_grids(pw, [len(p) for p in pieces], kf)
    for p, x, s in zip(pieces, pw, shares, strict=True):
        dev = x / s / mean - 1
        if abs(dev) > tolerance and strict:
            raise Infeasible(
                label(int(p[0])),
                f"the piece of {len(p)} units holding it is cut off by hard boundaries and "
                f"gets {s} grid(s) of mean workload {x / s:.6g}, {dev:+.1%} from the mean "
                f"{mean:.6g}, beyond ±{tolerance:.0%}",
            )
    rng = np.random.default_rng(seed)
    nxt = nf
    eps = min(tolerance / 4, 0.01)
    done = 0
    for p, s in zip(pieces, shares, strict=True):
        for part in _bisect(graph, w, p, s, mean, eps, rng):
            grid[part] = nxt
            nxt += 1
            done += 1
            if progress:
                progress("seed", done, kf)
    notes: list[str] = []
    loads = np.bincount(grid, weights=w, minlength=k)
    deadline = started + time_limit
    polish(graph, w, grid, loads, set(range(nf)), mean, deadline, rng)
    result = Design(grid, k, set(range(nf)), time.perf_counter() - started, notes)
    worst = deviation(loads, result.fixed)
    if strict and worst > tolerance + 1e-12:
        biggest = float(w[free].max()) / mean
        raise Infeasible(
            "--tolerance",
            f"no partition within ±{tolerance:.1%} found; the best has a grid {worst:.1%} from "
            f"the mean (the largest unit is {biggest:.0%} of a grid's mean workload); allow a "
            "larger tolerance, ask for fewer grids or give finer units",
        )
    return result


def _bisect(graph, w, nodes, k, mean, eps, rng, tries_max=60):
    """Split connected ``nodes`` into k connected parts of about ``mean`` workload each."""
    stack = [(nodes, k)]
    out = []
    while stack:
        nodes, k = stack.pop()
        if k == 1:
            out.append(nodes)
            continue
        tries = tries_max if len(nodes) < 2000 else 8
        _err, mask, ka = split_once(graph.csr, w, nodes, k, mean, eps, rng, tries)
        stack.append((nodes[mask], ka))
        stack.append((nodes[~mask], k - ka))
    return out


def split_once(csr, w, nodes, k, mean, eps, rng, tries):
    """The best of ``tries`` random spanning trees' cuts of connected ``nodes`` into two
    sides for k1 = k // 2 and k - k1 grids: (worst side's deviation per grid as a share
    of ``mean``, mask of one side, how many grids that side gets)."""
    k1 = k // 2
    up = triu(csr[nodes][:, nodes], k=1).tocsr()
    wl = w[nodes]
    total = wl.sum()
    local_mean = total / k
    ones = np.ones(len(nodes))
    best = None
    for t in range(tries):
        tree = up.copy()
        tree.data = rng.random(len(tree.data)) + 0.01
        tree = minimum_spanning_tree(tree)
        tree = tree + tree.T
        root = int(rng.integers(len(nodes)))
        order, pred = depth_first_order(tree, root, directed=False, return_predecessors=True)
        if len(order) != len(nodes):
            raise ValueError("a piece to cut is not connected")
        s = _subtree_sums(order, pred, wl)
        c = _subtree_sums(order, pred, ones)
        for ka in {k1, k - k1}:
            kb = k - ka
            err = np.maximum(np.abs(s / ka - local_mean), np.abs((total - s) / kb - local_mean))
            err = err / mean
            err[(c < ka) | (len(nodes) - c < kb)] = np.inf
            err[root] = np.inf
            v = int(np.argmin(err))
            if err[v] < np.inf and (best is None or err[v] < best[0]):
                pos = np.empty(len(nodes), dtype=np.int64)
                pos[order] = np.arange(len(order))
                best = (float(err[v]), order[pos[v] : pos[v] + int(c[v])], ka)
        if best is not None and best[0] <= eps and t >= 1:
            break
    if best is None:
        raise ValueError("no cut found")
    mask = np.zeros(len(nodes), dtype=bool)
    mask[best[1]] = True
    return best[0], mask, best[2]


def _subtree_sums(order: np.ndarray, pred: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Each node's subtree total in a rooted tree given in depth-first preorder."""
    s = values.astype(float).tolist()
    p = pred.tolist()
    for v in order[::-1].tolist():
        q = p[v]
        if q >= 0:
            s[q] += s[v]
    return np.asarray(s)


def connected_without(nbrs, grid, g: int, removed: set[int], start_from: int) -> bool:
    """Whether grid g stays connected once ``removed`` units leave it."""
    seeds = [v for v in nbrs[start_from] if grid[v] == g and v not in removed]
    if not seeds:
        return False
    size = int(np.count_nonzero(grid == g)) - len(removed)
    seen = {seeds[0]}
    q = deque([seeds[0]])
    while q:
        u = q.popleft()
        for v in nbrs[u]:
            if v not in seen and grid[v] == g and v not in removed:
                seen.add(v)
                q.append(v)
    return len(seen) == size


def polish(graph, w, grid, loads, fixed, mean, deadline, rng, depth=6, rounds=200000,
           stop_at=0.0, recombine=True):  # fmt: skip
    """Move boundary units from the grid furthest from the mean towards grids with room,
    singly or as a chain along a path of neighbouring grids; every move keeps both grids
    connected and lowers the worst deviation of the grids it touches. Stops once every
    grid is within ``stop_at`` of the mean; ``recombine`` False keeps to single moves
    (no pair re-split), as the re-cut wants."""
    nbrs = [a.tolist() for a in graph.neighbours()]
    k = len(loads)
    ggraph = _grid_graph(graph, grid, k)
    stuck: set[int] = set()
    for _ in range(rounds):
        if time.perf_counter() > deadline:
            break
        dev = np.abs(loads - mean)
        for g in fixed:
            dev[g] = -1
        for g in stuck:
            dev[g] = -1
        g = int(np.argmax(dev))
        if dev[g] <= 0 or (stop_at > 0 and dev[g] <= stop_at):
            break
        if _improve(g, nbrs, w, grid, loads, fixed, mean, ggraph, depth) or (
            recombine and _recom(g, graph, nbrs, w, grid, loads, fixed, mean, ggraph, rng)
        ):
            stuck.clear()
        else:
            stuck.add(g)
            if len(stuck) > 3:
                break


def _recom(g, graph, nbrs, w, grid, loads, fixed, mean, ggraph, rng, tries=150) -> bool:
    """ReCom on a pair: merge g with a neighbouring grid and cut the pair again along the
    best of many random spanning trees; kept when both end nearer the mean than g was."""
    bound = abs(loads[g] - mean)
    pairs = sorted(
        (h for h in ggraph[g] if h not in fixed),
        key=lambda h: abs((loads[g] + loads[h]) / 2 - mean),
    )
    for h in pairs[:4]:
        if abs((loads[g] + loads[h]) / 2 - mean) >= bound - 1e-12:
            break
        nodes = np.flatnonzero((grid == g) | (grid == h))
        try:
            _err, mask, _ka = split_once(graph.csr, w, nodes, 2, mean, 0.0, rng, tries)
        except ValueError:
            continue
        a, b = nodes[mask], nodes[~mask]
        la, lb = float(w[a].sum()), float(w[b].sum())
        if max(abs(la - mean), abs(lb - mean)) >= bound - 1e-12:
            continue
        grid[a], grid[b] = g, h
        loads[g], loads[h] = la, lb
        for x in (g, h):
            for y in ggraph[x]:
                ggraph[y].discard(x)
            ggraph[x] = {int(grid[v]) for u in np.flatnonzero(grid == x).tolist()
                         for v in nbrs[u] if grid[v] != x}  # fmt: skip
            for y in ggraph[x]:
                ggraph[y].add(x)
        return True
    return False


def _grid_graph(graph, grid, k):
    gg = [set() for _ in range(k)]
    e = graph.edges
    a, b = grid[e[:, 0]], grid[e[:, 1]]
    for x, y in zip(a[a != b].tolist(), b[a != b].tolist(), strict=True):
        gg[x].add(y)
        gg[y].add(x)
    return gg


def _improve(g, nbrs, w, grid, loads, fixed, mean, ggraph, depth) -> bool:
    """One move (or chain) lowering grid g's deviation; True when one was made."""
    over = loads[g] > mean
    bound = abs(loads[g] - mean)
    # breadth-first over grids from g; a path ends at a grid with room on the other side
    prev = {g: None}
    q = deque([(g, 0)])
    order = []
    while q:
        h, d = q.popleft()
        if d >= depth:
            continue
        for x in ggraph[h]:
            if x in prev or x in fixed:
                continue
            prev[x] = h
            order.append(x)
            q.append((x, d + 1))
    targets = sorted(
        (x for x in order if (loads[x] < loads[g] if over else loads[x] > loads[g])),
        key=lambda x: (_hops(prev, x), loads[x] if over else -loads[x]),
    )
    for t in targets[:12]:
        path = [t]
        while prev[path[-1]] is not None:
            path.append(prev[path[-1]])
        path.reverse()  # g ... t
        if not over:
            path.reverse()  # t ... g: units flow from t towards g
        if _push(path, nbrs, w, grid, loads, mean, bound, ggraph):
            return True
    return False


def _hops(prev, x):
    n = 0
    while prev[x] is not None:
        x = prev[x]
        n += 1
    return n


def _push(path, nbrs, w, grid, loads, mean, bound, ggraph) -> bool:
    """Move one unit across each step of ``path`` (source first), last step first; keep
    it only if every grid on the path ends nearer the mean than ``bound``."""
    src, dst = path[0], path[-1]
    want = (loads[src] - loads[dst]) / 2
    moved: list[tuple[int, int, int]] = []
    for a, b in reversed(list(itertools.pairwise(path))):
        best = None
        for u in np.flatnonzero(grid == a).tolist():
            inb = sum(1 for v in nbrs[u] if grid[v] == b)
            if inb == 0:
                continue
            if w[u] >= 2 * want + 1e-12 and len(path) == 2:
                continue
            score = (abs(w[u] - want), -inb)
            if best is None or score < best[0]:
                best = (score, u)
        if best is None:
            _undo(moved, grid, loads, w)
            return False
        u = best[1]
        if not connected_without(nbrs, grid, a, {u}, u):
            # try the next best that keeps a connected
            cands = sorted(
                (u2 for u2 in np.flatnonzero(grid == a).tolist()
                 if any(grid[v] == b for v in nbrs[u2])),
                key=lambda u2: abs(w[u2] - want),
            )  # fmt: skip
            u = next((c for c in cands[:20] if connected_without(nbrs, grid, a, {c}, c)), None)
            if u is None:
                _undo(moved, grid, loads, w)
                return False
        grid[u] = b
        loads[a] -= w[u]
        loads[b] += w[u]
        moved.append((u, a, b))
    if all(abs(loads[x] - mean) < bound - 1e-12 for x in path):
        for u, _a, b in moved:
            for v in nbrs[u]:
                gv = grid[v]
                if gv != b:
                    ggraph[b].add(gv)
                    ggraph[gv].add(b)
        return True
    _undo(moved, grid, loads, w)
    return False


def _undo(moved, grid, loads, w):
    for u, a, b in reversed(moved):
        grid[u] = a
        loads[a] += w[u]
        loads[b] -= w[u]
