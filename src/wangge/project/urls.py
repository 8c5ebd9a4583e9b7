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

from wangge.base.params import MonthConverter
from wangge.org.scope import may
from wangge.project import views

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
    return views.page_not_found(request, exception)


def bad_request(request, exception=None):
    """A request Django refuses before any view (a forged ``Host``) is a JSON 400 on the
    API, like every other refusal there."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Bad request.")}, status=400)
    return defaults.bad_request(request, exception)


handler400 = bad_request
handler403 = views.permission_denied
handler404 = not_found
handler500 = views.server_error

docs_only = {"permission_classes": [MayReadApiDocs]}

api_patterns = [
    path("me/", views.me, name="me"),
    path("schema/", SpectacularAPIView.as_view(**docs_only), name="schema"),
    # The split view serves its start-up script as a file: no inline script (the CSP).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", **docs_only),
        name="api-docs",
    ),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema", **docs_only), name="api-redoc"),
    path("appraisal/", include("wangge.appraisal.api.urls")),
    path("pay/", include("wangge.pay.api.urls")),
    path("notices/", include("wangge.notices.api.urls")),
    path("work/", include("wangge.work.api.urls")),
    path("alerts/", include("wangge.alerts.api.urls")),
    path("resources/", include("wangge.resources.api.urls")),
    path("people/", include("wangge.people.api.urls")),
    path("intake/", include("wangge.intake.api.urls")),
    path("", include("wangge.org.api.urls")),
    path("", include("wangge.territory.api.urls")),
    path("", include("wangge.customers.api.urls")),
    path("", include("wangge.jobs.api.urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("map/", include("wangge.territory.urls")),
    path("customers/", include("wangge.customers.urls")),
    path("jobs/", include("wangge.jobs.urls")),
    path("appraisal/", include("wangge.appraisal.urls")),
    path("pay/", include("wangge.pay.urls")),
    path("audit/", include("wangge.audit.urls")),
    path("intake/", include("wangge.intake.urls")),
    path("notices/", include("wangge.notices.urls")),
    path("work/", include("wangge.work.urls")),
    path("alerts/", include("wangge.alerts.urls")),
    path("resources/", include("wangge.resources.urls")),
    path("people/", include("wangge.people.urls")),
    path("login/", auth_views.LoginView.as_view(template_name="base/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Django's language switch, keeping a signed-in person's choice on their profile
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/", include(api_patterns)),
]
