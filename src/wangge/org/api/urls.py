from rest_framework.routers import SimpleRouter

from wangge.org.api.views import AssignmentViewSet, PersonViewSet, UnitViewSet

router = SimpleRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("people", PersonViewSet, basename="person")
router.register("assignments", AssignmentViewSet, basename="assignment")

urlpatterns = router.urls
