"""What every page's frame needs: the viewer, and the navigation they may follow.

Each navigation entry names the *same* check its view makes before it answers (an
action asked through ``wangge.org.scope.may``, or the app's access helper built on it),
so the menu never offers a page that answers 403 or 404: a grid manager sees no
what-if tab, the front line no API documentation. ``tests/web/test_navigation.py``
follows every entry as every demo role and expects a 200.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_noop

from wangge.org.scope import may, role_of


def _action(name: str) -> Callable[[object], bool]:
    def check(user) -> bool:
        return may(user, name)

    check.__doc__ = f"may(user, {name!r})"
    return check


def _anyone(user) -> bool:
    return True


def _appraisal_adjust(user) -> bool:
    from wangge.appraisal.queries import can_adjust  # the what-if view's own check

    return can_adjust(user)


def _customers(user) -> bool:
    from wangge.web.views import may_view_customers  # the customer pages' own check

    return may_view_customers(user)


def _audit_trail(user) -> bool:
    from wangge.audit.views import may_read_trail  # the trail view's own check

    return may_read_trail(user)


def _staff(user) -> bool:
    return bool(user.is_staff)  # Django's admin lets in staff, then scopes every row


@dataclass(frozen=True)
class Entry:
    """One link of the frame: the URL name, its label (an English msgid) and the check
    its view makes. ``area`` groups an app's own tabs (``appraisal``) under its entry;
    ``keeps_month`` passes the page's month on to the tab."""

    name: str
    label: str
    may_open: Callable[[object], bool]
    area: str = ""
    keeps_month: bool = False


# The main navigation, in the order shown.
NAV: list[Entry] = [
    Entry("home", gettext_noop("Home"), _anyone),
    Entry("map", gettext_noop("Map"), _anyone),
    Entry("customers", gettext_noop("Customers"), _customers),
    Entry("appraisal:home", gettext_noop("Appraisal"), _anyone),
    Entry("pay:home", gettext_noop("Pay"), _anyone),
    Entry("audit:home", gettext_noop("Audit trail"), _audit_trail),
    Entry("intake:home", gettext_noop("Data intake"), _action("customers.import")),
    Entry("admin:index", gettext_noop("Admin"), _staff),
    Entry("api-docs", gettext_noop("API"), _action("api.docs")),
]

# The tabs an area shows on its own pages (``{% include "appraisal/_nav.html" %}``).
TABS: list[Entry] = [
    Entry("appraisal:home", gettext_noop("Dashboard"), _anyone, "appraisal", True),
    Entry("appraisal:targets", gettext_noop("Targets"), _anyone, "appraisal"),
    Entry("appraisal:qualitative", gettext_noop("Qualitative scores"), _anyone, "appraisal"),
    Entry("appraisal:whatif", gettext_noop("What-if"), _appraisal_adjust, "appraisal", True),
    Entry("appraisal:figures", gettext_noop("Rates by period"), _anyone, "appraisal"),
]


def _links(user, entries: list[Entry]):
    for entry in entries:
        if not entry.may_open(user):
            continue
        try:
            yield entry, reverse(entry.name)
        except NoReverseMatch:  # an area whose pages are not installed
            continue


def _is_here(name: str, here: str) -> bool:
    """A top-level page is lit on itself; an area (``app:home``) on any of its pages."""
    area, _, _ = name.rpartition(":")
    return here == name or (bool(area) and here.startswith(area + ":"))


def nav_for(user, here: str = "") -> list[dict]:
    """The main navigation ``user`` may follow: url, label msgid and whether it is lit."""
    return [
        {"url": url, "label": e.label, "on": _is_here(e.name, here), "name": e.name}
        for e, url in _links(user, NAV)
    ]


def tabs_for(user, here: str = "") -> dict[str, list[dict]]:
    """Each area's tabs ``user`` may follow, by area."""
    out: dict[str, list[dict]] = {}
    for e, url in _links(user, TABS):
        out.setdefault(e.area, []).append(
            {
                "url": url,
                "label": e.label,
                "on": here == e.name,
                "name": e.name,
                "keeps_month": e.keeps_month,
            }
        )
    return out


def shell(request):
    """What every page's frame needs: the viewer's role, person and navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    here = match.view_name if match else ""
    return {
        "viewer_role": role_of(user),
        "viewer_person": getattr(user, "person", None),
        "nav": nav_for(user, here),
        "tabs": tabs_for(user, here),
        "map_tile_url": settings.WANGGE_MAP_TILE_URL,
        "map_tile_attribution": settings.WANGGE_MAP_TILE_ATTRIBUTION,
    }
