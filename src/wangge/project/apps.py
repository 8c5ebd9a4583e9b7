from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectConfig(AppConfig):
    name = "wangge.project"
    label = "project"
    verbose_name = _("Grid marketing management")
