"""The month's early warning: rule alerts, churn risk from the approved model version,
work orders for the owners, all or nothing.

``run_month`` is what ``wangge alerts run --month`` does. Re-running a month updates its
alerts in place (same customer, rule and month), removes the ones no longer raised that
nobody acted on, and creates a work order only for a customer who has none for that
month yet: nothing is duplicated and nothing done by a person is undone.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from wangge.alerts.models import Alert, AlertRun, ModelVersion
from wangge.alerts.wording import action_text, reason_text
from wangge.analytics.alerts import month_alerts
from wangge.core.alerts import plan, rules
from wangge.core.alerts.plan import CHURN_RISK, WorkOptions
from wangge.core.alerts.rules import AlertOptions
from wangge.core.churn.history import HistoryError
from wangge.customers.models import Customer, CustomerGrid
from wangge.org.dated import today
from wangge.org.models import Assignment, Post, Unit
from wangge.work.models import WorkOrder

#: who answers for a customer: the first of these posts assigned to its grid today
OWNER_POSTS = {
    "business": (Post.BUSINESS_MANAGER, Post.CUSTOMER_MANAGER, Post.GRID_MANAGER),
    "default": (Post.COMMUNITY_MANAGER, Post.CUSTOMER_MANAGER, Post.GRID_MANAGER),
}


def alert_options() -> AlertOptions:
    return AlertOptions.from_mapping(getattr(settings, "WANGGE_ALERT_OPTIONS", None))


def work_options() -> WorkOptions:
    return WorkOptions.from_mapping(getattr(settings, "WANGGE_ALERT_WORK", None))


@dataclass
class MonthResult:
    run: AlertRun
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def approved_version() -> ModelVersion | None:
    return ModelVersion.objects.filter(approved=True).order_by("-approved_at", "-pk").first()


def _risk(
    store: Path, month: date, engine, version: ModelVersion, work: WorkOptions, notes: list[str]
):
    """The month's per-customer risk from ``version``, or None with the reason noted;
    reasons only for the customers that become work orders (``top_risk_only``)."""
    from wangge.analytics.churn import month_features, score_month, top_risk_only

    try:
        rows = month_features(store, month, engine)
        model = pickle.loads(bytes(version.blob))
        return score_month(model, list(version.columns), rows, explain=top_risk_only(work))
    except HistoryError as exc:
        notes.append(f"model v{version.pk} not used: {exc}; the rules still ran")
        return None


def owner_of(customer: Customer, grid_id: int, day: date, cache: dict):
    key = (grid_id, customer.kind == "business")
    if key not in cache:
        posts = OWNER_POSTS["business" if key[1] else "default"]
        people = list(
            Assignment.objects.as_of(day)
            .filter(unit_id=grid_id, post__in=posts)
            .select_related("person")
            .order_by("valid_from", "pk")
        )
        found = None
        for post in posts:
            found = next((a.person for a in people if a.post == post), None)
            if found is not None:
                break
        cache[key] = found
    return cache[key]


def run_month(
    month: date,
    store: Path | None = None,
    engine: str | None = None,
    *,
    options: AlertOptions | None = None,
    work: WorkOptions | None = None,
    now: datetime | None = None,
) -> MonthResult:
    """Evaluate the rules and the approved model for ``month`` and turn them into work.

    Raises ``FileNotFoundError`` when the store holds no facts for the month (nothing
    is written then)."""
    from wangge.engines import default_store

    options = options or alert_options()
    work = work or work_options()
    store = Path(store or default_store())
    now = now or timezone.now()
    notes: list[str] = []
    table = month_alerts(store, month, engine, options)
    version = approved_version()
    risk = None
    if version is None:
        notes.append("no approved churn model version: rules only")
    else:
        risk = _risk(store, month, engine, version, work, notes)
    with translation.override("zh-hans"), transaction.atomic():
        result = _write(month, table.to_pylist(), risk, version, options, work, now, notes)
    return result


def _write(month, rule_rows, risk, version, options, work, now, notes) -> MonthResult:
    run, _ = AlertRun.objects.update_or_create(
        month=month,
        defaults={
            "model_version": version if risk is not None else None,
            "notes": notes,
            "options": {"rules": options.as_dict(), "work": work.as_dict()},
        },
    )
    rows: dict[tuple[int, str], dict] = {}
    risk_of: dict[int, float] = {}
    for r in rule_rows:
        reason = plan.rule_reason(
            r["rule"], month, r["figure"], r["baseline"], r["on_date"], options.guard_percent
        )
        rows[(r["customer_id"], r["rule"])] = {
            "grid_id": r["grid_id"],
            "level": r["level"],
            "subscription_id": r["subscription_id"],
            "figure": r["figure"],
            "baseline": r["baseline"],
            "on_date": r["on_date"],
            "reasons": [reason.as_dict()],
        }
    if risk is not None:
        for c, rk in zip(risk["customer_id"], risk["risk"], strict=True):
            risk_of[int(c)] = float(rk)
        reasons_of = dict(zip(risk["customer_id"], risk["reasons"], strict=True))
        subs_of = dict(zip(risk["customer_id"], risk["subscription_id"], strict=True))
        triples = [
            (int(c), None if g != g or g is None else int(g), float(rk))
            for c, g, rk in zip(risk["customer_id"], risk["grid_id"], risk["risk"], strict=True)
        ]
        for customer, grid, rk in plan.top_risk(triples, work):
            rows[(customer, CHURN_RISK)] = {
                "grid_id": grid,
                "level": plan.risk_level(rk, work),
                "subscription_id": int(subs_of[customer]),
                "figure": None,
                "baseline": None,
                "on_date": None,
                "reasons": [
                    plan.model_reason(x.feature, x.value).as_dict() for x in reasons_of[customer]
                ],
            }
    known = set(Customer.objects.filter(pk__in={c for c, _ in rows}).values_list("pk", flat=True))
    grids = set(Unit.objects.filter(pk__in={v["grid_id"] for v in rows.values()}).values_list(
        "pk", flat=True
    ))  # fmt: skip
    skipped = sum(1 for c, _ in rows if c not in known)
    if skipped:
        notes.append(f"{skipped} alerts name customers not in the database: left out")
    existing = {(a.customer_id, a.rule): a for a in Alert.objects.filter(month=month)}
    actions = getattr(settings, "WANGGE_ALERT_ACTIONS", None) or {}
    kept = set()
    for (customer, rule), v in rows.items():
        if customer not in known:
            continue
        fields = {
            "run": run,
            "unit_id": v["grid_id"] if v["grid_id"] in grids else None,
            "level": v["level"],
            "subscription_id": v["subscription_id"],
            "figure": v["figure"],
            "baseline": v["baseline"],
            "on_date": v["on_date"],
            "risk": risk_of.get(customer),
            "reasons": v["reasons"],
            "action": action_text(rule, actions),
            "holdout": plan.in_holdout(customer, month, work),
        }
        alert = existing.get((customer, rule))
        if alert is None:
            alert = Alert.objects.create(month=month, customer_id=customer, rule=rule, **fields)
        else:
            for k, val in fields.items():
                setattr(alert, k, val)
            alert.save()
        kept.add(alert.pk)
    stale = Alert.objects.filter(month=month).exclude(pk__in=kept)
    stale.filter(work_order__isnull=True, outcome="").delete()
    created = _work_orders(month, work, now, notes)
    alerts = Alert.objects.filter(month=month)
    counts = {
        "alerts": alerts.count(),
        "red": alerts.filter(level=rules.RED).count(),
        "yellow": alerts.filter(level=rules.YELLOW).count(),
        "guard": alerts.filter(level=rules.GUARD).count(),
        "churn_risk": alerts.filter(rule=CHURN_RISK).count(),
        "held_out_customers": alerts.filter(holdout=True).values("customer").distinct().count(),
        "work_orders_created": created,
        "work_orders": alerts.exclude(work_order=None).values("work_order").distinct().count(),
    }
    run.counts = counts
    run.notes = notes
    run.save(update_fields=["counts", "notes", "ran_at"])
    return MonthResult(run, notes, counts)


def _work_orders(month: date, work: WorkOptions, now: datetime, notes: list[str]) -> int:
    """One work order per alerted customer of the month (not held out, not on the guard
    list alone), for the customer's owner in its grid, with every reason and action."""
    day = today()
    start = timezone.localtime(now).date()
    owners: dict = {}
    by_customer: dict[int, list[Alert]] = {}
    for a in (
        Alert.objects.filter(month=month, holdout=False, unit__isnull=False)
        .select_related("customer", "unit")
        .order_by("customer_id", "pk")
    ):
        by_customer.setdefault(a.customer_id, []).append(a)
    created = no_owner = moved = 0
    for alerts in by_customer.values():
        ordered = sorted(alerts, key=lambda a: list(plan.ALL_RULES).index(a.rule))
        days = plan.due_days([a.level for a in ordered], work)
        if days is None:
            continue
        has = next((a.work_order_id for a in ordered if a.work_order_id), None)
        if has is not None:
            Alert.objects.filter(pk__in=[a.pk for a in ordered], work_order=None).update(
                work_order_id=has
            )
            continue
        customer, unit = ordered[0].customer, ordered[0].unit
        if not CustomerGrid.objects.as_of(day).filter(customer=customer, grid=unit).exists():
            moved += 1  # no longer in that grid: its new grid's run will see it
            continue
        owner = owner_of(customer, unit.pk, day, owners)
        if owner is None:
            no_owner += 1
            continue
        worst = ordered[0]
        due = timezone.make_aware(datetime.combine(start + timedelta(days=days), time(18, 0)))
        lines = [reason_text(r) for a in ordered for r in a.reasons]
        steps = list(dict.fromkeys(a.action for a in ordered if a.action))
        description = "\n".join(
            [*(f"· {line}" for line in lines), "", *(f"→ {s}" for s in steps)]
        ).strip()
        title = f"{customer.code} {reason_text(worst.reasons[0]) if worst.reasons else ''}"
        order = WorkOrder.objects.create(
            kind="alert",
            title=title[:200],
            description=description,
            unit=unit,
            customer=customer,
            assignee=owner,
            due_at=due,
            created_at=now,
        )
        Alert.objects.filter(pk__in=[a.pk for a in ordered]).update(work_order=order)
        created += 1
    if no_owner:
        notes.append(f"{no_owner} alerted customers have nobody assigned to their grid")
    if moved:
        notes.append(f"{moved} alerted customers have moved to another grid since the month end")
    return created
