"""Customers move with the place they live in when a territory proposal is accepted.

A customer follows only when, on the day, it sits in the place's old grid: a
government-enterprise customer served by another grid than its building stays where
it is. Registered with ``wangge.territory.proposals.register_follower`` by the app.
"""

from __future__ import annotations

from datetime import date

from wangge.customers.models import CustomerGrid
from wangge.org.reorganise import CodedMove


def customers_follow_places(moved: dict[str, tuple[str, str]], day: date) -> list[CodedMove]:
    """The customer moves to add to a plan that moves places ``{place: (old, new)}``."""
    links = (
        CustomerGrid.objects.as_of(day)
        .filter(customer__place__code__in=list(moved))
        .values_list("customer__code", "customer__place__code", "grid__code")
        .order_by("customer__code")
    )
    return [
        CodedMove("customer", customer, moved[place][1])
        for customer, place, grid in links
        if grid == moved[place][0]
    ]
