from django.conf import settings
from django.urls import NoReverseMatch, reverse

from wangge.org.scope import may, role_of

# Navigation: (url name, label msgid, the action it needs; None = any log-in)
NAV = [
    ("home", "Home", None),
    ("map", "Map", None),
    ("customers", "Customers", "customers.view"),
    ("appraisal:home", "Appraisal", None),
    ("pay:home", "Pay", None),
    ("work:home", "My work", "work.handle"),
    ("work:board", "Pipeline board", "work.pipeline"),
    ("audit:home", "Audit trail", "audit.read"),
    ("intake:home", "Data intake", "customers.import"),
]


def _links(user):
    for name, label, action in NAV:
        if action is not None and not may(user, action):
            continue
        try:
            yield name, reverse(name), label
        except NoReverseMatch:  # an area whose pages are not installed
            continue


def _is_here(name: str, here: str) -> bool:
    """A top-level page is lit on itself; an area (``app:home``) on any of its pages."""
    area, _, _ = name.rpartition(":")
    return here == name or (bool(area) and here.startswith(area + ":"))


def shell(request):
    """What every page's frame needs: the viewer's role, person and navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    role = role_of(user)
    match = getattr(request, "resolver_match", None)
    here = match.view_name if match else ""
    return {
        "viewer_role": role,
        "viewer_person": getattr(user, "person", None),
        "nav": [(url, label, _is_here(name, here)) for name, url, label in _links(user)],
        "map_tile_url": settings.WANGGE_MAP_TILE_URL,
        "map_tile_attribution": settings.WANGGE_MAP_TILE_ATTRIBUTION,
    }
