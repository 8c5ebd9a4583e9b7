"""Places, channels and the map layers (GeoJSON drawn by our own pages)."""

from __future__ import annotations

from django.db.models import Count
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import api_view
from rest_framework.response import Response

from wangge.base.params import as_of_param
from wangge.base.schema import AS_OF, AS_OF_VIEWS
from wangge.org.dated import active_on, today
from wangge.org.models import Unit, UnitKind
from wangge.org.scope import unit_tree
from wangge.territory.api.serializers import ChannelSerializer, PlaceSerializer
from wangge.territory.models import Channel, Place


@AS_OF_VIEWS
class PlaceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PlaceSerializer

    def get_queryset(self):
        return Place.objects.visible_to(self.request.user, as_of_param(self.request))


@AS_OF_VIEWS
class ChannelViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ChannelSerializer

    def get_queryset(self):
        return Channel.objects.visible_to(self.request.user, as_of_param(self.request))


def _feature(geometry, properties) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


@extend_schema(
    parameters=[AS_OF],
    responses=OpenApiTypes.OBJECT,
    summary="Grids as a GeoJSON FeatureCollection",
)
@api_view(["GET"])
def grid_layer(request):
    day = as_of_param(request) or today()
    tree = unit_tree(day)
    names = dict(Unit.objects.exclude(kind=UnitKind.GRID).values_list("id", "name"))
    grids = (
        Unit.objects.visible_to(request.user, day)
        .filter(kind=UnitKind.GRID)
        .annotate(places=Count("place_links", filter=active_on("place_links", day), distinct=True))
    )
    from wangge.territory.shapes import boundaries_on

    grids = list(grids)
    shapes = boundaries_on(grids, day)
    features = []
    for g in grids:
        parent = tree.get(g.id)
        features.append(
            _feature(
                shapes[g.id],
                {
                    "id": g.id,
                    "code": g.code,
                    "name": g.name,
                    "grid_class": g.grid_class,
                    "grid_type": g.grid_type,
                    "urban": g.urban,
                    "parent": names.get(parent, ""),
                    "households": g.households,
                    "population": g.population,
                    "enterprises": g.enterprises,
                    "places": g.places,
                    "lon": g.lon,
                    "lat": g.lat,
                },
            )
        )
    return Response({"type": "FeatureCollection", "features": features})


@extend_schema(
    parameters=[AS_OF],
    responses=OpenApiTypes.OBJECT,
    summary="Places and channels as GeoJSON points",
)
@api_view(["GET"])
def point_layer(request):
    day = as_of_param(request) or today()
    places = Place.objects.visible_to(request.user, day).values(
        "id", "code", "name", "kind", "lon", "lat", "households"
    )
    channels = Channel.objects.visible_to(request.user, day).values(
        "id", "code", "name", "kind", "lon", "lat"
    )
    features = [
        _feature({"type": "Point", "coordinates": [p["lon"], p["lat"]]}, {**p, "layer": "place"})
        for p in places
    ] + [
        _feature({"type": "Point", "coordinates": [c["lon"], c["lat"]]}, {**c, "layer": "channel"})
        for c in channels
    ]
    return Response({"type": "FeatureCollection", "features": features})


@extend_schema(
    parameters=[AS_OF],
    responses=OpenApiTypes.OBJECT,
    summary="Validation problems of the grids in scope (gaps, overlaps, invalid "
    "boundaries, places in no grid or in several) as GeoJSON",
)
@api_view(["GET"])
def problem_layer(request):
    from wangge.territory.checks import grid_problems

    problems = grid_problems(request.user, as_of_param(request))
    features = []
    for p in problems:
        geometry = p.pop("shape")
        if geometry is None and p["lon"] is not None:
            geometry = {"type": "Point", "coordinates": [p["lon"], p["lat"]]}
        features.append(_feature(geometry, p))
    return Response({"type": "FeatureCollection", "features": features})
