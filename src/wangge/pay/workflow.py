"""The distribution workflow: draft, save, submit, approve or return.

No pay rule is decided here: the core checks every split (``evaluate``), and a
version is written all or nothing. Who may do each step is ``wangge.pay.access``
(``may_draft``, ``may_approve``); an approved version is locked, and the next draft
is a correction starting from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from wangge.core import pay as core
from wangge.notices.choices import NoticeKind
from wangge.notices.services import notify, users_who_may
from wangge.org.models import Unit
from wangge.pay.access import may_approve, may_draft
from wangge.pay.config import config, distribution_config
from wangge.pay.models import (
    Distribution,
    DistributionLocked,
    DistributionStatus,
    PayLine,
    SalePoints,
)
from wangge.pay.points import points_and_clawbacks
from wangge.pay.pools import as_decimal
from wangge.pay.presentation import describe
from wangge.pay.refusals import PayRefused, amount_problem
from wangge.pay.staffing import TeamInput, load_team
from wangge.pay.versions import allocations_of, open_version


@dataclass
class Evaluation:
    """A what-if: the team, the core's draft (or None) and every broken rule in words."""

    ti: TeamInput
    draft: core.Distribution | None
    violations: list[core.Violation]
    messages: list[str]

    @property
    def ok(self) -> bool:
        return self.draft is not None and not self.messages


Allocations = Mapping[int, tuple[int, str]]


def evaluate(
    unit: Unit,
    month: date,
    allocations: Allocations,
    post_overrides: Mapping[str, str] | None = None,
    ti: TeamInput | None = None,
) -> Evaluation:
    """Run the core's checks on a proposed discretionary split; writes nothing."""
    cfg = config()
    ti = ti or load_team(unit, month, cfg)
    allocs = {pid: core.Allocation(int(c), r or "") for pid, (c, r) in allocations.items()}
    draft, violations = core.evaluate(ti.team, allocs, distribution_config(cfg, post_overrides))
    units = {unit.pk: unit}
    messages = list(ti.problems) + [describe(v, units, ti.people) for v in violations]
    return Evaluation(ti, draft, violations, messages)


def _refuse_unless(ok: bool, message: str) -> None:
    if not ok:
        raise PayRefused([message])


@transaction.atomic
def start_draft(user, unit: Unit, month: date) -> Distribution:
    """The unit's open version, or a new draft with a proposed discretionary split.

    After an approval the next draft is a correction: a new version starting
    from the approved split, shown later as a diff against it.
    """
    _refuse_unless(
        may_draft(user, unit),
        _("%(unit)s: only the unit's director drafts its distribution") % {"unit": unit.name},
    )
    current = open_version(unit, month)
    if current is not None:
        return current
    last = Distribution.objects.filter(unit=unit, month=month).order_by("-version").first()
    ti = load_team(unit, month)
    if ti.problems:
        raise PayRefused(ti.problems)
    if last is not None:
        allocations = allocations_of(last)
    else:
        try:
            proposed = core.propose_discretionary(ti.team, distribution_config(config()))
        except core.PayError as exc:
            raise PayRefused(
                [describe(v, {unit.pk: unit}, ti.people) for v in exc.violations]
            ) from exc
        allocations = {
            pid: (a.cents, _("proposed: floors first, then by formula weight within the cap"))
            for pid, a in proposed.items()
            if a.cents
        }
    dist = Distribution(
        month=month,
        unit=unit,
        version=(last.version + 1) if last else 1,
        pool_cents=ti.pool.pool_cents,
        drafted_by=user,
        drafted_at=timezone.now(),
    )
    return _write(dist, ti, allocations)


