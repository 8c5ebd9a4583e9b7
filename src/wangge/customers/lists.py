"""The customer list: one filter, one order, one set of columns for the page and its export.

The page and the Excel file read the same query parameters (``q``, ``ownership``)
(and ``tag``) through :func:`read_filter` and the same rows through :func:`customers_for` (the API
applies the same filter set), so the file always holds what the page shows (it once
exported every visible customer, 1,525 rows, while the page showed a filtered 1,068).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from wangge.base.masking import masked
from wangge.base.params import filter_params, without_control_characters
from wangge.core.sheets import Column
from wangge.customers.filtersets import CustomerFilterSet
from wangge.customers.models import Customer, CustomerGrid
from wangge.org.dated import today
from wangge.org.models import Assignment, Person, Post, Unit

#: the order of the list, on the page and in the file
ORDER = ("code",)


@dataclass(frozen=True)
class CustomerFilter:
    """What the viewer narrowed the list to: part of a name or an exact code, an ownership."""

    q: str = ""
    ownership: str = ""
    tag: str = ""

    def query(self) -> str:
        """The filter as a query string, for the pager and the export form."""
        return urlencode(self.params())

    def params(self) -> dict[str, str]:
        pairs = (("q", self.q), ("ownership", self.ownership), ("tag", self.tag))
        return {k: v for k, v in pairs if v}


def read_filter(request) -> CustomerFilter:
    """The filter from the request's query string, checked by
    :class:`~wangge.customers.filtersets.CustomerFilterSet` (a control character or
    an unknown ownership is a 400 naming the parameter)."""
    data = filter_params(CustomerFilterSet, request.GET)
    return CustomerFilter(
        q=(data.get("q") or "").strip(),
        ownership=data.get("ownership") or "",
        tag=without_control_characters(data.get("tag") or "").strip(),
    )


def customers_for(user, flt: CustomerFilter, day: date | None = None) -> QuerySet:
    """The customers ``user`` may see on ``day``, filtered and ordered as the list shows
    them, each with its grid (``grid_code``, ``grid_name``) and the grid's manager
    (``owner_name``, among the people the viewer may see) on that day."""
    day = day or today()
    qs = Customer.objects.visible_to(user, day).select_related("place")
    qs = CustomerFilterSet(flt.params(), queryset=qs).qs
    link = CustomerGrid.objects.as_of(day).filter(customer=OuterRef("pk")).order_by("-valid_from")
    grid = Unit.objects.filter(pk=OuterRef("grid_id"))
    owner = (
        Assignment.objects.as_of(day)
        .filter(
            unit_id=OuterRef("grid_id"),
            post=Post.GRID_MANAGER,
            person__in=Person.objects.visible_to(user, day),
        )
        .order_by("valid_from", "pk")
    )
    return (
        qs.annotate(grid_id=Subquery(link.values("grid_id")[:1]))
        .annotate(
            grid_code=Subquery(grid.values("code")[:1]),
            grid_name=Subquery(grid.values("name")[:1]),
            owner_name=Subquery(owner.values("person__name")[:1]),
        )
        .order_by(*ORDER)
    )


def export_columns() -> list[Column]:
    """The file's columns, headers in the active language (Chinese unless chosen otherwise)."""
    return [
        Column(_("code"), width=14),
        Column(_("name"), width=24),
        Column(_("kind"), width=10),
        Column(_("ownership"), width=10),
        Column(_("phone"), width=16),
        Column(_("ID number"), width=22),
        Column(_("grid code"), width=14),
        Column(_("grid"), width=18),
        Column(_("grid manager"), width=12),
        Column(_("place"), width=20),
        Column(_("industry"), width=14),
        Column(_("address"), width=36),
    ]


def export_row(user, c: Customer) -> list:
    """One customer as the file shows it: personal numbers masked as the viewer sees them."""
    return [
        c.code,
        masked(user, "name", c.name),
        c.get_kind_display(),
        c.get_ownership_display(),
        masked(user, "phone", c.phone),
        masked(user, "id_number", c.id_number),
        c.grid_code,
        c.grid_name,
        c.owner_name,
        c.place.name if c.place_id else None,
        c.industry,
        c.address,
    ]
