"""What pay refuses, and how far an amount may go.

``PayRefused`` carries messages that name the unit, person and rule each; every pay
flow (pools, drafts, imports) raises it and writes nothing. The amount bounds stop a
slip of the keyboard before it reaches the rules.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wangge.core.formatting import yuan

#: The largest amount a person may type or import, per kind, in yuan. Far above any real
#: figure of one unit or person for one month, far below what 64-bit cents hold
#: (about 9.2 × 10^16 yuan), so a slip of the keyboard is refused, never stored.
AMOUNT_LIMITS_YUAN = {
    "base": 10**9,  # a unit's monthly pay base
    "budget": 10**10,  # a unit's monthly revenue budget
    "revenue": 10**10,  # a unit's monthly revenue
    "allocation": 10**7,  # one person's discretionary share of one month
}
AMOUNT_LABELS = {
    "base": gettext_noop("pay base"),
    "budget": gettext_noop("revenue budget"),
    "revenue": gettext_noop("revenue"),
    "allocation": gettext_noop("discretionary amount"),
}


def amount_problem(cents: int, kind: str) -> str:
    """Why an amount of ``kind`` is refused ("" when it is within its bound)."""
    limit = AMOUNT_LIMITS_YUAN[kind]
    if abs(cents) <= limit * 100:
        return ""
    return _("%(amount)s is beyond the largest %(what)s accepted (%(limit)s)") % {
        "amount": yuan(cents),
        "what": _(AMOUNT_LABELS[kind]),
        "limit": yuan(limit * 100),
    }


class PayRefused(Exception):
    """Input the pay rules refuse: ``messages`` name the unit, person and rule each."""

    def __init__(self, messages: Iterable[str]):
        self.messages = list(messages)
        super().__init__("; ".join(self.messages))
