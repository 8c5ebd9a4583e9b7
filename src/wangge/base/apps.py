from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BaseConfig(AppConfig):
    """What every app shares: the frame, masking, the scoped admin, parameters and forms."""

    name = "wangge.base"
    label = "base"
    verbose_name = _("Shared frame")

    def ready(self) -> None:
        from django.contrib import admin

        from wangge.base.scoped_admin import check_registry

        # django.contrib.admin, listed first, has imported every admin.py by now
        check_registry(admin.site)
