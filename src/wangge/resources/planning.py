"""Budgets, requests and the month's allocation: proposed by the optimiser, edited line
by line with a reason, accepted. Loads from the database, calls
``wangge.core.resources``, writes all or nothing."""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import date
from fractions import Fraction

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.core.formatting import yuan
from wangge.core.months import add_months
from wangge.core.resources import allocate as core
from wangge.core.resources.kinds import PURPOSES
from wangge.core.resources.loop import DEFAULT_WINDOW_DAYS, attribute
from wangge.core.resources.response import fit, pooled_rate
from wangge.org.models import Unit
from wangge.org.scope import may
from wangge.resources import records
from wangge.resources.choices import PlanStatus
from wangge.resources.models import Budget, Plan, PlanEdit, PlanLine, Request
from wangge.resources.refusals import ResourcesRefused, allocation_message, kind_label

#: months of history the response curves are fitted from
HISTORY_MONTHS = 12
#: the return assumed for a kind nobody has history of: a yuan in returns a yuan out
NO_HISTORY_RATE = 1.0


def _need(user, action: str) -> None:
    if not may(user, action):
        raise PermissionDenied


@transaction.atomic
def set_budget(user, month: date, kind: str, amount_cents: int, base_share=None) -> Budget:
    _need(user, "resources.allocate")
    if amount_cents < 0:
        raise ResourcesRefused("amount_cents", _("A budget cannot be negative."))
    if base_share is not None and not 0 <= Fraction(str(base_share)) <= 1:
        raise ResourcesRefused("base_share", _("The base share must lie between 0 and 1."))
    defaults = {"amount_cents": amount_cents}
    if base_share is not None:
        defaults["base_share"] = base_share
    budget, _created = Budget.objects.update_or_create(month=month, kind=kind, defaults=defaults)
    return budget


@transaction.atomic
def ask(user, unit: Unit, month: date, kind: str, amount_cents: int, min_cents: int = 0,
        reason: str = "") -> Request:  # fmt: skip
    """A unit in the asker's scope asks for a kind (one request per unit, month, kind)."""
    _need(user, "resources.request")
    if not Unit.objects.visible_to(user).filter(pk=unit.pk).exists():
        raise ResourcesRefused("unit", _("That unit is not in your scope."))
    if amount_cents <= 0:
        raise ResourcesRefused("amount_cents", _("The amount asked must be more than zero."))
    if not 0 <= min_cents <= amount_cents:
        raise ResourcesRefused(
            "min_cents", _("The least needed must lie between zero and the amount asked.")
        )
    person = getattr(user, "person", None) if user is not None else None
    req, _created = Request.objects.update_or_create(
        unit=unit, month=month, kind=kind,
        defaults={"amount_cents": amount_cents, "min_cents": min_cents, "reason": reason,
                  "requested_by": person},
    )  # fmt: skip
    return req


def history(month: date) -> dict[tuple[int, str, str], list[tuple[int, int]]]:
    """(unit, kind, purpose) → its months of (input, attributed revenue) before ``month``."""
    start = add_months(month, -HISTORY_MONTHS)
    uses = records.uses(day__gte=start, day__lt=month)
    results = records.results(day__gte=start, day__lt=month)
    credits = attribute(uses.values(), results, window_days=DEFAULT_WINDOW_DAYS)
    spent: dict[tuple, int] = defaultdict(int)
    earned: dict[tuple, int] = defaultdict(int)
    for u in uses.values():
        spent[(u.unit, u.kind, records.purpose_of(u), u.day.replace(day=1))] += u.cents
    for c in credits:
        u = uses[c.use]
        earned[(u.unit, u.kind, records.purpose_of(u), u.day.replace(day=1))] += c.cents
    out: dict[tuple, list] = defaultdict(list)
    for key in sorted(spent, key=lambda k: (k[0], k[1], k[2], k[3])):
        out[key[:3]].append((spent[key], earned[key]))
    return out


def problem_of(month: date, *, curves: bool = True) -> tuple[core.Problem, dict[int, str]]:
    """The month's optimisation problem: budgets, one line per request (its maximum the
    amount asked, its minimum the least needed), curves fitted from history."""
    budgets = {b.kind: b for b in Budget.objects.filter(month=month)}
    requests = list(
        Request.objects.filter(month=month, kind__in=list(budgets)).select_related("unit")
    )
    names = {r.unit_id: r.unit.name for r in requests}
    past = history(month) if curves else {}
    pooled, typical = {}, {}
    for kind in budgets:
        for purpose in PURPOSES:
            hs = [h for (_, k, p), h in past.items() if k == kind and p == purpose]
            rate = pooled_rate(hs)
            pooled[(kind, purpose)] = rate if rate > 0 else NO_HISTORY_RATE
            means = [sum(x for x, _ in h) / len(h) for h in hs if h]
            typical[(kind, purpose)] = statistics.median(means) if means else None
    lines = []
    for r in requests:
        made = {}
        for purpose in PURPOSES:
            if not curves:
                made[purpose] = core.Curve.linear(0.0, r.amount_cents)
                continue
            default = typical[(r.kind, purpose)] or r.amount_cents / 2
            made[purpose] = fit(
                past.get((r.unit_id, r.kind, purpose), []),
                capacity=r.amount_cents,
                pooled=pooled[(r.kind, purpose)],
                default_input=default,
            ).curve
        lines.append(
            core.Line(r.unit_id, r.kind, base=made["base"], growth=made["growth"],
                      min_cents=r.min_cents, max_cents=r.amount_cents)
        )  # fmt: skip
    room = defaultdict(int)
    for r in requests:
        room[r.kind] += r.amount_cents
    problem = core.Problem(
        {k: b.amount_cents for k, b in budgets.items()},
        lines,
        base_share={k: Fraction(str(b.base_share)) for k, b in budgets.items()},
        place_all=frozenset(k for k, b in budgets.items() if room[k] >= b.amount_cents),
    )
    return problem, names


