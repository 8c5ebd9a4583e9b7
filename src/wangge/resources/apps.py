from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class ResourcesConfig(AppConfig):
    name = "wangge.resources"
    label = "resources"
    verbose_name = _("Marketing resources")

    def ready(self) -> None:
        from wangge.base.context import Entry, needs, register_nav
        from wangge.resources.access import may_open_deliveries, may_open_requests

        register_nav(
            Entry("resources:plan", gettext_noop("Resource allocation"),
                  needs("resources.allocate"), order=40),
            Entry("resources:deliveries", gettext_noop("Deliveries"), may_open_deliveries,
                  order=41),
            Entry("resources:loop", gettext_noop("Resource input-output"),
                  needs("resources.evaluate"), order=42),
            Entry("resources:requests", gettext_noop("Resource requests and gaps"),
                  may_open_requests, order=43),
        )  # fmt: skip
