from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkConfig(AppConfig):
    name = "wangge.work"
    label = "work"
    verbose_name = _("Front-line work")
