from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class AlertsConfig(AppConfig):
    name = "wangge.alerts"
    label = "alerts"
    verbose_name = _("Early warning")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wangge.alerts.views import may_view_alerts
        from wangge.base.context import Entry, register_nav

        register_nav(Entry("alerts:home", gettext_noop("Risk list"), may_view_alerts, order=27))

        from wangge.alerts import lists

        lists.register()  # the risk list as a name list's source (wangge.work.rankings)
