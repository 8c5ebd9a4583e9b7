from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "wangge.web"
    label = "web"
    verbose_name = _("Web shell")

    def ready(self) -> None:
        from django.contrib import admin

        from wangge.web.scoped_admin import check_registry

        # django.contrib.admin, listed first, has imported every admin.py by now
        check_registry(admin.site)
