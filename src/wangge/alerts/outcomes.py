"""Recording what came of an alert's work order: the outcome on its alerts, the order
closed through the work-order lifecycle (``wangge.work.orders.move_order``)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.alerts.choices import AlertOutcome
from wangge.alerts.models import Alert
from wangge.org.scope import may
from wangge.work.access import may_move_order
from wangge.work.orders import move_order
from wangge.work.refusals import WorkRefused

CLOSING_PATH = {"assigned": ["accepted", "done"], "accepted": ["done"], "in_progress": ["done"]}


def record_outcome(user, order, outcome: str) -> int:
    """Set ``outcome`` on every alert of ``order`` (loaded through ``visible_to``) and
    close the order if still open. Returns the alerts updated."""
    if outcome not in AlertOutcome.values:
        raise WorkRefused("outcome", _("Choose an outcome."))
    if not may(user, "alerts.record") or not may_move_order(user, order):
        raise WorkRefused("outcome", _("Only the assignee or a manager may record the outcome."))
    with transaction.atomic():
        alerts = Alert.objects.visible_to(user).filter(work_order=order)
        n = alerts.update(outcome=outcome, outcome_at=timezone.now())
        if n == 0:
            raise WorkRefused("outcome", _("This work order comes from no alert."))
        for target in CLOSING_PATH.get(order.status, []):
            order = move_order(user, order, target)
    return n
