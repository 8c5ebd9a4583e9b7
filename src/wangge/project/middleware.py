"""The page language: Simplified Chinese unless the person chose otherwise.

Django's ``LocaleMiddleware`` follows the browser's ``Accept-Language``; the company's
pages are Chinese whatever the browser says. The language is, in order: the signed-in
person's choice kept on their profile (``org.Preference``, written by the language
switch), the choice made before log-in on this browser (Django's language cookie),
then ``LANGUAGE_CODE``. Reading only: a GET writes nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import check_for_language


def preferred_language(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from wangge.org.models import Preference

        chosen = Preference.objects.filter(user=user).values_list("language", flat=True).first()
        if chosen and check_for_language(chosen):
            return translation.get_supported_language_variant(chosen)
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie:
        try:
            return translation.get_supported_language_variant(cookie)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


class PreferredLanguage:
    """In place of ``LocaleMiddleware``, after ``AuthenticationMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = preferred_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
