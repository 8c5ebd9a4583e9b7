from django.conf import settings

from wangge.org.scope import role_of

# Navigation by role: (url name, label msgid, roles that see it; None = everyone)
NAV = [
    ("home", "Home", None),
    ("map", "Map", None),
    ("customers", "Customers", {"marketing", "center_director", "grid_manager", "frontline", "auditor", None}),
]


def shell(request):
    """What every page's frame needs: the viewer's role, person and navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    role = role_of(user)
    person = getattr(user, "person", None)
    return {
        "viewer_role": role,
        "viewer_person": person,
        "nav": [(name, label) for name, label, roles in NAV if roles is None or role in roles],
        "map_tile_url": settings.WANGGE_MAP_TILE_URL,
        "map_tile_attribution": settings.WANGGE_MAP_TILE_ATTRIBUTION,
    }
