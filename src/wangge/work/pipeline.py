"""Opportunities: record one, move it through the stages, close it won or lost; the
pipeline per grid and person and the conversion rates (computed by
``wangge.core.work.opportunities``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.core.work import opportunities as core
from wangge.org.scope import may
from wangge.work.access import may_move_opportunity, person_of
from wangge.work.models import Opportunity, StageMove
from wangge.work.placement import check_person, check_subject, check_unit
from wangge.work.refusals import WorkRefused, outcome_message, stage_move_message


def _author(user):
    return user if user is not None and user.is_authenticated else None


def create_opportunity(
    user, *, unit, name, kind, owner=None, team=(), stage=core.CULTIVATE, **fields
) -> Opportunity:
    """A new opportunity owned by ``owner`` (default: the author), its first stage
    recorded as a move from nowhere so that the history starts where it started."""
    if not may(user, "work.sell"):
        raise WorkRefused("name", _("You may not record opportunities."))
    if not name or not name.strip():
        raise WorkRefused("name", _("An opportunity needs a name."))
    if stage == core.RECULTIVATE:
        raise WorkRefused("stage", _("A new opportunity cannot start at re-cultivation."))
    owner = owner or person_of(user)
    if owner is None:
        raise WorkRefused("owner", _("Choose the owner of the opportunity."))
    if int(fields.get("value_cents") or 0) < 0:
        raise WorkRefused("value", _("The value cannot be negative."))
    check_unit(user, unit)
    check_person(user, owner, unit, "owner")
    for member in team:
        check_person(user, member, unit, "team")
    check_subject(user, unit, fields.get("customer"), fields.get("place"))
    with transaction.atomic():
        opp = Opportunity.objects.create(
            unit=unit,
            name=name.strip(),
            kind=kind,
            owner=owner,
            stage=stage,
            created_by=_author(user),
            **fields,
        )
        opp.team.set(team)
        StageMove.objects.create(
            opportunity=opp, from_stage="", to_stage=stage, moved_by=_author(user)
        )
    return opp


def move_stage(user, opp: Opportunity, target: str, reason: str = "") -> Opportunity:
    """``opp`` to ``target``; backwards needs a reason. Refused: nothing is written."""
    if not may_move_opportunity(user, opp):
        raise WorkRefused("stage", _("Only the owner, the team or a manager may move it."))
    if opp.outcome != core.OPEN:
        raise WorkRefused("stage", _("The opportunity is closed."))
    refusal = core.check_move(opp.stage, target, reason)
    if refusal is not None:
        field = "reason" if refusal.rule == "reason_required" else "stage"
        raise WorkRefused(field, stage_move_message(refusal))
    with transaction.atomic():
        locked = Opportunity.objects.select_for_update().get(pk=opp.pk)
        if locked.stage != opp.stage:
            raise WorkRefused("stage", _("The opportunity was moved meanwhile; reload it."))
        StageMove.objects.create(
            opportunity=locked,
            from_stage=locked.stage,
            to_stage=target,
            reason=reason.strip(),
            moved_by=_author(user),
            moved_at=timezone.now(),
        )
        locked.stage = target
        locked.save()
    return locked


def close(user, opp: Opportunity, outcome: str, reason: str) -> Opportunity:
    if not may_move_opportunity(user, opp):
        raise WorkRefused("outcome", _("Only the owner, the team or a manager may close it."))
    if opp.outcome != core.OPEN:
        raise WorkRefused("outcome", _("The opportunity is closed."))
    rule = core.check_outcome(outcome, reason)
    if rule is not None:
        raise WorkRefused(
            "reason" if rule == "reason_required" else "outcome", outcome_message(rule)
        )
    with transaction.atomic():
        opp.outcome = outcome
        opp.outcome_reason = reason.strip()
        opp.save()
    return opp


@dataclass(frozen=True)
class BoardRow:
    """One grid or person on the board: the core's figures per stage."""

    key: int
    name: str
    stages: list[core.StageFigures]

    @property
    def count(self) -> int:
        return sum(s.count for s in self.stages)

    @property
    def value_cents(self) -> int:
        return sum(s.value_cents for s in self.stages)


def board(qs, by: str) -> list[BoardRow]:
    """The open opportunities of ``qs`` per grid (``by="unit"``) or owner (``"owner"``)."""
    rows = defaultdict(list)
    names = {}
    for key, name, stage, value in qs.filter(outcome=core.OPEN).values_list(
        f"{by}_id", f"{by}__name", "stage", "value_cents"
    ):
        rows[key].append((stage, value))
        names[key] = name
    return [
        BoardRow(key, names[key], core.pipeline(rows[key]))
        for key in sorted(rows, key=lambda k: names[k])
    ]


def totals(qs) -> list[core.StageFigures]:
    return core.pipeline(qs.filter(outcome=core.OPEN).values_list("stage", "value_cents"))


def conversion(qs) -> list[core.Conversion]:
    """Conversion by stage and kind over every opportunity of ``qs`` (closed ones too),
    from the stages each has been in (its moves)."""
    reached = defaultdict(set)
    kinds = {}
    for pk, kind, stage in qs.values_list("pk", "kind", "stage"):
        kinds[pk] = kind
        reached[pk].add(stage)
    moves = StageMove.objects.filter(opportunity__in=qs.values("pk"))
    for pk, to_stage in moves.values_list("opportunity_id", "to_stage"):
        reached[pk].add(to_stage)
    return core.conversion((kinds[pk], reached[pk]) for pk in kinds)
