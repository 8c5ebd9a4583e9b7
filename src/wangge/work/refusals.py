"""``WorkRefused``: a front-line write refused, naming the field and the rule in the
reader's language. Pages show it beside the field, the API as ``{field: [message]}``."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wangge.work.choices import Stage, WorkOrderStatus


class WorkRefused(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def _status(code: str) -> str:
    return WorkOrderStatus(code).label if code in WorkOrderStatus.values else code


def _stage(code: str) -> str:
    return Stage(code).label if code in Stage.values else code


def order_move_message(refusal) -> str:
    names = {"current": _status(refusal.current), "target": _status(refusal.target)}
    if refusal.rule == "reason_required":
        return _("Returning a work order needs a reason.")
    if refusal.rule == "unknown_status":
        return _("Unknown status %(target)s.") % names
    return _("A work order that is %(current)s cannot become %(target)s.") % names


def stage_move_message(refusal) -> str:
    names = {"current": _stage(refusal.current), "target": _stage(refusal.target)}
    if refusal.rule == "reason_required":
        return (
            _("Moving an opportunity back from %(current)s to %(target)s needs a reason.") % names
        )
    if refusal.rule == "same_stage":
        return _("The opportunity is already at %(current)s.") % names
    if refusal.rule == "recultivate_after_review":
        return _("Re-cultivation comes only after the review.")
    return _("Unknown stage %(target)s.") % names


def outcome_message(rule: str) -> str:
    if rule == "reason_required":
        return _("Say why the opportunity was won or lost.")
    return _("The outcome must be won or lost.")
