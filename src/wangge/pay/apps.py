from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class PayConfig(AppConfig):
    name = "wangge.pay"
    label = "pay"
    verbose_name = _("Pay")

    def ready(self) -> None:
        from wangge.base.context import Entry, anyone, register_nav

        # the pay home answers everyone: one's payslip, one's units, the city's pools
        register_nav(Entry("pay:home", gettext_noop("Pay"), anyone, order=40))
