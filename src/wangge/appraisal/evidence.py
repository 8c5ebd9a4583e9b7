"""The rows behind a number as a person reads them: names, Chinese words and yuan.

The analytics store hands the evidence over as codes (``product_line = "broadband"``,
``status = "disconnected"``, amounts in cents, the core's reason of each row). Both
the item page and the unit's rows page show them through :func:`present`, the one
place where those codes become words:

* product lines and statuses are the customers app's choices (their labels are the
  catalogue's words), the core's reasons the small table :data:`REASONS`;
* cents go through ``wangge.core.formatting`` (``¥1,234.50``);
* each row names its customer, masked as the viewer's role requires
  (``wangge.base.masking``), linked to the customer's page when the viewer may open
  it (customers outside the viewer's scope today show neither name nor link);
* the subscription's number is masked the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from wangge.core import formatting

__all__ = ["REASONS", "EvidenceTable", "code_label", "present"]

#: the core's reason of each evidence row (``wangge.core.rates.evidence``) → its words;
#: a churned row's reason is its status, worded by the status choices
REASONS: Mapping[str, Any] = {
    "gone before its judging month": gettext_lazy("gone before its judging month"),
    "not active in its judging month": gettext_lazy("not active in its judging month"),
    "billed nothing in its judging month": gettext_lazy("billed nothing in its judging month"),
    "active and billed": gettext_lazy("active and billed"),
    "suspended, arrears over 90 days": gettext_lazy("suspended, arrears over 90 days"),
}

#: the figures of each kind's rows, in order, after what names the row (a subscription;
#: for ``inputs`` a grid): the API (``wangge.appraisal.explain``) and the pages alike
FIGURES: Mapping[str, tuple[str, ...]] = {
    "new_adds": (
        "product_line",
        "start_date",
        "judged_status",
        "judged_billed_cents",
        "valid",
        "reason",
    ),
    "churned": ("product_line", "start_date", "status", "status_since", "reason"),
    "arrears": (
        "product_line",
        "status",
        "billed_cents",
        "paid_cents",
        "arrears_cents",
        "arrears_over_90_cents",
    ),
    "revenue": ("product_line", "billed_cents", "billed_base_cents", "change_cents"),
    "inputs": (
        "month",
        "commission_cents",
        "subsidy_cents",
        "promotion_cents",
        "labour_cents",
        "input_cents",
    ),
}

#: the kinds whose rows are one grid's figures (the others are one subscription's)
PER_GRID = frozenset({"inputs"})

#: the columns a page shows for each kind, in order (store columns or derived ones)
SHOWN: Mapping[str, tuple[str, ...]] = {
    kind: (("grid",) if kind in PER_GRID else ("customer", "number")) + figures
    for kind, figures in FIGURES.items()
}

HEADERS: Mapping[str, Any] = {
    "customer": gettext_lazy("customer"),
    "number": gettext_lazy("number"),
    "grid": gettext_lazy("grid"),
    "month": gettext_lazy("month"),
    "product_line": gettext_lazy("product line"),
    "start_date": gettext_lazy("started"),
    "judged_status": gettext_lazy("status in its judging month"),
    "judged_billed_cents": gettext_lazy("billed in its judging month"),
    "valid": gettext_lazy("valid"),
    "reason": gettext_lazy("reason"),
    "status": gettext_lazy("status"),
    "status_since": gettext_lazy("since"),
    "billed_cents": gettext_lazy("billed"),
    "paid_cents": gettext_lazy("paid"),
    "arrears_cents": gettext_lazy("arrears"),
    "arrears_over_90_cents": gettext_lazy("over 90 days"),
    "billed_base_cents": gettext_lazy("billed in the growth base"),
    "change_cents": gettext_lazy("change"),
    "commission_cents": gettext_lazy("commission"),
    "subsidy_cents": gettext_lazy("subsidy"),
    "promotion_cents": gettext_lazy("promotion"),
    "labour_cents": gettext_lazy("labour"),
    "input_cents": gettext_lazy("marketing input"),
}


@dataclass
class Cell:
    text: str
    href: str = ""
    num: bool = False
    secondary: str = ""


@dataclass
class EvidenceTable:
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)


def code_label(kind: str, code: Any) -> str:
    """A product line or status code in the viewer's language (the code itself if unknown)."""
    from wangge.customers.models import ProductLine, SubscriptionStatus

    if code is None or code == "":
        return ""
    choices = {"product_line": ProductLine, "status": SubscriptionStatus}[kind]
    try:
        return str(choices(code).label)
    except ValueError:
        return str(code)


def _reason(value: Any) -> str:
    if value is None:
        return ""
    if value in REASONS:
        return str(REASONS[value])
    return code_label("status", value)


def present(
    kind: str, rows: list[Mapping[str, Any]], viewer, *, extra: Iterable[str] = ()
) -> EvidenceTable:
    """The rows of one kind of evidence as header and cell texts for a table.

    ``extra`` adds leading columns the unit page shows ("grid", "month")."""
    from wangge.base.masking import masked
    from wangge.customers.models import Customer, Subscription
    from wangge.org.models import Unit

    columns = [*extra, *(c for c in SHOWN[kind] if c not in extra)]
    sub_ids = {r.get("subscription_id") for r in rows} - {None}
    numbers = dict(Subscription.objects.filter(pk__in=sub_ids).values_list("pk", "number"))
    cust_ids = {r.get("customer_id") for r in rows} - {None}
    names = dict(
        Customer.objects.visible_to(viewer).filter(pk__in=cust_ids).values_list("pk", "name")
    )
    grids = {}
    if "grid" in columns:
        grid_ids = {r.get("grid_id") for r in rows} - {None}
        grids = dict(Unit.objects.filter(pk__in=grid_ids).values_list("pk", "name"))
    table = EvidenceTable([str(HEADERS[c]) for c in columns])
    for r in rows:
        cells: list[Cell] = []
        for c in columns:
            value = r.get(c)
            if c == "customer":
                cid = r.get("customer_id")
                name = names.get(cid)
                cells.append(
                    Cell(masked(viewer, "name", name), reverse("customer", args=[cid]))
                    if name
                    else Cell("—")
                )
            elif c == "number":
                n = numbers.get(r.get("subscription_id"), "")
                cells.append(Cell(masked(viewer, "phone", n) if n else "—"))
            elif c == "grid":
                cells.append(Cell(grids.get(r.get("grid_id"), "—")))
            elif c == "month":
                cells.append(Cell(f"{value:%Y-%m}" if value else ""))
            elif c == "product_line":
                cells.append(Cell(code_label("product_line", value)))
            elif c in ("status", "judged_status"):
                cells.append(Cell(code_label("status", value) if value else "—"))
            elif c == "valid":
                cells.append(Cell(gettext("yes") if value else gettext("no")))
            elif c == "reason":
                cells.append(Cell(_reason(value)))
            elif c.endswith("_cents"):
                cells.append(Cell(formatting.yuan(value), num=True))
            elif hasattr(value, "isoformat"):
                cells.append(Cell(value.isoformat()))
            else:
                cells.append(Cell("" if value is None else str(value)))
        table.rows.append(cells)
    return table
