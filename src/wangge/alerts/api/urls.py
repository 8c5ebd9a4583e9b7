from django.urls import include, path
from rest_framework.routers import DefaultRouter

from wangge.alerts.api import views

router = DefaultRouter()
router.register("", views.AlertViewSet, basename="alert")

urlpatterns = [path("", include(router.urls))]
