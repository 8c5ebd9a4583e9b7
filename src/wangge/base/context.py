"""What every page's frame needs: the viewer, and the navigation they may follow.

Each navigation entry names the *same* check its view makes before it answers (an
action asked through ``may``, or the app's access helper built on it), so the menu
never offers a page that answers 403 or 404: a grid manager sees no what-if tab, the
front line no API documentation. Apps register their entries in ``ready()``
(``register_nav``); ``tests/project/test_navigation.py`` follows every entry as every
demo role and expects a 200, and opens every entry not shown and expects no 200.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from wangge.base.access import may, role_of


def needs(action: str) -> Callable[[object], bool]:
    """The check of a page that asks one action: ``may(user, action)``."""

    def check(user) -> bool:
        return may(user, action)

    check.__doc__ = f"may(user, {action!r})"
    return check


def anyone(user) -> bool:
    """A page every signed-in person may open (it shows them what their scope holds)."""
    return True


@dataclass(frozen=True)
class Entry:
    """One link of the frame: the URL name, its label (an English msgid), the check its
    view makes, and its place (``order``, smallest first). ``area`` makes it one of the
    tabs an app shows on its own pages (``appraisal``) instead of a main entry;
    ``keeps_month`` passes the page's month on to the tab."""

    name: str
    label: str
    may_open: Callable[[object], bool]
    order: int = 100
    area: str = ""
    keeps_month: bool = False


#: The main navigation and the areas' tabs, as the apps register them in ``ready()``
#: (base imports no app: each app names its pages and their checks).
NAV: list[Entry] = []
TABS: list[Entry] = []


def register_nav(*entries: Entry) -> None:
    """Add pages to the frame's navigation (main entries, or tabs when ``area`` is set);
    registering the same URL name again replaces it."""
    for entry in entries:
        where = TABS if entry.area else NAV
        where[:] = [e for e in where if (e.name, e.area) != (entry.name, entry.area)]
        where.append(entry)
        where.sort(key=lambda e: e.order)


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
