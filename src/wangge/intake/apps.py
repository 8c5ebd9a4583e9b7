from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "wangge.intake"
    label = "intake"
    verbose_name = _("Data intake")

    def ready(self) -> None:
        from wangge.intake.views import JOB_KIND
        from wangge.jobs.models import JOB_PAGES

        JOB_PAGES[JOB_KIND] = "intake:job"
