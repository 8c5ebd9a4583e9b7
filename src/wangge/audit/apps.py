from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class AuditConfig(AppConfig):
    name = "wangge.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from wangge.audit.views import may_read_trail  # the trail view's own check
        from wangge.base.context import Entry, register_nav

        register_nav(Entry("audit:home", gettext_noop("Audit trail"), may_read_trail, order=50))
