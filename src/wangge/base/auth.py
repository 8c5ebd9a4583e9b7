"""HTTP basic auth for the API, throttled like the log-in form.

DRF's BasicAuthentication already hands the request to ``authenticate``, so django-axes
counts its failures per username and address; this only turns a lock-out into a
429 with the lock-out message and ``Retry-After`` instead of a plain "wrong password", so
a script (or its operator) learns that trying again now is pointless.
"""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.authentication import BasicScheme
from rest_framework import exceptions
from rest_framework.authentication import BasicAuthentication


class ThrottledBasicAuthentication(BasicAuthentication):
    def authenticate_credentials(self, userid, password, request=None):
        try:
            return super().authenticate_credentials(userid, password, request)
        except exceptions.AuthenticationFailed:
            if getattr(request, "axes_locked_out", False):
                raise exceptions.Throttled(
                    wait=settings.AXES_COOLOFF_TIME.total_seconds(),
                    detail=str(settings.AXES_COOLOFF_MESSAGE),
                ) from None
            raise


class ThrottledBasicScheme(BasicScheme):
    """The OpenAPI schema describes it as the HTTP basic auth it is."""

    target_class = ThrottledBasicAuthentication
