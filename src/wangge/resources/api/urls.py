from django.urls import include, path
from rest_framework.routers import DefaultRouter

from wangge.resources.api import views

router = DefaultRouter()
router.register("plans", views.PlanViewSet, basename="resources-plan")
router.register("lines", views.PlanLineViewSet, basename="resources-line")
router.register("deliveries", views.DeliveryViewSet, basename="resources-delivery")
router.register("requests", views.RequestViewSet, basename="resources-request")

urlpatterns = [
    path("evaluation/", views.EvaluationView.as_view(), name="resources-evaluation"),
    path("gaps/", views.GapsView.as_view(), name="resources-gaps"),
    path("", include(router.urls)),
]
