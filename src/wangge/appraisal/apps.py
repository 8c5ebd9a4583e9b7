from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class AppraisalConfig(AppConfig):
    name = "wangge.appraisal"
    label = "appraisal"
    verbose_name = _("Targets and appraisal")

    def ready(self) -> None:
        from wangge.appraisal.queries import can_adjust  # the what-if view's own check
        from wangge.base.context import Entry, anyone, register_nav

        register_nav(
            Entry("appraisal:home", gettext_noop("Appraisal"), anyone, order=30),
            Entry("appraisal:home", gettext_noop("Dashboard"), anyone, 1, "appraisal", True),
            Entry("appraisal:targets", gettext_noop("Targets"), anyone, 2, "appraisal"),
            Entry(
                "appraisal:qualitative", gettext_noop("Qualitative scores"), anyone, 3, "appraisal"
            ),
            Entry("appraisal:whatif", gettext_noop("What-if"), can_adjust, 4, "appraisal", True),
            Entry("appraisal:figures", gettext_noop("Rates by period"), anyone, 5, "appraisal"),
        )