def _write(dist: Distribution, ti: TeamInput, allocations: Allocations) -> Distribution:
    """Check with the core and write the version's lines; refused → nothing written."""
    too_large = [
        f"{ti.unit.name} · {ti.people[pid].name} ({ti.people[pid].staff_no}): {problem}"
        for pid, (cents, _reason) in allocations.items()
        if pid in ti.people and (problem := amount_problem(cents, "allocation"))
    ]
    if too_large:
        raise PayRefused(too_large)
    ev = evaluate(ti.unit, ti.month, allocations, ti=ti)
    if not ev.ok:
        raise PayRefused(ev.messages or [_("the distribution cannot be computed")])
    draft = ev.draft
    pts = points_and_clawbacks(ti)
    dist.pool_cents = draft.pool_cents
    dist.formula_part_cents = draft.formula_part_cents
    dist.discretionary_part_cents = draft.discretionary_part_cents
    dist.returned_cents = draft.returned_cents
    dist.save()
    dist.lines.all().delete()
    dist.sales.all().delete()
    cards = ti.cards
    rows = []
    for line in [*draft.lines, *pts.lines]:
        der = line.derivation.to_dict()
        card = cards.get(line.person_id)
        if line.component == core.FORMULA and card is not None:
            der["scorecard"] = {
                "id": card.pk,
                "total": str(card.total),
                "quantitative": str(card.quantitative),
                "qualitative": str(card.qualitative),
                "rank": str(card.rank),
                "peers": card.peers,
                "scheme": card.scheme_code,
                "run_version": ti.pool.appraisal_run.version,
            }
        sub_id = None
        if line.component == core.CLAWBACK:
            sub_id = int(line.item)
        rows.append(
            PayLine(
                distribution=dist,
                person_id=line.person_id,
                component=line.component,
                item=line.item,
                amount_cents=line.cents,
                reason=line.reason,
                derivation=der,
                subscription_id=sub_id,
            )
        )
    if dist.status == DistributionStatus.APPROVED:  # the guard a bulk insert skips
        raise DistributionLocked(f"{dist} is approved and locked")
    bulk_create_with_history(rows, PayLine, batch_size=1000, default_user=dist.drafted_by)
    sales = [
        SalePoints(
            distribution=dist,
            person_id=pid,
            subscription_id=sid,
            scheme=scheme,
            points=as_decimal(points, 2),
            amount_cents=cents,
        )
        for pid, sid, scheme, points, cents in pts.sales
    ]
    bulk_create_with_history(sales, SalePoints, batch_size=1000, default_user=dist.drafted_by)
    return dist


@transaction.atomic
def save_draft(user, dist: Distribution, allocations: Allocations) -> Distribution:
    """Keep the director's split if the rules hold; refused → nothing written."""
    dist = Distribution.objects.select_for_update().get(pk=dist.pk)
    _refuse_unless(
        may_draft(user, dist.unit),
        _("%(unit)s: only the unit's director drafts its distribution") % {"unit": dist.unit.name},
    )
    _refuse_unless(
        dist.status in (DistributionStatus.DRAFT, DistributionStatus.RETURNED),
        _("%(d)s is %(s)s: only a draft or a returned version can change")
        % {"d": dist, "s": dist.get_status_display()},
    )
    ti = load_team(dist.unit, dist.month)
    if ti.problems:
        raise PayRefused(ti.problems)
    dist.status = DistributionStatus.DRAFT
    dist.drafted_by = user
    dist.drafted_at = timezone.now()
    return _write(dist, ti, allocations)


@transaction.atomic
def submit(user, dist: Distribution, allocations: Allocations | None = None) -> Distribution:
    """Save (when a split is given) and send to the marketing department."""
    if allocations is not None:
        dist = save_draft(user, dist, allocations)
    dist = Distribution.objects.select_for_update().get(pk=dist.pk)
    _refuse_unless(
        may_draft(user, dist.unit),
        _("%(unit)s: only the unit's director submits its distribution") % {"unit": dist.unit.name},
    )
    _refuse_unless(
        dist.status == DistributionStatus.DRAFT,
        _("%(d)s is %(s)s: only a draft can be submitted")
        % {"d": dist, "s": dist.get_status_display()},
    )
    ev = evaluate(dist.unit, dist.month, allocations_of(dist))
    if not ev.ok:
        raise PayRefused(ev.messages)
    dist.status = DistributionStatus.SUBMITTED
    dist.submitted_at = timezone.now()
    dist.save()
    notify(
        users_who_may("pay.approve"),
        NoticeKind.DISTRIBUTION_SUBMITTED,
        _notice_params(dist),
        url=reverse("pay:distribution", kwargs={"pk": dist.pk}),
    )
    return dist


@transaction.atomic
def decide(user, dist: Distribution, approve: bool, comment: str = "") -> Distribution:
    """The marketing department approves (locks) or returns with a comment."""
    dist = Distribution.objects.select_for_update().get(pk=dist.pk)
    _refuse_unless(may_approve(user), _("only the marketing department approves distributions"))
    _refuse_unless(
        dist.status == DistributionStatus.SUBMITTED,
        _("%(d)s is %(s)s: only a submitted version can be approved or returned")
        % {"d": dist, "s": dist.get_status_display()},
    )
    comment = (comment or "").strip()
    if not approve:
        _refuse_unless(bool(comment), _("%(d)s: returning needs a comment") % {"d": dist})
    dist.status = DistributionStatus.APPROVED if approve else DistributionStatus.RETURNED
    dist.approved_by = user
    dist.approved_at = timezone.now()
    dist.comment = comment
    dist.save()
    notify(
        [dist.drafted_by],
        NoticeKind.DISTRIBUTION_APPROVED if approve else NoticeKind.DISTRIBUTION_RETURNED,
        _notice_params(dist),
        url=reverse("pay:distribution", kwargs={"pk": dist.pk}),
    )
    return dist


def _notice_params(dist: Distribution) -> dict:
    return {
        "unit": dist.unit.name,
        "month": f"{dist.month:%Y-%m}",
        "version": dist.version,
        "comment": dist.comment,
    }
