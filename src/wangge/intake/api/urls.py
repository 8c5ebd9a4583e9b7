from django.urls import include, path
from rest_framework.routers import DefaultRouter

from wangge.intake.api import views

router = DefaultRouter()
router.register("runs", views.ImportRunViewSet, basename="intake-run")
router.register("uploads", views.UploadViewSet, basename="intake-upload")

urlpatterns = [path("", include(router.urls))]
