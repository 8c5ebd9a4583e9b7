from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.urls import include, path, register_converter
from django.utils.translation import gettext as _
from django.views import defaults
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.permissions import BasePermission
from rest_framework.routers import DefaultRouter

from wangge.customers.api import CustomerViewSet, SubscriptionViewSet
from wangge.jobs.api import JobViewSet
from wangge.org.api import AssignmentViewSet, PersonViewSet, UnitViewSet
from wangge.org.scope import may
from wangge.territory.api import ChannelViewSet, PlaceViewSet, grid_layer, point_layer
from wangge.web import views
from wangge.web.params import MonthConverter

register_converter(MonthConverter, "month")


class MayReadApiDocs(BasePermission):
    """The schema maps every endpoint and field: a reconnaissance aid, so only the roles
    that build on the API read it (action ``api.docs``)."""

    def has_permission(self, request, view) -> bool:
        return may(request.user, "api.docs")


def not_found(request, exception=None):
    """An API client reads JSON even for a path that matches no route (``/cards/abc/``),
    as the schema says (``{"detail": ...}``); pages keep the HTML page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def bad_request(request, exception=None):
    """A request Django refuses before any view (a forged ``Host``) is a JSON 400 on the
    API, like every other refusal there."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Bad request.")}, status=400)
    return defaults.bad_request(request, exception)


handler400 = bad_request
handler404 = not_found

docs_only = {"permission_classes": [MayReadApiDocs]}

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("people", PersonViewSet, basename="person")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("places", PlaceViewSet, basename="place")
router.register("channels", ChannelViewSet, basename="channel")
router.register("customers", CustomerViewSet, basename="customer")
router.register("subscriptions", SubscriptionViewSet, basename="subscription")
router.register("jobs", JobViewSet, basename="job")

api_patterns = [
    path("map/grids/", grid_layer, name="map-grids"),
    path("map/points/", point_layer, name="map-points"),
    path("me/", views.me, name="me"),
    path("schema/", SpectacularAPIView.as_view(**docs_only), name="schema"),
    # The split view serves its start-up script as a file: no inline script (the CSP).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", **docs_only),
        name="api-docs",
    ),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema", **docs_only), name="api-redoc"),
    path("appraisal/", include("wangge.appraisal.api_urls")),
    path("pay/", include("wangge.pay.api_urls")),
    path("work/", include("wangge.work.api.urls")),
    path("", include(router.urls)),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("map/", views.city_map, name="map"),
    path("customers/", views.customer_list, name="customers"),
    path("customers/<int:pk>/", views.customer_detail, name="customer"),
    path("customers/export/", views.customer_export, name="customer-export"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("jobs/<int:pk>/download/", views.job_download, name="job-download"),
    path("appraisal/", include("wangge.appraisal.urls")),
    path("pay/", include("wangge.pay.urls")),
    path("audit/", include("wangge.audit.urls")),
    path("intake/", include("wangge.intake.urls")),
    path("work/", include("wangge.work.urls")),
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include(api_patterns)),
]
