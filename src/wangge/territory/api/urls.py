from django.urls import path
from rest_framework.routers import SimpleRouter

from wangge.territory.api.views import (
    ChannelViewSet,
    PlaceViewSet,
    grid_layer,
    point_layer,
    problem_layer,
)

router = SimpleRouter()
router.register("places", PlaceViewSet, basename="place")
router.register("channels", ChannelViewSet, basename="channel")

urlpatterns = [
    path("map/grids/", grid_layer, name="map-grids"),
    path("map/points/", point_layer, name="map-points"),
    path("map/problems/", problem_layer, name="map-problems"),
    *router.urls,
]
