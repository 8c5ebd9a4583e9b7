"""The validation problems of the drawn grids a person sees, for the map page.

The grids' boundaries (WGS-84 GeoJSON) and the places' points go to
``core.territory.validate.check_lonlat``: gaps and overlaps within each center,
invalid polygons, places inside no grid or inside several. Each problem comes back
worded in the reader's language, with where it is and, for a gap or an overlap, its
shape to draw.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from wangge.core.formatting import count
from wangge.org.dated import today
from wangge.org.models import Unit, UnitKind
from wangge.org.scope import unit_tree
from wangge.territory.models import Place

#: GEOS' reasons for an invalid polygon, as a person reads them
REASONS = {
    "Self-intersection": N_("it crosses itself"),
    "Ring Self-intersection": N_("it crosses itself"),
    "Too few points": N_("it has too few points"),
    "Hole lies outside shell": N_("a hole lies outside it"),
    "Nested shells": N_("one part lies inside another"),
    "Interior is disconnected": N_("a hole cuts it in two"),
}
TITLES = {
    "gap": N_("gap between grids"),
    "overlap": N_("grids overlap"),
    "invalid": N_("invalid boundary"),
    "place_outside": N_("place in no grid"),
    "place_in_several": N_("place in several grids"),
}


def _shape(boundary):
    import shapely.geometry

    try:
        geom = shapely.geometry.shape(boundary)
    except (AttributeError, KeyError, TypeError, ValueError, IndexError):
        return None
    return geom if geom.geom_type in ("Polygon", "MultiPolygon") and not geom.is_empty else None


def _reason(text: str) -> str:
    head = text.split("[", 1)[0].strip()
    return _(REASONS[head]) if head in REASONS else head


def worded(p) -> str:
    """One problem in the reader's language."""
    area = count(round(p.area_m2))
    if p.kind == "overlap":
        return _("%(first)s and %(second)s overlap by %(area)s m²") % {
            "first": p.features[0], "second": p.features[1], "area": area,
        }  # fmt: skip
    if p.kind == "gap":
        return _("A gap of %(area)s m² between the grids of %(center)s") % {
            "area": area, "center": p.features[0],
        }  # fmt: skip
    if p.kind == "invalid":
        return _("The boundary of %(grid)s is not a valid polygon: %(reason)s") % {
            "grid": p.features[0], "reason": _reason(p.detail),
        }  # fmt: skip
    if p.kind == "place_outside":
        return _("%(place)s lies inside no grid") % {"place": p.features[0]}
    return _("%(place)s lies inside several grids: %(grids)s") % {
        "place": p.features[0], "grids": _(", ").join(p.features[1:]),
    }  # fmt: skip


def grid_problems(user, day: date | None = None) -> list[dict]:
    """The problems of the grids ``user`` sees as they stood on ``day``: kind, title and
    text in the reader's language, lon/lat, and the gap's or overlap's GeoJSON shape."""
    import shapely.geometry

    from wangge.core.territory.validate import check_lonlat

    day = day or today()
    tree = unit_tree(day)
    names = dict(Unit.objects.exclude(kind=UnitKind.GRID).values_list("id", "name"))
    from wangge.territory.shapes import boundaries_on

    grids, grid_names, centers, broken = [], [], [], []
    seen = list(Unit.objects.visible_to(user, day).filter(kind=UnitKind.GRID).order_by("code"))
    drawn = boundaries_on(seen, day)
    for g in seen:
        if drawn[g.id] is None:
            continue
        shape = _shape(drawn[g.id])
        if shape is None:
            broken.append(g.name)
            continue
        grids.append(shape)
        grid_names.append(g.name)
        centers.append(names.get(tree.get(g.id), ""))
    places = list(Place.objects.visible_to(user, day).values_list("name", "lon", "lat"))
    found = check_lonlat(grids, grid_names, centers, [(lon, lat) for _n, lon, lat in places],
                         [n for n, _lon, _lat in places])  # fmt: skip
    out = [
        {
            "kind": "invalid",
            "title": _(TITLES["invalid"]),
            "grids": [name],
            "text": _("The boundary of %(grid)s is not a polygon") % {"grid": name},
            "lon": None,
            "lat": None,
            "shape": None,
        }
        for name in broken
    ]
    for p in found:
        out.append(
            {
                "kind": p.kind,
                "title": _(TITLES[p.kind]),
                "text": worded(p),
                "grids": list(p.features[1:] if p.kind.startswith("place") else p.features),
                "lon": round(p.x, 7),
                "lat": round(p.y, 7),
                "shape": shapely.geometry.mapping(p.shape) if p.shape is not None else None,
            }
        )
    return out
