"""The risk list as a ranking for name-list campaigns (``wangge.work.rankings``): the
customers of the month's alerts the user sees, in the risk list's order (worst level
first, then the highest churn risk)."""

from __future__ import annotations

from datetime import date

from wangge.alerts.choices import Level
from wangge.alerts.models import Alert, AlertRun


def ranked_customers(user, month: date | None = None, level: str = ""):
    from wangge.alerts.views import risk_rows

    if month is None:
        month = AlertRun.objects.order_by("-month").values_list("month", flat=True).first()
        if month is None:
            return None, []
    alerts = Alert.objects.visible_to(user).filter(month=month)
    if level:
        alerts = alerts.filter(level=level)
    rows = risk_rows(alerts.select_related("customer", "unit", "work_order").order_by("pk"))
    return month, [r["customer"].pk for r in rows]


def register() -> None:
    from wangge.alerts.views import may_view_alerts
    from wangge.work import rankings

    rankings.register(
        rankings.Ranking(
            code=rankings.ALERTS,
            may_read=may_view_alerts,
            customers=ranked_customers,
            levels=lambda: list(Level.choices),
        )
    )
