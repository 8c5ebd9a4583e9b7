"""A payslip as a person reads it: every line with the rule that made it, the facts
it rests on in their language (yuan for cents, post names), the scorecard behind a
score-based line and the sales behind points and clawbacks.

The derivations are stored with the lines at approval; this module only words them,
so a payslip reads the same in a year as on the day it was paid.
"""

from __future__ import annotations

from datetime import date

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wangge.base.words import say
from wangge.core.explain import Derivation
from wangge.core.formatting import yuan
from wangge.org.models import Person, Post
from wangge.pay.models import PayLine, SalePoints
from wangge.pay.presentation import component_label
from wangge.pay.versions import latest_approved, payslip_lines


def payslip_rows(person: Person, month: date) -> tuple[list[dict], int, list[date]]:
    """A person's payslip of ``month`` as the page shows it: each line with its label,
    formula, facts in the reader's words, the scorecard behind it and the sales a
    points or clawback line rests on; the total in cents; the months they were paid."""
    lines = list(payslip_lines(person, month))
    shown = []
    items_by_card: dict[int, list] = {}
    card_ids = [
        ln.derivation.get("scorecard", {}).get("id")
        for ln in lines
        if ln.derivation.get("scorecard")
    ]
    if card_ids:
        from wangge.appraisal.models import ItemScore

        for it in ItemScore.objects.filter(card_id__in=card_ids).order_by("card_id", "id"):
            items_by_card.setdefault(it.card_id, []).append(it)
    sales: dict[tuple, list] = {}
    for x in SalePoints.objects.filter(
        distribution_id__in={ln.distribution_id for ln in lines}, person=person
    ).select_related("subscription"):
        sales.setdefault((x.distribution_id, x.person_id, x.scheme), []).append(x)
    names = None
    for ln in lines:
        der = Derivation.from_dict(ln.derivation) if ln.derivation else None
        card = ln.derivation.get("scorecard")
        if card:
            from wangge.appraisal.names import NameBook

            names = names or NameBook()
            card = {**card, "scheme_name": names.scheme(card.get("scheme", ""))}
        facts = [_fact(i) for i in (ln.derivation or {}).get("inputs", [])]
        shown.append(
            {
                "line": ln,
                "label": component_label(ln.component),
                "formula": say(der.formula) if der else "",
                "facts": facts,
                "card": card,
                "items": items_by_card.get(card["id"], []) if card else [],
                "card_link": _appraisal_link(card["id"]) if card else None,
                "sale": _sale(ln),
                "sales": sales.get((ln.distribution_id, ln.person_id, ln.item), [])
                if ln.component == "points"
                else [],
            }
        )
    months = list(
        PayLine.objects.filter(person=person, distribution__in=latest_approved())
        .values_list("distribution__month", flat=True)
        .distinct()
        .order_by("-distribution__month")
    )
    return shown, sum(int(ln.amount_cents) for ln in lines), months


def _appraisal_link(card_id: int | None) -> str | None:
    if not card_id:
        return None
    for name in ("appraisal:card", "appraisal:scorecard", "appraisal:card-detail"):
        try:
            return reverse(name, args=[card_id])
        except NoReverseMatch:
            continue
    return None


FACT_LABELS = {
    "formula_part_cents": gettext_noop("formula part"),
    "discretionary_part_cents": gettext_noop("discretionary part"),
    "post": gettext_noop("post"),
    "score": gettext_noop("appraisal score"),
    "attendance": gettext_noop("attendance"),
    "share": gettext_noop("share of the month in the unit"),
    "weight": gettext_noop("formula weight"),
    "sum_weights": gettext_noop("sum of the team's weights"),
    "formula_cents": gettext_noop("formula pay"),
    "missing_hours": gettext_noop("training hours missing"),
    "rate": gettext_noop("deduction rate"),
    "deductions_cents": gettext_noop("training deductions in the unit"),
    "monthly_cents": gettext_noop("monthly allowance"),
    "cents_per_point": gettext_noop("value of a point"),
    "points": gettext_noop("points"),
    "sales": gettext_noop("sales"),
    "pool_cents": gettext_noop("points pool"),
    "pool_points": gettext_noop("points in the pool"),
    "subscription_id": gettext_noop("subscription"),
    "product": gettext_noop("product"),
    "sale_date": gettext_noop("sale date"),
    "sale_month": gettext_noop("sale month"),
    "paid_month": gettext_noop("paid in month"),
    "event": gettext_noop("event"),
    "event_date": gettext_noop("event date"),
    "window_months": gettext_noop("clawback window (months)"),
    "paid_cents": gettext_noop("points paid for the sale"),
}


def _fact(item: dict) -> tuple[str, str]:
    """A derivation input as a person reads it: a label in their language, yuan for cents."""
    key = item.get("label", "")
    value = item.get("value")
    if "cents" in key and value is not None:
        try:
            value = yuan(int(value))
        except (TypeError, ValueError):
            pass
    elif key == "post" and value in Post.values:
        value = Post(value).label
    label = _(FACT_LABELS[key]) if key in FACT_LABELS else key
    return label, value


EVENTS = {"churn": gettext_noop("churn"), "invalid": gettext_noop("invalid add")}


def _sale(ln: PayLine) -> dict | None:
    if ln.component not in ("clawback",):
        return None
    facts = {i.get("label"): i.get("value") for i in ln.derivation.get("inputs", [])}
    return {
        "subscription": facts.get("subscription_id") or ln.subscription_id,
        "product": facts.get("product") or (ln.subscription.product if ln.subscription else ""),
        "sale_month": facts.get("sale_month"),
        "event": _(EVENTS[facts["event"]]) if facts.get("event") in EVENTS else facts.get("event"),
        "event_date": facts.get("event_date"),
    }
