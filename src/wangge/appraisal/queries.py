"""What pages, API and exports ask of the appraisal data, each answered once.

Scope: a person sees the cards and derivations of the units they see today and
of the people who, on the month's last day (the organisation the month was closed
on), were assigned to one of those units; their own card always. Scope is today's
(``wangge.org.scope``): someone who moved on no longer reads the old unit's cards.

Rankings are different on purpose: a grid manager sees
the whole ranking list of their scheme's peers (name, total, rank: the
leaderboard the front line competes on) but not the other grids' cards or
derivations. Drafts are seen by those who close, adjust and audit (marketing,
center directors, auditors); everyone else sees published months only.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from wangge.appraisal.models import AppraisalRun, ItemScore, RunStatus, ScoreCard
from wangge.core import appraisal as core
from wangge.core.months import add_months
from wangge.org.scope import may

#: item key → the evidence kind of the analytics layer that lists its rows
EVIDENCE_OF = {
    "development": "new_adds",
    "churn": "churned",
    "arrears": "arrears",
    "revenue_growth": "revenue",
    "input_output": "inputs",
}


def can_manage(user) -> bool:
    """May close, publish, decompose and seed (the marketing department)."""
    return may(user, "appraisal.manage")


def can_adjust(user) -> bool:
    """May adjust targets, enter judgement scores and run what-ifs."""
    return may(user, "appraisal.adjust")


def sees_drafts(user) -> bool:
    """May see unpublished runs (those who close, adjust and audit)."""
    return may(user, "appraisal.see_drafts")


def runs_for(user):
    return AppraisalRun.objects.visible_to(user)


def month_run(user, month: date | None) -> AppraisalRun | None:
    """The run a viewer sees for ``month`` (default: the latest month they may see)."""
    qs = runs_for(user)
    if month is not None:
        qs = qs.filter(month=core.month_start(month))
    return qs.order_by("-month", "-version").first()


def cards_for(user, run: AppraisalRun):
    """The cards of ``run`` the viewer may open: today's units, the month-end people."""
    return ScoreCard.objects.filter(run=run).visible_to(user, core.month_end(run.month))


def card_for(user, pk: int) -> ScoreCard | None:
    card = ScoreCard.objects.select_related("run", "unit", "person").filter(pk=pk).first()
    if card is None or not runs_for(user).filter(pk=card.run_id).exists():
        return None
    if not cards_for(user, card.run).filter(pk=pk).exists():
        return None
    return card


def item_for(user, pk: int) -> ItemScore | None:
    item = ItemScore.objects.select_related("card").filter(pk=pk).first()
    if item is None or card_for(user, item.card_id) is None:
        return None
    return item


def ranking(run: AppraisalRun, scheme_code: str, visible_ids: set[int]) -> list[dict[str, Any]]:
    """The scheme's leaderboard: every peer's name, total and rank; ``open`` if the
    viewer may open that card."""
    rows = []
    for c in (
        ScoreCard.objects.filter(run=run, scheme_code=scheme_code)
        .select_related("unit", "person")
        .order_by("rank", "label")
    ):
        rows.append(
            {
                "id": c.pk,
                "label": c.label,
                "code": c.unit.code if c.unit_id else c.person.staff_no,
                "total": c.total,
                "rank": c.rank,
                "peers": c.peers,
                "open": c.pk in visible_ids,
                "subject": ("unit", c.unit_id) if c.unit_id else ("person", c.person_id),
            }
        )
    return rows


def trends(
    run: AppraisalRun, subjects: list[tuple[str, int]], months: int = 6
) -> dict[tuple[str, int], list[float | None]]:
    """Each subject's total over the last ``months`` published months up to the run's."""
    start = add_months(run.month, -(months - 1))
    latest: dict[date, AppraisalRun] = {}
    for r in AppraisalRun.objects.filter(
        month__gte=start, month__lt=run.month, status=RunStatus.PUBLISHED
    ).order_by("month", "version"):
        latest[r.month] = r
    latest[run.month] = run
    month_list = [add_months(start, k) for k in range(months)]
    units = [ref for kind, ref in subjects if kind == "unit"]
    people = [ref for kind, ref in subjects if kind == "person"]
    values: dict[tuple[str, int], dict[date, float]] = defaultdict(dict)
    run_month = {r.pk: m for m, r in latest.items()}
    for c in (
        ScoreCard.objects.ordinary()
        .filter(run__in=list(latest.values()), unit_id__in=units)
        .values("run_id", "unit_id", "total")
    ):
        values["unit", c["unit_id"]][run_month[c["run_id"]]] = float(c["total"])
    for c in ScoreCard.objects.filter(run__in=list(latest.values()), person_id__in=people).values(
        "run_id", "person_id", "total"
    ):
        values["person", c["person_id"]][run_month[c["run_id"]]] = float(c["total"])
    return {s: [values[s].get(m) for m in month_list] for s in subjects}
