"""The grid designer and the re-cut on the web: start a proposal for an area, run it in
the background, accept it through the organisation's effective-dated reorganisation.

Accepting never edits a link directly: the places that change grid (and whatever other
apps register to follow their places, see ``register_follower``) go to
``wangge.org.reorganise.reorganise`` as one plan on the chosen day, new grids are opened
and emptied grids closed in the same run, and each proposed grid's boundary is kept as a
``GridShape`` from that day, so the map of an earlier day still shows the old grids.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np
from django.db import transaction
from django.utils.translation import gettext as _

from wangge.jobs.models import Job
from wangge.org.dated import today
from wangge.org.models import Unit, UnitKind
from wangge.org.reorganise import CodedMove, NewUnit, reorganise
from wangge.org.scope import unit_tree
from wangge.territory.choices import ProposalStatus
from wangge.territory.models import GridShape, PlaceGrid, PlaceKind, Proposal
from wangge.territory.shapes import boundaries_on

#: the kinds of place that may be fixed as grids of their own (cluster first)
FIXABLE = (PlaceKind.PARK, PlaceKind.CAMPUS, PlaceKind.CLUSTER_MARKET)
AREA_KINDS = (UnitKind.CITY, UnitKind.CENTER, UnitKind.COUNTY, UnitKind.AREA)
#: seconds the background run may spend balancing (the designer) or solving (the re-cut)
RUN_SECONDS = 120.0

#: functions(moved places {code: (old grid code, new grid code)}, day) -> [CodedMove]
_FOLLOWERS: list[Callable[[dict[str, tuple[str, str]], date], list[CodedMove]]] = []


class ProposalRefused(Exception):
    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def register_follower(fn) -> None:
    """Let an app above territory move its rows with their places (customers with the
    place they live in): ``fn(moved, day)`` returns the moves to add to the plan."""
    if fn not in _FOLLOWERS:
        _FOLLOWERS.append(fn)


def workload(households: int, enterprises: int) -> float:
    """A place's workload: its households, five per enterprise, and one for the visit."""
    return float(households + 5 * enterprises + 1)


def grids_of(area: Unit, day: date) -> list[Unit]:
    """The grids under ``area`` (at any depth) on ``day``."""
    tree = unit_tree(day)
    children: dict[int, list[int]] = {}
    for child, parent in tree.items():
        children.setdefault(parent, []).append(child)
    ids, stack = [], [area.id]
    while stack:
        u = stack.pop()
        for c in children.get(u, []):
            ids.append(c)
            stack.append(c)
    return list(Unit.objects.filter(id__in=ids, kind=UnitKind.GRID).order_by("code"))


def area_input(area: Unit, day: date, fixed_kinds: list[str]):
    """The core's ``Area``: today's grids with a boundary and their places."""
    import shapely.geometry

    from wangge.core.territory.proposal import Area

    grids = grids_of(area, day)
    shapes = boundaries_on(grids, day)
    drawn = [g for g in grids if shapes[g.id]]
    index = {g.id: i for i, g in enumerate(drawn)}
    links = (
        PlaceGrid.objects.as_of(day)
        .filter(grid_id__in=index)
        .select_related("place")
        .order_by("place__code")
    )
    codes, lonlat, where, work, fixed = [], [], [], [], []
    for link in links:
        p = link.place
        codes.append(p.code)
        lonlat.append((p.lon, p.lat))
        where.append(index[link.grid_id])
        work.append(workload(p.households, p.enterprises))
        fixed.append(p.kind in fixed_kinds)
    return Area(
        grid_codes=[g.code for g in drawn],
        grid_shapes=[shapely.geometry.shape(shapes[g.id]) for g in drawn],
        place_codes=codes,
        lonlat=np.asarray(lonlat, dtype=float).reshape(-1, 2),
        place_grid=np.asarray(where, dtype=np.int64),
        workload=np.asarray(work, dtype=float),
        fixed=np.asarray(fixed, dtype=bool),
    )


def start(user, area: Unit, mode: str, k: int, tolerance: float, fixed_kinds: list[str]):
    """Record the proposal and its job, and hand the run to the background."""
    from wangge.territory.tasks import run_proposal

    job = Job.objects.create(
        kind="territory_proposal",
        title=_("Grid proposal for %(area)s") % {"area": area.name},
        started_by=user,
    )
    proposal = Proposal.objects.create(
        area=area, mode=mode, k=k, tolerance=tolerance, fixed_kinds=list(fixed_kinds),
        job=job, created_by=user,
    )  # fmt: skip
    run_proposal.enqueue(proposal.id)
    return proposal


def run(proposal_id: int, progress=None) -> Proposal:
    """Compute the proposal (what the background task does); a refusal is kept on it."""
    from wangge.core.territory import TerritoryError
    from wangge.core.territory.proposal import propose

    proposal = Proposal.objects.select_related("area").get(pk=proposal_id)
    try:
        area = area_input(proposal.area, today(), proposal.fixed_kinds)
        result = propose(area, proposal.k, proposal.tolerance, proposal.mode,
                         time_limit=RUN_SECONDS, progress=progress)  # fmt: skip
    except TerritoryError as exc:
        proposal.status, proposal.message = ProposalStatus.FAILED, str(exc)
        proposal.save(update_fields=["status", "message"])
        return proposal
    proposal.status, proposal.result = ProposalStatus.READY, result
    proposal.save(update_fields=["status", "result"])
    return proposal


def new_grid_code(area: Unit, proposal: Proposal, n: int) -> str:
    return f"{area.code}-P{proposal.pk}-{n}"


@transaction.atomic
def accept(user, proposal: Proposal, day: date):
    """Apply the proposal on ``day`` as one reorganisation; refuse it whole on a problem."""
    from wangge.core.org import OrgError

    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.READY:
        raise ProposalRefused(None, _("Only a ready proposal can be accepted."))
    if day < today():
        raise ProposalRefused("day", _("The effective day cannot be in the past."))
    area, result = proposal.area, proposal.result
    codes = []
    create = []
    for n, g in enumerate(result["grids"], start=1):
        code = g["code"]
        if code is None:
            code = new_grid_code(area, proposal, n)
            name = _("%(area)s new grid %(n)s") % {"area": area.name, "n": n}
            create.append(NewUnit(code, UnitKind.GRID, area.code, name))
        codes.append(code)
    moved = {m["place"]: (m["from"], codes[m["to_grid"]]) for m in result["moves"]}
    moves = [CodedMove("place", place, new) for place, (_old, new) in moved.items()]
    for follow in _FOLLOWERS:
        moves.extend(follow(moved, day))
    try:
        done = reorganise(moves, day, user, create=create, close=result["closed"])
    except OrgError as exc:
        raise ProposalRefused(None, str(exc)) from exc
    grids = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    for code, g in zip(codes, result["grids"], strict=True):
        grid = grids[code]
        for old in GridShape.objects.filter(grid=grid, valid_to__isnull=True):
            if old.valid_from >= day:
                old.delete()
            else:
                old.valid_to = day
                old.save(update_fields=["valid_to"])
        GridShape.objects.create(grid=grid, boundary=g["shape"], valid_from=day)
    proposal.status = ProposalStatus.ACCEPTED
    proposal.accepted_by, proposal.accepted_day = user, day
    proposal.reorganisation = done.record
    proposal.save(update_fields=["status", "accepted_by", "accepted_day", "reorganisation"])
    return done
