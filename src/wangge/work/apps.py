from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class WorkConfig(AppConfig):
    name = "wangge.work"
    label = "work"
    verbose_name = _("Front-line work")

    def ready(self) -> None:
        from wangge.base.context import Entry, needs, register_nav

        register_nav(
            Entry("work:home", gettext_noop("My work"), needs("work.handle"), order=25),
            Entry("work:board", gettext_noop("Pipeline board"), needs("work.pipeline"), order=26),
        )
