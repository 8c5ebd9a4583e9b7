"""Early-warning pages: a grid's risk list (phone first) and recording an outcome."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wangge.alerts.choices import AlertOutcome, Level, Rule
from wangge.alerts.forms import OutcomeForm
from wangge.alerts.models import Alert, AlertRun
from wangge.alerts.wording import reason_text
from wangge.base.params import BadParameter, query_code, query_month
from wangge.core.alerts.plan import ALL_RULES
from wangge.core.alerts.rules import LEVELS
from wangge.org.scope import may
from wangge.work.models import WorkOrder
from wangge.work.refusals import WorkRefused

LEVEL_ORDER = {level: i for i, level in enumerate(LEVELS)}


def may_view_alerts(user) -> bool:
    """The risk list's check (``alerts.view``), also its menu entry's."""
    return may(user, "alerts.view")


def _choice(request, name: str, allowed) -> str:
    value = query_code(request, name)
    if value and value not in allowed:
        raise BadParameter(name, _("Unknown value %(value)r.") % {"value": value})
    return value


def risk_rows(alerts) -> list[dict]:
    """One row per customer: worst level first, then the highest risk."""
    by_customer: dict[int, dict] = {}
    for a in alerts:
        row = by_customer.setdefault(
            a.customer_id,
            {
                "customer": a.customer,
                "unit": a.unit,
                "level": a.level,
                "risk": a.risk,
                "rules": [],
                "reasons": [],
                "actions": [],
                "work_order": a.work_order,
                "holdout": a.holdout,
                "outcome": a.get_outcome_display() if a.outcome else "",
            },
        )
        if LEVEL_ORDER[a.level] < LEVEL_ORDER[row["level"]]:
            row["level"] = a.level
        row["rules"].append(a.get_rule_display())
        row["reasons"].extend(reason_text(r) for r in a.reasons)
        if a.action and a.action not in row["actions"]:
            row["actions"].append(a.action)
        row["work_order"] = row["work_order"] or a.work_order
    rows = list(by_customer.values())
    rows.sort(key=lambda r: (LEVEL_ORDER[r["level"]], -(r["risk"] or 0), r["customer"].code))
    return rows


@login_required
def risk_list(request):
    if not may_view_alerts(request.user):
        raise PermissionDenied
    latest = AlertRun.objects.order_by("-month").values_list("month", flat=True).first()
    month = query_month(request, "month", latest)
    rule = _choice(request, "rule", ALL_RULES)
    level = _choice(request, "level", LEVELS)
    alerts = Alert.objects.visible_to(request.user).filter(month=month)
    if rule:
        alerts = alerts.filter(rule=rule)
    if level:
        alerts = alerts.filter(level=level)
    alerts = alerts.select_related("customer", "unit", "work_order").order_by("customer_id", "pk")
    rows = risk_rows(alerts)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    run = AlertRun.objects.filter(month=month).first() if month else None
    query = "&".join(f"{k}={v}" for k, v in (("rule", rule), ("level", level)) if v)
    if month:
        query = f"month={month:%Y-%m}" + (f"&{query}" if query else "")
    return render(
        request,
        "alerts/list.html",
        {
            "month": month,
            "run": run,
            "page": page,
            "rule": rule,
            "level": level,
            "rules": Rule.choices,
            "levels": Level.choices,
            "outcomes": AlertOutcome.choices,
            "filter_query": query,
            "may_record": may(request.user, "alerts.record"),
        },
    )


@login_required
@require_POST
def outcome(request, pk: int):
    from wangge.alerts.outcomes import record_outcome

    order = get_object_or_404(WorkOrder.objects.visible_to(request.user), pk=pk, kind="alert")
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors.get("outcome", [_("Choose an outcome.")])[0])
        return _back(form)
    try:
        record_outcome(request.user, order, form.cleaned_data["outcome"])
    except WorkRefused as exc:
        messages.error(request, exc.message)
        return _back(form)
    messages.success(request, _("Outcome recorded; the work order is done."))
    return _back(form)


def _back(form: OutcomeForm):
    """Back to the risk list as it was filtered (only ever a path of this page)."""
    back = form.cleaned_data.get("next")  # validated on its own, even beside a bad outcome
    return redirect(back) if back else redirect("alerts:home")


@login_required
def center_report(request):
    """The centre's early warning (the units in scope): churn trend, alerts by kind,
    on-time handling and the retention effect against the holdout, per grid and person."""
    from wangge.alerts import report
    from wangge.customers.models import Subscription

    if not may_view_alerts(request.user):
        raise PermissionDenied
    latest = AlertRun.objects.order_by("-month").values_list("month", flat=True).first()
    month = query_month(request, "month", latest)
    by = _choice(request, "by", ("unit", "person")) or "unit"
    alerts = Alert.objects.visible_to(request.user)
    subscriptions = Subscription.objects.visible_to(request.user)
    months = report.recent_months(month)
    kinds = report.by_kind(alerts, months)
    churn = {r["month"]: r["churned"] for r in report.churn_trend(subscriptions, months)}
    trend = [{**k, "churned": churn.get(k["month"], 0)} for k in kinds]
    rows = report.handling(alerts, subscriptions, month, by) if month else []
    return render(
        request,
        "alerts/center.html",
        {
            "month": month,
            "by": by,
            "trend": trend,
            "rule_names": [Rule(r).label for r in ALL_RULES],
            "rows": rows,
            "stay_days": report.STAY_DAYS,
            "min_group": report.MIN_GROUP,
        },
    )


@login_required
def customer_history(request, pk: int):
    """One customer's risk month by month: level, model risk, reasons, work, outcome."""
    from wangge.customers.models import Customer

    if not may_view_alerts(request.user):
        raise PermissionDenied
    customer = get_object_or_404(Customer.objects.visible_to(request.user), pk=pk)
    alerts = (
        Alert.objects.visible_to(request.user)
        .filter(customer=customer)
        .select_related("unit", "work_order")
        .order_by("-month", "pk")
    )
    months: dict = {}
    for a in alerts:
        months.setdefault(a.month, []).append(a)
    history = []
    for m, items in months.items():
        row = risk_rows(items)[0]
        history.append({**row, "month": m})
    return render(request, "alerts/customer.html", {"customer": customer, "history": history})
