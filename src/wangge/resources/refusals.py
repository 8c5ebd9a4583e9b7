"""``ResourcesRefused``: a resource write refused, naming the field, unit and rule in the
reader's language. Pages show it beside the form, the API as ``{field: [message]}``."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wangge.core.formatting import yuan
from wangge.resources.choices import ResourceKind


class ResourcesRefused(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def kind_label(code: str) -> str:
    return str(ResourceKind(code).label) if code in ResourceKind.values else code


def allocation_message(err, unit_names: dict) -> str:
    """The optimiser's refusal (``AllocationRefused``) worded with names and yuan."""
    f = err.figures
    names = {
        "unit": unit_names.get(f.get("unit"), f.get("unit", "")),
        "kind": kind_label(f.get("kind", "")),
        "total": yuan(f.get("total", 0)),
        "budget": yuan(f.get("budget", 0)),
        "min": yuan(f.get("min", 0)),
        "max": yuan(f.get("max", 0)),
    }
    wording = {
        "over_budget": _("The minimums of %(kind)s add to %(total)s, over its budget %(budget)s."),
        "under_capacity": _(
            "The units can take at most %(total)s of %(kind)s, less than its budget %(budget)s."
        ),
        "guard_unreachable": _(
            "The existing base can take only %(total)s of %(kind)s, less than its guard rail "
            "%(budget)s."
        ),
        "min_above_max": _(
            "%(unit)s: the minimum %(min)s of %(kind)s is above its maximum %(max)s."
        ),
        "min_above_capacity": _(
            "%(unit)s: the minimum %(min)s of %(kind)s is more than it can take (%(max)s)."
        ),
        "bad_budget": _("The budget of %(kind)s must be a whole number of cents, not negative."),
        "bad_share": _("The base share of %(kind)s must lie between 0 and 1."),
    }
    template = wording.get(err.code)
    if template is None:
        return _("No allocation meets every budget, minimum, maximum and guard rail.")
    return template % names
