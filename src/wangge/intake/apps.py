from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class IntakeConfig(AppConfig):
    name = "wangge.intake"
    label = "intake"
    verbose_name = _("Data intake")

    def ready(self) -> None:
        from wangge.intake.views import JOB_KIND
        from wangge.jobs.models import JOB_PAGES

        JOB_PAGES[JOB_KIND] = "intake:job"

        from wangge.base.context import Entry, register_nav
        from wangge.intake.views import may_import  # the upload pages' own check

        register_nav(Entry("intake:home", gettext_noop("Data intake"), may_import, order=60))
