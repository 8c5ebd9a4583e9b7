from django.urls import path
from rest_framework.routers import DefaultRouter

from wangge.appraisal.api.views import (
    CardViewSet,
    FiguresView,
    GridScoresView,
    ItemViewSet,
    RunViewSet,
    TargetViewSet,
)

router = DefaultRouter()
router.register("runs", RunViewSet, basename="appraisal-run")
router.register("cards", CardViewSet, basename="appraisal-card")
router.register("items", ItemViewSet, basename="appraisal-item")
router.register("targets", TargetViewSet, basename="appraisal-target")

urlpatterns = [
    path("figures/", FiguresView.as_view(), name="appraisal-figures"),
    path("grid-scores/", GridScoresView.as_view(), name="appraisal-grid-scores"),
    *router.urls,
]
