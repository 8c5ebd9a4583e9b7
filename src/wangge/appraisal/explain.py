"""Why a number is what it is: an item's derivation plus the rows that fed it.

The derivation (formula with the actual numbers, target and where it came from,
curve) was stored with the item when the month was closed. The rows (which
subscriptions counted as valid new adds, which churned, which owe) are read from
the analytics store on demand, one page at a time, for the card's unit or person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext, gettext_noop

from wangge.appraisal.evidence import FIGURES, PER_GRID
from wangge.appraisal.models import ItemScore
from wangge.appraisal.queries import EVIDENCE_OF
from wangge.base.words import say
from wangge.core.explain import Derivation

#: the columns of each kind's rows in the API: the subscription's id (a grid's for
#: the per-grid kinds) and the kind's figures
EVIDENCE_COLUMNS = {
    kind: ["grid_id" if kind in PER_GRID else "subscription_id", *figures]
    for kind, figures in FIGURES.items()
}


@dataclass
class Evidence:
    kind: str
    columns: list[str]
    rows: list[dict[str, Any]]
    total: int
    offset: int
    limit: int
    #: the page's rows as the store gave them (customer and grid ids too), for
    #: ``wangge.appraisal.evidence.present``
    raw: list[dict[str, Any]] | None = None


def evidence_for(
    item: ItemScore, *, offset: int = 0, limit: int = 20, viewer=None, store=None
) -> Evidence | None:
    """One page of the subscriptions behind an item (None for items without rows)."""
    kind = EVIDENCE_OF.get(item.key)
    if kind is None:
        return None
    from wangge.analytics.run import person_evidence, unit_evidence
    from wangge.appraisal.close import rate_options, store_dir

    card = item.card
    run = card.run
    store = store or store_dir()
    month: date = run.month
    options = rate_options()
    if card.unit_id:
        tables = unit_evidence(store, month, card.unit_id, options=options, kinds=(kind,))
    else:
        tables = person_evidence(store, month, card.person_id, options=options, kinds=(kind,))
    table = tables[kind]
    if kind == "new_adds":
        # the valid ones first: they are what the actual counts
        rows_all = table.to_pylist()
        rows_all.sort(key=lambda r: (not r["valid"], r["subscription_id"]))
        page = rows_all[offset : offset + limit]
        total = len(rows_all)
    else:
        total = table.num_rows
        page = table.slice(offset, limit).to_pylist()
    columns = EVIDENCE_COLUMNS[kind]
    rows = [{c: r.get(c) for c in columns} for r in page]
    if "subscription_id" not in columns:  # the inputs are per grid and month
        return Evidence(kind, columns, rows, total, offset, limit, raw=page)
    _numbers(rows, viewer)
    return Evidence(kind, [*columns, "number"], rows, total, offset, limit, raw=page)


def _numbers(rows: list[dict[str, Any]], viewer) -> None:
    """Add each subscription's number, masked for the viewer (blank if not in the database)."""
    from wangge.base.masking import masked
    from wangge.customers.models import Subscription

    ids = [r["subscription_id"] for r in rows]
    numbers = dict(Subscription.objects.filter(pk__in=ids).values_list("pk", "number"))
    for r in rows:
        n = numbers.get(r["subscription_id"], "")
        r["number"] = masked(viewer, "phone", n) if n else ""


def explanation(item: ItemScore) -> dict[str, Any]:
    """Structured explanation of one item: value, formula, inputs, notes, as text too."""
    d = Derivation.from_dict(item.derivation) if item.derivation else None
    card = item.card
    return {
        "item": item.key,
        "label": item.label,
        "kind": item.kind,
        "weight": str(item.weight),
        "actual": None if item.actual is None else str(item.actual),
        "target": None if item.target is None else str(item.target),
        "completion": None if item.completion is None else str(item.completion),
        "points": str(item.points),
        "applicable": not item.reason,
        "reason": item.reason,
        "reason_text": reason_text(item.reason),
        "card": {
            "id": card.pk,
            "label": card.label,
            "scheme": card.scheme_code,
            "total": str(card.total),
            "rank": str(card.rank),
            "peers": card.peers,
        },
        "month": f"{card.run.month:%Y-%m}",
        "version": card.run.version,
        "derivation": item.derivation,
        "text": d.to_text() if d is not None else "",
        "evidence_kind": EVIDENCE_OF.get(item.key),
    }


# --- words of a derivation, for the page ------------------------------------------------


def reason_text(reason: dict[str, Any] | None) -> str:
    """A structured not-applicable reason in the viewer's language ("" when applicable)."""
    if not reason:
        return ""
    month = reason.get("month", "")
    words = {
        "no_base_revenue": gettext("not applicable: no revenue in %(month)s"),
        "month_missing": gettext("not applicable: month %(month)s is not in the store"),
        "nothing_billed": gettext("not applicable: nothing billed this month"),
        "no_subscribers": gettext("not applicable: no subscribers at either end of the month"),
        "no_marketing_input": gettext("not applicable: no marketing input this month"),
    }.get(reason.get("key", ""), gettext("not applicable: %(month)s"))
    return words % {"month": month or reason.get("key", "")}


#: labels the core and the close write into derivations; translated on the page
#: (the stored derivation stays in the core's words, so it means the same everywhere)
DERIVATION_LABELS = [
    gettext_noop("actual"),
    gettext_noop("target"),
    gettext_noop("completion"),
    gettext_noop("judgement"),
    gettext_noop("revenue growth"),
    gettext_noop("valid new adds"),
    gettext_noop("arrears rate"),
    gettext_noop("churn rate"),
    gettext_noop("input-output ratio"),
    gettext_noop("billed revenue"),
    gettext_noop("billed revenue, same period last year"),
    gettext_noop("billed revenue, the period just before"),
    gettext_noop("arrears balance at month end"),
    gettext_noop("billed revenue of the month"),
    gettext_noop("disconnected"),
    gettext_noop("cancelled"),
    gettext_noop("suspended, arrears over 90 days"),
    gettext_noop("in service at the end of last month"),
    gettext_noop("in service at the end of this month"),
    gettext_noop("attributable revenue"),
    gettext_noop("commission"),
    gettext_noop("subsidy"),
    gettext_noop("promotion"),
    gettext_noop("direct labour"),
    gettext_noop("new adds judged this month"),
    gettext_noop("of them valid"),
    gettext_noop("entered"),
    gettext_noop("revenue growth rate"),
    gettext_noop("development completion rate"),
    gettext_noop("input-output ratio"),
    gettext_noop("customer satisfaction"),
    gettext_noop("visit coverage"),
    gettext_noop("opportunity conversion"),
    gettext_noop("customer records complete"),
    gettext_noop("complaints resolved on time"),
]


def translated(node: dict[str, Any] | None) -> dict[str, Any] | None:
    """A copy of a stored derivation in the viewer's language.

    Rows closed since the core words its sentences (``words`` beside the English
    text) are worded from their rule keys and figures; older rows fall back to
    looking their English up in the catalogue (labels and single notes translate,
    a sentence stored whole stays as it was stored)."""
    if node is None:
        return None
    out = dict(node)
    words = node.get("words") or {}
    for field in ("label", "formula", "source", "value"):
        if field in node:
            out[field] = say(words.get(field) or node[field])
    if "notes" in node:
        stored = words.get("notes") or []
        out["notes"] = [
            say((stored[i] if i < len(stored) else None) or n) for i, n in enumerate(node["notes"])
        ]
    if "inputs" in node:
        out["inputs"] = [translated(child) for child in node["inputs"]]
    return out
