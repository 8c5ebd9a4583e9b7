"""Where an audit's score went: the grid's standardisation-audit card of the month.

The close gives every audited grid a second card on the audit scheme (see
``wangge.core.people.audit_card``); the audit's page links to it when the viewer may
open it (the latest run of the month they may see, the card in their scope).
"""

from __future__ import annotations

from wangge.people.audits import SCHEME
from wangge.people.models import Audit


def card_of(user, audit: Audit):
    """The audit's card in the latest run of its month ``user`` may see, else None."""
    from wangge.appraisal import queries

    run = queries.month_run(user, audit.month)
    if run is None:
        return None
    return (
        queries.cards_for(user, run)
        .filter(scheme_code=SCHEME, unit=audit.grid_id)
        .select_related("run")
        .first()
    )