def last_period(month: date) -> dict[tuple[int, str, str], int]:
    """The accepted allocation of the month before, by (unit, kind, purpose)."""
    plan = Plan.objects.filter(month=add_months(month, -1), status=PlanStatus.ACCEPTED).first()
    if plan is None:
        return {}
    return {(x.unit_id, x.kind, x.purpose): x.cents for x in plan.lines.all()}


@transaction.atomic
def propose(user, month: date) -> Plan:
    """Run the optimiser for ``month`` and keep its answer as a proposed plan."""
    _need(user, "resources.allocate")
    if Plan.objects.filter(month=month, status=PlanStatus.ACCEPTED).exists():
        raise ResourcesRefused("month", _("The allocation of this month is already accepted."))
    if not Budget.objects.filter(month=month).exists():
        raise ResourcesRefused("month", _("There is no resource budget for this month."))
    problem, names = problem_of(month)
    if not problem.lines:
        raise ResourcesRefused("month", _("No unit has asked for resources this month."))
    try:
        result = core.allocate(problem)
    except core.AllocationRefused as err:
        raise ResourcesRefused("month", allocation_message(err, names)) from err
    before = last_period(month)
    curve_of = {(x.unit, x.kind, "base"): x.base for x in problem.lines}
    curve_of |= {(x.unit, x.kind, "growth"): x.growth for x in problem.lines}
    plan = Plan.objects.create(
        month=month, objective_cents=round(result.objective), created_by=_user(user)
    )
    PlanLine.objects.bulk_create(
        PlanLine(plan=plan, unit_id=unit, kind=kind, purpose=purpose, proposed_cents=c, cents=c,
                 last_cents=before.get((unit, kind, purpose), 0),
                 expected_cents=round(curve_of[(unit, kind, purpose)].value(c)))
        for (unit, kind, purpose), c in sorted(result.cents.items())
    )  # fmt: skip
    return plan


def _user(user):
    return user if user is not None and user.is_authenticated else None


def breach_message(breach, names: dict[int, str]) -> str:
    f = {
        "unit": names.get(breach.unit, ""),
        "kind": kind_label(breach.kind),
        "total": yuan(breach.total),
        "limit": yuan(breach.limit),
    }
    wording = {
        "over_budget": _("%(kind)s: %(total)s would be over its budget %(limit)s."),
        "below_min": _("%(unit)s: %(kind)s %(total)s is below the least it needs, %(limit)s."),
        "above_max": _("%(unit)s: %(kind)s %(total)s is more than it asked for, %(limit)s."),
        "guard_rail": _(
            "%(kind)s: new business would receive %(total)s, more than the %(limit)s the "
            "guard rail for the existing base leaves."
        ),
    }
    return wording.get(breach.code, _("The allocation breaks a rule: %(kind)s.")) % f


def _current(plan: Plan) -> dict[tuple[int, str, str], int]:
    return {(x.unit_id, x.kind, x.purpose): x.cents for x in plan.lines.all()}


def _refuse_breaches(plan: Plan, cents, field: str) -> None:
    problem, names = problem_of(plan.month, curves=False)
    names.update(dict(Unit.objects.filter(pk__in={k[0] for k in cents}).values_list("pk", "name")))
    breaches = core.check(problem, cents)
    if breaches:
        raise ResourcesRefused(field, breach_message(breaches[0], names))


@transaction.atomic
def edit_line(user, line: PlanLine, cents: int, reason: str) -> PlanEdit:
    """Change one line of a proposed plan; the reason is required and kept."""
    _need(user, "resources.allocate")
    line = PlanLine.objects.select_for_update().select_related("plan").get(pk=line.pk)
    if line.plan.status != PlanStatus.PROPOSED:
        raise ResourcesRefused("cents", _("An accepted allocation cannot be edited."))
    reason = (reason or "").strip()
    if not reason:
        raise ResourcesRefused("reason", _("Say why the line is changed."))
    if not isinstance(cents, int) or cents < 0:
        raise ResourcesRefused("cents", _("The amount must be zero or more."))
    current = _current(line.plan)
    current[(line.unit_id, line.kind, line.purpose)] = cents
    _refuse_breaches(line.plan, current, "cents")
    edit = PlanEdit.objects.create(line=line, before_cents=line.cents, after_cents=cents,
                                   reason=reason, edited_by=_user(user))  # fmt: skip
    line.cents = cents
    line.save(update_fields=["cents"])
    return edit


@transaction.atomic
def accept(user, plan: Plan) -> Plan:
    """Accept the plan as it stands: it must still keep every rule."""
    _need(user, "resources.allocate")
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.PROPOSED:
        raise ResourcesRefused("plan", _("This allocation is already accepted."))
    if Plan.objects.filter(month=plan.month, status=PlanStatus.ACCEPTED).exists():
        raise ResourcesRefused("plan", _("Another allocation of this month is already accepted."))
    _refuse_breaches(plan, _current(plan), "plan")
    plan.status = PlanStatus.ACCEPTED
    plan.accepted_by = _user(user)
    plan.accepted_at = timezone.now()
    plan.save()
    return plan


def current_plan(month: date) -> Plan | None:
    """The accepted plan of the month, else its latest proposal."""
    plans = Plan.objects.filter(month=month)
    return plans.filter(status=PlanStatus.ACCEPTED).first() or plans.order_by("-id").first()
